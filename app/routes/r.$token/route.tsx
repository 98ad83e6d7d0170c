import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RegistrationForm } from '~/components/registration-form'
import { ensureFeedToken } from '~/models/agenda/stars.server'
import { listQuestions } from '~/models/registration/questions.server'
import { seatAvailability } from '~/models/registration/availability.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { rememberAttendee } from '~/utils/attendee.server'
import { eventPath } from '~/utils/paths'
import { safeRedirectTarget } from '~/utils/redirect'
import { appBaseUrl, publicBaseUrl } from '~/utils/url.server'
import { cancel, manageActionSchema, newFeedLink, saveDetails } from './actions.server'
import { CancelCard } from './cancel-card'
import { EventCard, PersonalLinkCard } from './event-card'
import { FeedCard } from './feed-card'
import { requireManageLink } from '~/access/attendee.server'
import { StatusBanner } from './status-banner'
import { isActive, manageView, replyIntent } from './view-model'

export const meta: MetaFunction = () => [
  { title: 'Your registration — Convene' },
  { name: 'robots', content: 'noindex' },
]

/**
 * Where an emailed link goes on once this browser knows the attendee (`?redirectTo=/events/<slug>/my-agenda`):
 * a path of this site and of this registration's event only, never another site or another event's pages.
 */
function continueTo(request: Request, slug: string): string | null {
  const asked = new URL(request.url).searchParams.get('redirectTo')
  if (asked === null) return null
  const target = safeRedirectTarget(asked, '')
  return target.startsWith(`${eventPath(slug)}/`) ? target : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await requireManageLink(params)
  const { registration: r, event } = found
  // This browser now belongs to the attendee for this event: the agenda offers stars.
  const cookie = await rememberAttendee(request, event.id, r.manage_token)
  const next = continueTo(request, event.slug)
  if (next) return redirect(next, { headers: cookie ? { 'set-cookie': cookie } : {} })
  const feedToken = isActive(r.status) ? await ensureFeedToken(r.id) : null
  const seats = r.status === 'waitlisted' ? await seatAvailability(event) : null
  const view = manageView(found, {
    seats,
    appBase: appBaseUrl(),
    feedUrl: feedToken ? `${publicBaseUrl(request)}/feeds/${feedToken}/calendar.ics` : null,
    questions: await listQuestions(event.id),
  })
  return data(view, { headers: cookie ? { 'set-cookie': cookie } : {} })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { registration, event } = await requireManageLink(params)
  const parsed = await parseAction(request, manageActionSchema(event, await listQuestions(event.id)))
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  return answerDomainErrors(
    () => {
      if (value.intent === 'update') return saveDetails(registration.id, value)
      if (value.intent === 'cancel') return cancel(registration.id)
      return newFeedLink(registration.id)
    },
    submission,
    { no_seat: 'attendanceMode' },
  )
}

function SavedNotice() {
  const actionData = useActionData<typeof action>()
  if (!actionData || !('saved' in actionData)) return null
  return (
    <p className="notice notice--success" role="status">
      {actionData.intent === 'cancel'
        ? 'Your registration is cancelled. We have emailed you a confirmation.'
        : 'Your changes are saved.'}
    </p>
  )
}

export default function ManageRegistrationPage() {
  const { manageUrl, agendaUrl, feedUrl, registration, event, calendar, questions, defaults, waitingFor } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const intent = replyIntent(actionData)
  const refusal = actionData && 'ok' in actionData ? actionData : null
  const active = isActive(registration.status)
  return (
    <div className="narrow-wide stack">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <h1>Your registration, {registration.name}</h1>
      <StatusBanner
        status={registration.status}
        position={registration.position}
        welcome={searchParams.has('welcome')}
        waitingFor={waitingFor}
      />
      <SavedNotice />
      <PersonalLinkCard manageUrl={manageUrl} />
      <EventCard
        event={event}
        inPerson={registration.attendanceMode === 'in_person'}
        active={active}
        agendaUrl={agendaUrl}
        calendar={calendar}
        icsUrl={feedUrl}
      />
      {feedUrl ? (
        <FeedCard
          feedUrl={feedUrl}
          withCallLink={registration.status === 'confirmed' && event.locationKind !== 'in_person'}
        />
      ) : null}
      {active ? (
        <>
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">Change your details</h2>
            <RegistrationForm
              locationKind={event.locationKind}
              questions={questions}
              defaultValue={defaults}
              lastResult={intent === 'update' ? refusal?.result : null}
              submitLabel="Save changes"
              emailLocked
              intent="update"
            />
          </section>
          <CancelCard
            confirmed={registration.status === 'confirmed'}
            error={intent === 'cancel' ? refusal?.message ?? null : null}
          />
        </>
      ) : (
        <p>
          <Link to={eventPath(event.slug, 'register')}>Register again</Link>
        </p>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
