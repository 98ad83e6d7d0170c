import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { HoneypotInputs, HoneypotProvider } from 'remix-utils/honeypot/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RegistrationForm } from '~/components/registration-form'
import { listQuestions } from '~/models/registration/questions.server'
import { registrationSchema } from '~/models/registration/schema'
import { submitRegistration } from '~/models/registration/submission.server'
import { registrationSummary, registrationWindowState } from '~/models/registration/registration.server'
import { honeypotInputProps, isSpam } from '~/utils/honeypot.server'
import { logger } from '~/utils/logger.server'
import { clientAddress, consumeRateLimit, registrationLimiter } from '~/utils/rate-limit.server'
import { validateCsrf } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { requirePublicEvent } from '~/access/public.server'
import { eventPath } from '~/utils/paths'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  const window = registrationWindowState(event)
  const [questions, summary] = await Promise.all([listQuestions(event.id), registrationSummary(event)])
  return {
    event: {
      slug: event.slug,
      title: event.title,
      locationKind: event.location_kind,
      requiresApproval: event.requires_approval,
    },
    questions,
    summary,
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

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await requirePublicEvent(params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const questions = await listQuestions(event.id)
  const submission = parseWithZod(formData, {
    schema: registrationSchema({ locationKind: event.location_kind }, questions),
  })
  if (isSpam(formData)) {
    logger.warn({ event: event.slug }, 'registration honeypot filled')
    return data(
      { result: submission.reply({ formErrors: ['Your registration could not be accepted.'] }), already: false },
      { status: 400 },
    )
  }
  const retryAfter = await consumeRateLimit(registrationLimiter, `ip:${clientAddress(request)}`)
  if (retryAfter > 0) {
    return data(
      {
        result: submission.reply({
          formErrors: [`Too many registrations from your network. Try again in ${Math.ceil(retryAfter / 60)} minutes.`],
        }),
        already: false,
      },
      { status: 429, headers: { 'retry-after': String(retryAfter) } },
    )
  }
  if (submission.status !== 'success') return data({ result: submission.reply(), already: false }, { status: 400 })
  const outcome = await submitRegistration(event.id, submission.value)
  if (outcome.kind === 'closed') {
    return data({ result: submission.reply({ formErrors: [outcome.message] }), already: false }, { status: 409 })
  }
  if (outcome.kind === 'already-registered') {
    // The link goes only to the address's inbox: whoever typed someone else's email learns nothing.
    return data({ result: null, already: true }, { status: 200 })
  }
  logger.info(
    { event: event.slug, registration: outcome.result.registration.id, status: outcome.result.registration.status },
    'registered',
  )
  return redirect(`/r/${outcome.result.registration.manage_token}?welcome=1`)
}

export default function RegisterPage() {
  const { event, questions, summary, closed, honeypot } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <h1>Register for {event.title}</h1>
      {actionData?.already ? (
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
          <p className="lead">
            No account needed.{' '}
            {event.requiresApproval
              ? 'The organizers approve each registration; you will hear from them by email.'
              : summary.seatsLeft === 0
              ? 'The event is full: you will join the waiting list and move up automatically when a place opens.'
              : summary.seatsLeft !== null
              ? `${summary.seatsLeft} of ${summary.capacity} places left.`
              : ''}
          </p>
          <HoneypotProvider {...honeypot}>
            <RegistrationForm
              locationKind={event.locationKind}
              questions={questions}
              lastResult={actionData?.result}
              submitLabel={summary.seatsLeft === 0 && !event.requiresApproval ? 'Join the waiting list' : 'Register'}
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
