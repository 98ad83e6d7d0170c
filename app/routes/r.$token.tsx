import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EventTimes } from '~/components/event-bits'
import { RegistrationForm, type RegistrationFormValues } from '~/components/registration-form'
import { listQuestions } from '~/models/registration/questions.server'
import { registrationSchema } from '~/models/registration/schema'
import {
  cancelRegistration,
  getRegistrationByToken,
  RegistrationError,
  updateOwnRegistration,
} from '~/models/registration/registration.server'
import { validateCsrf } from '~/utils/session.server'
import { appBaseUrl, publicBaseUrl } from '~/utils/url.server'
import { calendarLinks } from '~/utils/calendar-links'
import { rememberAttendee } from '~/utils/attendee.server'
import { ensureFeedToken, regenerateFeedToken } from '~/models/agenda/stars.server'
import { AddToCalendarLinks, CalendarSubscribe } from '~/components/calendar-subscribe'
import { eventPath } from '~/utils/paths'

async function requireRegistration(token: string | undefined) {
  const found = await getRegistrationByToken(token ?? '')
  if (!found)
    throw new Response('This registration link is not valid. Check that you copied all of it.', { status: 404 })
  return found
}

export const meta: MetaFunction = () => [
  { title: 'Your registration — Convene' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { registration: r, event, position } = await requireRegistration(params.token)
  // This browser now belongs to the attendee for this event: the agenda offers stars.
  const cookie = await rememberAttendee(request, event.id, r.manage_token)
  const active = r.status !== 'cancelled' && r.status !== 'declined'
  const feedToken = active ? await ensureFeedToken(r.id) : null
  const questions = await listQuestions(event.id)
  const where = [event.venue_name, event.venue_address].filter(Boolean).join(', ')
  const eventUrl = new URL(eventPath(event.slug), appBaseUrl()).toString()
  return data(
    {
      agendaUrl: eventPath(event.slug, 'agenda'),
      feedUrl: feedToken ? `${publicBaseUrl(request)}/feeds/${feedToken}/calendar.ics` : null,
      manageUrl: new URL(`/r/${r.manage_token}`, appBaseUrl()).toString(),
      registration: {
        name: r.name,
        status: r.status,
        attendanceMode: r.attendance_mode,
        position,
      },
      event: {
        slug: event.slug,
        title: event.title,
        timeZone: event.time_zone,
        startsAt: event.starts_at,
        endsAt: event.ends_at,
        locationKind: event.location_kind,
        where,
        // The call link is for confirmed attendees only.
        meetingUrl: r.status === 'confirmed' && event.location_kind !== 'in_person' ? event.online_url : null,
      },
      calendar: active
        ? calendarLinks({
            title: event.title,
            startsAt: event.starts_at,
            endsAt: event.ends_at,
            details: eventUrl,
            location: where || 'Online',
          })
        : null,
      questions,
      defaults: {
        name: r.name,
        email: r.email,
        affiliations: r.affiliations,
        role: r.role ?? '',
        attendanceMode: r.attendance_mode,
        accessibilityNeeds: r.accessibility_needs ?? '',
        dietaryNeeds: r.dietary_needs ?? '',
        publicListing: r.public_listing,
        answers: r.answers,
      } satisfies RegistrationFormValues,
    },
    { headers: cookie ? { 'set-cookie': cookie } : {} },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { registration, event } = await requireRegistration(params.token)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const intent = formData.get('intent')
  if (intent === 'new-feed-link') {
    await regenerateFeedToken(registration.id)
    return { intent, result: null, cancelError: null, saved: true }
  }
  if (intent === 'cancel') {
    if (formData.get('confirm') !== 'yes') {
      return data(
        { intent, result: null, cancelError: 'Tick the box to confirm that you give up your place.', saved: false },
        { status: 400 },
      )
    }
    await cancelRegistration(registration.id, { actor: 'attendee' })
    return { intent, result: null, cancelError: null, saved: true }
  }
  const questions = await listQuestions(event.id)
  // The email identifies the registration and is not changed here.
  formData.set('email', registration.email)
  const submission = parseWithZod(formData, {
    schema: registrationSchema({ locationKind: event.location_kind }, questions),
  })
  if (submission.status !== 'success')
    return data({ intent, result: submission.reply(), cancelError: null, saved: false }, { status: 400 })
  try {
    await updateOwnRegistration(registration.id, submission.value)
  } catch (error) {
    if (error instanceof RegistrationError) {
      return data(
        { intent, result: submission.reply({ formErrors: [error.message] }), cancelError: null, saved: false },
        { status: 409 },
      )
    }
    throw error
  }
  return { intent, result: null, cancelError: null, saved: true }
}

function StatusBanner({ status, position, welcome }: { status: string; position: number | null; welcome: boolean }) {
  const text: Record<string, { title: string; body: string; tone: string }> = {
    confirmed: {
      title: welcome ? 'You are registered: your place is confirmed.' : 'Your place is confirmed.',
      body: 'We have sent a confirmation to your email.',
      tone: 'success',
    },
    waitlisted: {
      title: `You are on the waiting list, at position ${position ?? '?'}.`,
      body: 'The event is full. When a place opens you move up automatically and we email you at once.',
      tone: 'warning',
    },
    pending: {
      title: 'Your registration waits for the organizers’ approval.',
      body: 'We will email you as soon as they decide.',
      tone: 'info',
    },
    cancelled: {
      title: 'This registration is cancelled.',
      body: 'You can register again from the event page while registration is open.',
      tone: 'warning',
    },
    declined: {
      title: 'The organizers could not offer you a place.',
      body: 'Contact them if you think this is a mistake.',
      tone: 'warning',
    },
  }
  const t = text[status] ?? text.pending!
  return (
    <div className={`status-banner status-banner--${t.tone}`} role="status">
      <p className="status-banner__title">{t.title}</p>
      <p>{t.body}</p>
    </div>
  )
}

export default function ManageRegistrationPage() {
  const { manageUrl, agendaUrl, feedUrl, registration, event, calendar, questions, defaults } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const active = registration.status !== 'cancelled' && registration.status !== 'declined'
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
      />
      {actionData?.saved ? (
        <p className="notice notice--success" role="status">
          {actionData.intent === 'cancel'
            ? 'Your registration is cancelled. We have emailed you a confirmation.'
            : 'Your changes are saved.'}
        </p>
      ) : null}

      <section className="card" aria-labelledby="link-heading">
        <h2 id="link-heading">Your personal link</h2>
        <p>
          Bookmark it: it is how you see, change or cancel this registration. Anyone with it can, so keep it private.
        </p>
        <p className="manage-link">
          <code>{manageUrl}</code>
        </p>
      </section>

      <section className="card" aria-labelledby="event-heading">
        <h2 id="event-heading">{event.title}</h2>
        <EventTimes start={event.startsAt} end={event.endsAt} zone={event.timeZone} />
        {event.where && registration.attendanceMode === 'in_person' ? <p>Where: {event.where}</p> : null}
        {event.meetingUrl ? (
          <p>
            Video call: <a href={event.meetingUrl}>{event.meetingUrl}</a>
          </p>
        ) : null}
        {active ? (
          <p>
            <Link to={agendaUrl}>Agenda</Link>: star the sessions you want to attend; they appear in{' '}
            <Link to={eventPath(event.slug, 'my-agenda')}>your agenda</Link>.
          </p>
        ) : null}
        {calendar ? (
          <div>
            <h3>Add to your calendar</h3>
            <AddToCalendarLinks links={calendar} />
          </div>
        ) : null}
      </section>

      {feedUrl ? (
        <section className="card" aria-labelledby="feed-heading">
          <h2 id="feed-heading">Your calendar feed</h2>
          <p>
            The event
            {registration.status === 'confirmed' && event.locationKind !== 'in_person'
              ? ' with its video call link'
              : ''}{' '}
            and the sessions you star, kept up to date in your calendar. Keep this feed private.
          </p>
          <CalendarSubscribe feedUrl={feedUrl} label="your personal agenda" />
          <Form method="post" className="feed-reset">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="new-feed-link" />
            <button type="submit" className="button button--small button--secondary">
              Get a new feed address
            </button>{' '}
            <span className="muted small">if you shared it by mistake; the old one stops working.</span>
          </Form>
        </section>
      ) : null}

      {active ? (
        <>
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">Change your details</h2>
            <RegistrationForm
              locationKind={event.locationKind}
              questions={questions}
              defaultValue={defaults}
              lastResult={actionData?.intent === 'update' ? actionData.result : null}
              submitLabel="Save changes"
              emailLocked
              intent="update"
            />
          </section>
          <section className="card danger-zone" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">Cancel your registration</h2>
            <p>
              {registration.status === 'confirmed'
                ? 'Your seat goes to the next person on the waiting list at once. This cannot be undone, though you can register again while there is room.'
                : 'You leave the waiting list or the approval queue.'}
            </p>
            <Form method="post" className="stack">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="cancel" />
              <div className="field field--checkbox">
                <input
                  type="checkbox"
                  id="confirm-cancel"
                  name="confirm"
                  value="yes"
                  aria-describedby={actionData?.cancelError ? 'cancel-error' : undefined}
                />
                <label htmlFor="confirm-cancel">Yes, cancel my registration</label>
              </div>
              {actionData?.cancelError ? (
                <p id="cancel-error" className="field-errors">
                  {actionData.cancelError}
                </p>
              ) : null}
              <div>
                <button type="submit" className="button button--danger">
                  Cancel registration
                </button>
              </div>
            </Form>
          </section>
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
