import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import type { z } from 'zod'
import {
  lengthChoices,
  lengthLabel,
  TopicProposalFormSchema,
  type TopicProposalFormValues,
} from '~/models/topics/page-forms'
import { CORE_PROJECTS, TOPIC_KIND_LABELS, TOPIC_KINDS } from '~/models/topics/topic-schema'
import { CheckboxField, ChoiceGroupField, ErrorList, InputField, SelectField, TextareaField } from '../forms'
import { MarkdownField } from '../markdown-field'

/** The errors of a list field's items ("projects[2]", "leads[0].name"), which its own field does not show. */
function itemErrors(meta: FieldMetadata<unknown>): string[] {
  return Object.entries(meta.allErrors)
    .filter(([key]) => key !== meta.name)
    .flatMap(([, errors]) => errors)
}

/**
 * A topic proposal, new or edited: the shared TopicProposalSchema (through the form's mapping of its project
 * and lead fields), checked in the browser as on the server, with the errors by each field.
 */
export function TopicForm({
  defaultValue,
  lastResult,
  submitLabel,
  cancelHref,
}: {
  defaultValue?: Partial<TopicProposalFormValues>
  lastResult?: SubmissionResult<string[]> | null
  submitLabel: string
  cancelHref: string
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm<TopicProposalFormValues, z.output<typeof TopicProposalFormSchema>>({
    id: 'topic-form',
    defaultValue,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TopicProposalFormSchema }),
  })
  const current = defaultValue?.wantedMinutes ? Number(defaultValue.wantedMinutes) : undefined
  const projectErrors = itemErrors(fields.projects)
  const leadErrors = itemErrors(fields.leads)
  return (
    <Form method="post" {...getFormProps(form)} className="event-form topic-form">
      <AuthenticityTokenInput />
      <ErrorList errors={form.errors} />
      <fieldset className="card stack">
        <legend>The topic</legend>
        <InputField meta={fields.title} label="Title" hint="What would you work on or talk about?" />
        <MarkdownField>
          <TextareaField
            meta={fields.description}
            label="Description"
            hint="Markdown. What is the problem, what should come out of it, who should be in the room?"
            rows={8}
          />
        </MarkdownField>
        <ChoiceGroupField
          meta={fields.kind}
          legend="Kind of session"
          type="radio"
          options={TOPIC_KINDS.map((k) => ({ value: k, label: TOPIC_KIND_LABELS[k] }))}
        />
        <SelectField
          meta={fields.wantedMinutes}
          label="Length wanted"
          hint="The organizers may give it more or less time on the agenda."
          placeholder="Choose a length"
          options={lengthChoices(current).map((m) => ({ value: String(m), label: lengthLabel(m) }))}
        />
      </fieldset>
      <fieldset className="card stack">
        <legend>Projects</legend>
        <ChoiceGroupField
          meta={fields.projects}
          legend="Related core projects"
          type="checkbox"
          columns
          options={CORE_PROJECTS.map((p) => ({ value: p, label: p }))}
        />
        <InputField meta={fields.otherProjects} label="Other projects" hint="Separate several with commas." />
        <ErrorList errors={projectErrors} />
      </fieldset>
      <fieldset className="card stack">
        <legend>Who leads it</legend>
        <CheckboxField meta={fields.iLead} label="I will lead this" />
        <InputField
          meta={fields.leadProject}
          label="Your project"
          hint="Shown beside your name as a lead, if you lead it. Optional."
        />
        <CheckboxField
          meta={fields.iModerate}
          label="I will moderate"
          hint="Moderators keep the discussion on track and its notes taken; you are listed among the leads."
        />
        <TextareaField
          meta={fields.leads}
          label="Other leads"
          hint="One per line: Name, Project (the project is optional)."
          rows={3}
        />
        <ErrorList errors={leadErrors} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {submitLabel}
        </button>{' '}
        <Link to={cancelHref}>Cancel</Link>
      </div>
    </Form>
  )
}
