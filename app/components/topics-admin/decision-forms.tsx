import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { TopicDecisionSchema, type TopicDecision } from '~/models/topics/topic-schema'
import { CheckboxField, ErrorList, InputField, SelectField, TextareaField } from '../forms'

// The organizers' decisions on one topic, each a form posting TopicDecisionSchema (its `action` field) to the
// topic's admin page. The schedule form asks for a day and a time apart; combineStartsAt joins them into the
// schema's one `startsAt` before validation, in the browser and on the server alike.

type DecisionFields = {
  action: string
  message?: string
  intoTopicId?: string
  day?: string
  time?: string
  startsAt?: string
  minutes?: string
  room?: string
  publish?: boolean
}

/**
 * The schedule form's day ("YYYY-MM-DD") and time ("HH:MM") as the schema's wall time "YYYY-MM-DDTHH:MM", unless
 * a `startsAt` was sent itself. A missing half leaves `startsAt` empty, which the schema refuses by that field.
 */
export function combineStartsAt(formData: FormData): FormData {
  const sent = formData.get('startsAt')
  if (typeof sent === 'string' && sent.trim()) return formData
  const day = formData.get('day')
  const time = formData.get('time')
  if (day === null && time === null) return formData
  const both = typeof day === 'string' && day && typeof time === 'string' && time
  formData.set('startsAt', both ? `${day}T${time}` : '')
  return formData
}

function useDecisionForm(id: string, lastResult: SubmissionResult<string[]> | null | undefined, defaultValue?: DecisionFields) {
  return useForm<DecisionFields, TopicDecision>({
    id,
    lastResult,
    defaultValue,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(combineStartsAt(formData), { schema: TopicDecisionSchema }),
  })
}

/** Where a decision made from the review list sends the organizer back to (the topic's page otherwise). */
export function ReturnToList({ status }: { status?: string }) {
  return (
    <>
      <input type="hidden" name="returnTo" value="list" />
      {status ? <input type="hidden" name="listStatus" value={status} /> : null}
    </>
  )
}

/** A decision with nothing to ask: approve, reopen, or accept from the list. */
export function QuickDecision({
  action,
  formAction,
  label,
  hiddenLabel,
  secondary,
  children,
}: {
  action: 'approve' | 'accept' | 'reopen'
  /** The topic page to post to, when the form is not on it. */
  formAction?: string
  label: string
  /** Tells the buttons of a list apart for screen readers (the topic's title). */
  hiddenLabel?: string
  secondary?: boolean
  children?: ReactNode
}) {
  return (
    <Form method="post" action={formAction} className="inline-form">
      <AuthenticityTokenInput />
      <input type="hidden" name="action" value={action} />
      {children}
      <button type="submit" className={`button button--small ${secondary ? 'button--secondary' : ''}`}>
        {label}
        {hiddenLabel ? <span className="visually-hidden"> {hiddenLabel}</span> : null}
      </button>
    </Form>
  )
}

/** Accept or decline, with a message that goes into the email to the proposer. */
export function MessageDecisionForm({
  action,
  lastResult,
  proposerEmailed,
}: {
  action: 'accept' | 'decline'
  lastResult?: SubmissionResult<string[]> | null
  /** Whether the proposer left an address, so the decision reaches them. */
  proposerEmailed: boolean
}) {
  const [form, fields] = useDecisionForm(`decision-${action}`, lastResult)
  const navigation = useNavigation()
  const accept = action === 'accept'
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="action" value={action} />
      <TextareaField
        meta={fields.message}
        label={accept ? 'Message to the proposer (optional)' : 'Message to the proposer'}
        hint={
          proposerEmailed
            ? accept
              ? 'Emailed to the proposer with the news, and shown to them on the topic’s page.'
              : 'Emailed to the proposer: say why, and where else the topic could go.'
            : 'The proposer left no email address: they see it on the topic’s page only.'
        }
        rows={4}
      />
      <div>
        <button
          type="submit"
          className={`button ${accept ? '' : 'button--danger'}`}
          disabled={navigation.state === 'submitting'}
        >
          {accept ? 'Accept topic' : 'Decline topic'}
        </button>
      </div>
    </Form>
  )
}

