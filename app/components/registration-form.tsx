import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import type { AttendanceMode, LocationKind } from '#db/schema'
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_MODES,
  KNOWN_PROJECTS,
  questionKey,
  registrationChangeSchema,
  registrationSchema,
  ROLE_LABELS,
  ROLES,
  type QuestionDefinition,
  type RegistrationChange,
  type RegistrationInput,
} from '~/models/registration/schema'
import { CheckboxField, ChoiceGroupField, ErrorList, InputField, SelectField, TextareaField } from './forms'

export type RegistrationFormValues = Partial<{
  name: string
  email: string
  affiliations: string[]
  otherAffiliations: string
  role: string
  attendanceMode: string
  accessibilityNeeds: string
  dietaryNeeds: string
  publicListing: boolean
  answers: Record<string, string | string[] | boolean>
}>

type Fields = ReturnType<typeof useForm<RegistrationFormValues, RegistrationInput | RegistrationChange>>[1]

/** Who is registering: name, email (shown, not asked, when it is locked), projects and role. */
function AboutYouFieldset({
  fields,
  defaultValue,
  emailLocked,
}: {
  fields: Fields
  defaultValue?: RegistrationFormValues
  emailLocked: boolean
}) {
  const known = new Set<string>(KNOWN_PROJECTS)
  return (
    <fieldset className="card stack">
      <legend>About you</legend>
      <InputField meta={fields.name} label="Name" autoComplete="name" hint="As you'd like it on your badge." />
      {emailLocked ? (
        <p>
          <strong>Email:</strong> {String(defaultValue?.email ?? '')}{' '}
          <span className="muted">(to use another address, cancel and register again)</span>
        </p>
      ) : (
        <InputField
          meta={fields.email}
          label="Email"
          type="email"
          autoComplete="email"
          hint="We send your confirmation and personal link here. Never shown publicly."
        />
      )}
      <ChoiceGroupField
        meta={fields.affiliations}
        legend="Projects you work on"
        type="checkbox"
        columns
        options={KNOWN_PROJECTS.map((p) => ({ value: p, label: p }))}
      />
      <InputField
        meta={fields.otherAffiliations}
        label="Other projects or affiliations"
        hint="Separate several with commas."
        defaultValue={defaultValue?.affiliations?.filter((a) => !known.has(a)).join(', ')}
      />
      <SelectField
        meta={fields.role}
        label="Your role"
        placeholder="Choose…"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
    </fieldset>
  )
}

/** How they attend (a choice only on hybrid events), their needs, and consent to the public list. */
function AttendingFieldset({
  fields,
  locationKind,
  attendanceLabels = ATTENDANCE_LABELS,
}: {
  fields: Fields
  locationKind: LocationKind
  attendanceLabels?: Record<AttendanceMode, string>
}) {
  return (
    <fieldset className="card stack">
      <legend>Attending</legend>
      {locationKind === 'hybrid' ? (
        <ChoiceGroupField
          meta={fields.attendanceMode}
          legend="How will you attend?"
          type="radio"
          options={ATTENDANCE_MODES.map((m) => ({ value: m, label: attendanceLabels[m] }))}
        />
      ) : (
        <p>{locationKind === 'online' ? 'This event is online.' : 'This event is in person.'}</p>
      )}
      <TextareaField
        meta={fields.accessibilityNeeds}
        label="Accessibility needs"
        hint="Anything that would help you take part: step-free access, captions, quiet room, … Only organizers see it."
        rows={3}
      />
      {locationKind !== 'online' ? (
        <InputField meta={fields.dietaryNeeds} label="Dietary needs" hint="For people attending in person." />
      ) : null}
      <CheckboxField
        meta={fields.publicListing}
        label="List my name and projects on the public participant list"
        hint="Your email is never shown."
      />
    </fieldset>
  )
}

/** The event's own questions, each as its kind asks. */
function QuestionsFieldset({ fields, questions }: { fields: Fields; questions: QuestionDefinition[] }) {
  if (!questions.length) return null
  const answerFields = fields.answers.getFieldset()
  return (
    <fieldset className="card stack">
      <legend>Questions from the organizers</legend>
      {questions.map((q) => {
        const meta = answerFields[questionKey(q.id)]
        if (!meta) return null
        const label = (
          <>
            {q.label}
            {q.required ? <span className="required"> (required)</span> : null}
          </>
        )
        if (q.kind === 'text') return <TextareaField key={q.id} meta={meta} label={label} rows={3} />
        if (q.kind === 'checkbox') return <CheckboxField key={q.id} meta={meta} label={label} />
        return (
          <ChoiceGroupField
            key={q.id}
            meta={meta}
            legend={label}
            type={q.kind === 'single_choice' ? 'radio' : 'checkbox'}
            options={q.options.map((o) => ({ value: o, label: o }))}
          />
        )
      })}
    </fieldset>
  )
}

/**
 * The attendee's form, for registering and for changing a registration; questions come from the event. With
 * `emailLocked` (the manage page) the email is shown, not sent, and the form checks what the server checks:
 * `registrationChangeSchema`.
 */
export function RegistrationForm({
  locationKind,
  questions,
  lastResult,
  defaultValue,
  submitLabel,
  emailLocked = false,
  children,
  intent,
  attendanceLabels,
}: {
  locationKind: LocationKind
  questions: QuestionDefinition[]
  lastResult?: SubmissionResult<string[]> | null
  defaultValue?: RegistrationFormValues
  submitLabel: string
  emailLocked?: boolean
  children?: ReactNode
  intent?: string
  /** How the attendance choices read, when they mean more than the way of attending (the room is full). */
  attendanceLabels?: Record<AttendanceMode, string>
}) {
  const schema = useMemo(
    () => (emailLocked ? registrationChangeSchema : registrationSchema)({ locationKind }, questions),
    [emailLocked, locationKind, questions],
  )
  const navigation = useNavigation()
  const [form, fields] = useForm<RegistrationFormValues, RegistrationInput | RegistrationChange>({
    id: 'registration',
    lastResult,
    defaultValue,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const busy = navigation.state === 'submitting'
  return (
    <Form method="post" {...getFormProps(form)} className="stack registration-form">
      <AuthenticityTokenInput />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {children}
      <div id={form.errorId} aria-live="polite">
        <ErrorList errors={form.errors} />
      </div>
      <AboutYouFieldset fields={fields} defaultValue={defaultValue} emailLocked={emailLocked} />
      <AttendingFieldset fields={fields} locationKind={locationKind} attendanceLabels={attendanceLabels} />
      <QuestionsFieldset fields={fields} questions={questions} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : submitLabel}
        </button>
      </div>
    </Form>
  )
}
