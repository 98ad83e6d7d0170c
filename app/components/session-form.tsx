import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import type { z } from 'zod'
import { SESSION_KIND_LABELS, SESSION_KINDS, sessionInputSchema } from '~/models/agenda/session-schema'
import { ErrorList, InputField, SelectField, TextareaField } from './forms'
import { MarkdownField } from './markdown-field'

type Fields = z.input<ReturnType<typeof sessionInputSchema>>

export function SessionForm({
  timeZone,
  defaultValue,
  lastResult,
  submitLabel,
}: {
  timeZone: string
  defaultValue?: Partial<Record<keyof Fields, string>>
  lastResult?: SubmissionResult<string[]> | null
  submitLabel: string
}) {
  const schema = useMemo(() => sessionInputSchema(timeZone), [timeZone])
  const navigation = useNavigation()
  const [form, fields] = useForm<Fields, z.output<ReturnType<typeof sessionInputSchema>>>({
    id: 'session-form',
    defaultValue,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="event-form">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="save" />
      <ErrorList errors={form.errors} />
      <fieldset className="card stack">
        <legend>Session</legend>
        <InputField meta={fields.title} label="Title" />
        <SelectField
          meta={fields.kind}
          label="Kind"
          options={SESSION_KINDS.map((k) => ({ value: k, label: SESSION_KIND_LABELS[k] }))}
        />
        <MarkdownField>
          <TextareaField meta={fields.abstract} label="Abstract" hint="Markdown." rows={5} />
        </MarkdownField>
        <TextareaField
          meta={fields.speakers as never}
          label="Speakers"
          hint="One per line: Name, Affiliation, https://link (affiliation and link optional). They need not be registered."
          rows={3}
        />
      </fieldset>
      <fieldset className="card stack">
        <legend>When and where</legend>
        <p className="field-hint">Times are wall-clock times in {timeZone.replaceAll('_', ' ')}.</p>
        <div className="field-row">
          <InputField meta={fields.startsAt} label="Starts" type="datetime-local" />
          <InputField meta={fields.endsAt} label="Ends" type="datetime-local" />
        </div>
        <div className="field-row">
          <InputField meta={fields.room} label="Room" />
          <InputField meta={fields.track} label="Track" />
        </div>
        <div className="field-row">
          <InputField meta={fields.capacity} label="Session capacity" type="number" min={1} hint="Optional." />
          <InputField meta={fields.tags as never} label="Tags" hint="Separate with commas." />
        </div>
        <SelectField
          meta={fields.status}
          label="Status"
          options={[
            { value: 'scheduled', label: 'Scheduled' },
            { value: 'cancelled', label: 'Cancelled (stays in feeds, marked cancelled)' },
          ]}
        />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