export type MergeCandidate = { id: number; title: string; statusLabel: string; votes: number }

/** Merges this topic, a duplicate, into another of the event's. */
export function MergeForm({
  candidates,
  lastResult,
}: {
  candidates: MergeCandidate[]
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useDecisionForm('decision-merge', lastResult)
  const navigation = useNavigation()
  if (!candidates.length) return <p className="muted">There is no other open, accepted or declined topic to merge into.</p>
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="action" value="merge" />
      <SelectField
        meta={fields.intoTopicId}
        label="Merge into"
        hint="The votes for this topic move to the one you choose; someone who voted for both keeps a single vote. This topic then points to that one and takes no more votes."
        placeholder="Choose a topic…"
        options={candidates.map((c) => ({
          value: String(c.id),
          label: `${c.title} (${c.statusLabel}, ${c.votes} ${c.votes === 1 ? 'vote' : 'votes'})`,
        }))}
      />
      <div>
        <button type="submit" className="button button--secondary" disabled={navigation.state === 'submitting'}>
          Merge topic
        </button>
      </div>
    </Form>
  )
}

export type ScheduleDefaults = { day: string; time: string; minutes: string; room: string }

/** Day, time, length and room of the topic's session; creates the session, or moves the one it has. */
export function ScheduleForm({
  timeZone,
  days,
  rooms,
  defaults,
  wantedMinutes,
  rescheduling,
  lastResult,
}: {
  timeZone: string
  days: { value: string; label: string }[]
  rooms: string[]
  defaults: ScheduleDefaults
  wantedMinutes: number
  rescheduling: boolean
  lastResult?: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useDecisionForm('decision-schedule', lastResult, { action: 'schedule', ...defaults })
  const navigation = useNavigation()
  const startErrors = fields.startsAt.errors
  const invalid = startErrors?.length ? true : undefined
  const describedBy = [`${form.id}-zone`, invalid ? fields.startsAt.errorId : null].filter(Boolean).join(' ')
  const { key: dayKey, ...dayProps } = getSelectProps(fields.day, { ariaAttributes: false })
  const { key: timeKey, ...timeProps } = getInputProps(fields.time, { type: 'time', ariaAttributes: false })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="action" value="schedule" />
      <p id={`${form.id}-zone`} className="field-hint">
        Times are wall-clock times in {timeZone.replaceAll('_', ' ')}.
      </p>
      <div className="field-row">
        <div className={`field ${invalid ? 'field--invalid' : ''}`}>
          <label htmlFor={fields.day.id}>Day</label>
          <select key={dayKey} {...dayProps} aria-invalid={invalid} aria-describedby={describedBy}>
            {days.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className={`field ${invalid ? 'field--invalid' : ''}`}>
          <label htmlFor={fields.time.id}>Starts at</label>
          <input key={timeKey} {...timeProps} step={300} aria-invalid={invalid} aria-describedby={describedBy} />
        </div>
      </div>
      <ErrorList id={fields.startsAt.errorId} errors={startErrors} />
      <div className="field-row">
        <InputField
          meta={fields.minutes}
          label="Length in minutes"
          type="number"
          min={5}
          max={720}
          step={5}
          hint={`The proposal asked for ${wantedMinutes}.`}
        />
        <InputField meta={fields.room} label="Room" list="topic-rooms" hint="A room the agenda uses, or a new one." />
      </div>
      <datalist id="topic-rooms">
        {rooms.map((room) => (
          <option key={room} value={room} />
        ))}
      </datalist>
      <CheckboxField
        meta={fields.publish}
        label="Publish the agenda now"
        hint="Publishes every change waiting in the working agenda, not only this session, and without the Agenda page’s check for conflicts. Leave it to publish from the Agenda page later."
      />
      <div>
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {rescheduling ? 'Move session' : 'Put on the agenda'}
        </button>
      </div>
    </Form>
  )
}
