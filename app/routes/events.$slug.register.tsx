import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { HoneypotInputs, HoneypotProvider } from 'remix-utils/honeypot/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RegistrationForm } from '~/components/registration-form'
import { listQuestions } from '~/models/registration/questions.server'
import { seatAvailability } from '~/models/registration/availability.server'
import { seatsLine, type SeatAvailability } from '~/models/registration/availability'
import { registrationSchema, type RegistrationInput } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { registrationWindowState } from '~/models/registration/window'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { honeypotInputProps, isSpam } from '~/utils/honeypot.server'
import { logger } from '~/utils/logger.server'
import { clientAddress, consumeRateLimit, registrationLimiter } from '~/utils/rate-limit.server'
import { formatDateTime } from '~/utils/time'
import { requirePublicEvent } from '~/access/public.server'
import type { PublicEvent } from '~/models/events/event.server'
import { eventPath } from '~/utils/paths'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  const window = registrationWindowState(event)
  const [questions, seats] = await Promise.all([listQuestions(event.id), seatAvailability(event)])
  return {
    event: {
      slug: event.slug,
      title: event.title,
      locationKind: event.location_kind,
      requiresApproval: event.requires_approval,
    },
    questions,
    seats,
    closed: window.open
      ? null
      : {
          message: window.message,
          opensAt: window.opensAt ? formatDateTime(window.opensAt, event.time_zone) : null,
          closesAt: window.closesAt ? formatDateTime(window.closesAt, event.time_zone) : null,
        },
    honeypot: honeypotInputProps(),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Register for ${data.event.title} — Convene` : 'Register — Convene' },
]

// When only online places are left, the two ways of attending are the two outcomes: say so on the choices.
const ROOM_FULL_CHOICES = {
  remote: 'Remote: join online now',
  in_person: 'In person: join the in-person waiting list',
} as const

type Refusable = { reply: (options: { formErrors: string[] }) => SubmissionResult<string[]> }

/**
 * Bots (the honeypot) and floods (too many tries from one network) are turned away before the form's own
 * errors are answered: a bot learns nothing from field messages, and invalid tries count towards the limit.
 */
async function turnAway(request: Request, formData: FormData, submission: Refusable, slug: string) {
  if (isSpam(formData)) {
    logger.warn({ event: slug }, 'registration honeypot filled')
    return data(
      { result: submission.reply({ formErrors: ['Your registration could not be accepted.'] }), already: false },
      { status: 400 },
    )
  }
  const retryAfter = await consumeRateLimit(registrationLimiter, `ip:${clientAddress(request)}`)
  if (retryAfter > 0) {
    const message = `Too many registrations from your network. Try again in ${Math.ceil(retryAfter / 60)} minutes.`
    return data(
      { result: submission.reply({ formErrors: [message] }), already: false },
      { status: 429, headers: { 'retry-after': String(retryAfter) } },
    )
  }
  return null
}

/** What the form says of the seats before anyone chooses: per way of attending on hybrid events. */
function SeatsLead({ seats, requiresApproval }: { seats: SeatAvailability; requiresApproval: boolean }) {
  const line = seatsLine(seats)
  return (
    <>
      <p className="lead">
        No account needed.{' '}
        {requiresApproval
          ? 'The organizers approve each registration; you will hear from them by email.'
          : seats.full
          ? 'The event is full: you will join the waiting list and move up automatically when a place opens.'
          : ''}
      </p>
      {line ? <p className="seats-line">{line}</p> : null}
      {seats.onlyOnlineLeft && !requiresApproval ? (
        <div className="notice notice--warning" role="status">
          <p>
            <strong>In-person seats are full; you can join online now or wait for an in-person seat.</strong> Choose
            below: online places are confirmed at once, and the in-person waiting list moves up automatically when a
            seat opens (you can switch to online later from your personal link).
          </p>
        </div>
      ) : null}
    </>
  )
}

/** Registers, then sends the new registrant to their personal link; a repeat only hears that the link was emailed. */
async function register(event: PublicEvent, input: RegistrationInput) {
  const { created, registration } = await registerForEvent(event.id, input)
  if (!created) {
    // The link goes only to the address's inbox: whoever typed someone else's email learns nothing.
    return data({ already: true }, { status: 200 })
  }
  logger.info({ event: event.slug, registration: registration.id, status: registration.status }, 'registered')
  return redirect(`/r/${registration.manage_token}?welcome=1`)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await requirePublicEvent(params)
  const schema = registrationSchema({ locationKind: event.location_kind }, await listQuestions(event.id))
  const parsed = await parseAction(request, schema)
  const turnedAway = await turnAway(request, parsed.formData, parsed.submission, event.slug)
  if (turnedAway) return turnedAway
  if (parsed.failure) return parsed.failure
  return answerDomainErrors(() => register(event, parsed.value), parsed.submission)
}

export default function RegisterPage() {
  const { event, questions, seats, closed, honeypot } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const already = actionData && 'already' in actionData && actionData.already
  const lastResult = actionData && 'result' in actionData ? actionData.result : null
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <h1>Register for {event.title}</h1>
      {already ? (
        <div className="notice notice--success" role="status">
          <p>
            <strong>You are already registered with this email address.</strong> We have emailed your personal link
            again: use it to see, change or cancel your registration.
          </p>
        </div>
      ) : closed ? (
        <div className="notice notice--warning" role="status">
          <p>
            <strong>{closed.message}</strong>
            {closed.opensAt ? ` It opens ${closed.opensAt}.` : closed.closesAt ? ` It closed ${closed.closesAt}.` : ''}
          </p>
        </div>
      ) : (
        <>
          <SeatsLead seats={seats} requiresApproval={event.requiresApproval} />
          <HoneypotProvider {...honeypot}>
            <RegistrationForm
              locationKind={event.locationKind}
              questions={questions}
              lastResult={lastResult}
              submitLabel={seats.full && !event.requiresApproval ? 'Join the waiting list' : 'Register'}
              attendanceLabels={seats.onlyOnlineLeft && !event.requiresApproval ? ROOM_FULL_CHOICES : undefined}
            >
              <HoneypotInputs label="Leave this field empty" />
            </RegistrationForm>
          </HoneypotProvider>
        </>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
