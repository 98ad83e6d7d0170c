import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useLocation, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { GuestJoinSchema } from '~/models/topics/page-forms'
import { ErrorList, InputField } from '../forms'

/** Who the visitor takes part as, or why they cannot (and whether they may say who they are). */
export type ParticipationView =
  | { kind: 'organizer'; name: string; reviewHref: string }
  | { kind: 'registrant'; name: string }
  | { kind: 'guest'; name: string }
  | { kind: 'join'; reason: string }
  | { kind: 'none'; reason: string }

export function ParticipationPanel({
  view,
  joinResult,
  joinAction,
  children,
}: {
  view: ParticipationView
  /** Where the guest form posts, when not to this page's own action. */
  joinAction?: string
  /** The guest form's last refused post, for its errors by the fields. */
  joinResult?: SubmissionResult<string[]> | null
  /** More for the visitor (a registrant's agenda choice). */
  children?: ReactNode
}) {
  return (
    <section className="card topic-you" aria-labelledby="topic-you-heading">
      <h2 id="topic-you-heading" className="topic-you__heading">
        {view.kind === 'join' ? 'Take part' : view.kind === 'none' ? 'Who can take part' : 'You'}
      </h2>
      {view.kind === 'organizer' ? (
        <p>
          You organize this event (signed in as {view.name}): you see every topic and every count.{' '}
          <Link to={view.reviewHref}>Review the topics</Link>
        </p>
      ) : view.kind === 'registrant' ? (
        <p>You take part as {view.name}, through your registration.</p>
      ) : view.kind === 'guest' ? (
        <p>You take part as {view.name}, remembered in this browser.</p>
      ) : view.kind === 'join' ? (
        <GuestJoinForm reason={view.reason} lastResult={joinResult} action={joinAction} />
      ) : (
        <p>{view.reason}</p>
      )}
      {children}
    </section>
  )
}

/** A name (and, if they like, an email address) for someone taking part without a registration. */
function GuestJoinForm({
  reason,
  lastResult,
  action,
}: {
  reason: string
  lastResult?: SubmissionResult<string[]> | null
  action?: string
}) {
  const location = useLocation()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'topic-guest',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GuestJoinSchema }),
  })
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="stack topic-guest-form">
      <p>{reason}</p>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="join" />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      <ErrorList errors={form.errors} />
      <div className="field-row">
        <InputField
          meta={fields.name}
          label="Your name"
          autoComplete="name"
          hint="Shown with your proposals and comments."
        />
        <InputField
          meta={fields.email}
          label="Email (optional)"
          type="email"
          autoComplete="email"
          hint="To hear what happens to your topics. Never shown."
        />
      </div>
      <div>
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          Take part
        </button>
      </div>
    </Form>
  )
}
