import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import type { z } from 'zod'
import { TopicSettingsSchema } from '~/models/topics/topic-schema'
import { CheckboxField, ChoiceGroupField, ErrorList, InputField } from '../forms'

type Fields = z.input<typeof TopicSettingsSchema>

/** The form's values: times as wall-clock text in the event's zone, checkboxes as conform reads them. */
export type TopicSettingsDefaults = {
  enabled: boolean
  proposalsOpenAt: string
  proposalsCloseAt: string
  votingCloseAt: string
  participation: 'registrants' | 'anyone'
  moderation: 'pre' | 'post'
  countsVisible: boolean
}

export function TopicSettingsForm({
  timeZone,
  defaultValue,
  lastResult,
}: {
  timeZone: string
  defaultValue: TopicSettingsDefaults
  lastResult?: SubmissionResult<string[]> | null
}) {
  const navigation = useNavigation()
  const [form, fields] = useForm<Fields, z.output<typeof TopicSettingsSchema>>({
    id: 'topic-settings',
    defaultValue,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TopicSettingsSchema }),
  })
  const zone = timeZone.replaceAll('_', ' ')
  return (
    <Form method="post" {...getFormProps(form)} className="event-form">
      <AuthenticityTokenInput />
      <ErrorList errors={form.errors} />
      <fieldset className="card stack">
        <legend>Topics</legend>
        <CheckboxField
          meta={fields.enabled}
          label="Collect topics for this event"
          hint="Turned off, the topic pages are gone for visitors; the topics are kept for when you turn it on again."
        />
        <ChoiceGroupField
          meta={fields.participation}
          legend="Who may propose and vote"
          type="radio"
          options={[
            { value: 'registrants', label: 'Confirmed registrants, through the personal link in their registration email' },
            { value: 'anyone', label: 'Anyone with the event’s link (they give their name first)' },
          ]}
        />
        <ChoiceGroupField
          meta={fields.moderation}
          legend="When proposals are reviewed"
          type="radio"
          options={[
            { value: 'pre', label: 'Before they are shown: new proposals wait for an organizer to approve them' },
            { value: 'post', label: 'After: proposals are shown at once; you decline or merge them later' },
          ]}
        />
        <CheckboxField
          meta={fields.countsVisible}
          label="Show vote counts while voting is open"
          hint="Otherwise counts stay hidden until voting closes, so early votes do not steer later ones. You always see them here."
        />
      </fieldset>
      <fieldset className="card stack">
        <legend>Phases</legend>
        <p className="field-hint">
          Wall-clock times in {zone}. Leave a field empty for no limit: proposals open now, and voting closes with
          proposals.
        </p>
        <div className="field-row">
          <InputField meta={fields.proposalsOpenAt} label="Proposals open" type="datetime-local" />
          <InputField meta={fields.proposalsCloseAt} label="Proposals close" type="datetime-local" />
        </div>
        <InputField
          meta={fields.votingCloseAt}
          label="Voting closes"
          type="datetime-local"
          hint="Voting opens with proposals."
        />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          Save topic settings
        </button>
      </div>
    </Form>
  )
}
