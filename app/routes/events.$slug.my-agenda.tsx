import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useLoaderData, type Params } from '@remix-run/react'
import { groupSessionsByDay, SessionSummary, useNow, useShownZone, ZoneSwitch } from '~/components/agenda'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requirePublicEvent } from '~/access/public.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { UnstarSchema } from '~/models/agenda/star-schema'
import { unstarSession } from '~/models/agenda/stars.server'
import { agendaSession, sessionIcsPath } from '~/models/agenda/view'
import { AddToCalendarLinks } from '~/components/calendar-subscribe'
import { calendarLinks } from '~/utils/calendar-links'
import { safeRedirectTarget } from '~/utils/redirect'
import { appBaseUrl } from '~/utils/url.server'
import { parseAction } from '~/utils/action.server'
import { eventPath, sessionPath } from '~/utils/paths'
import { attendeeInThisBrowser } from '~/access/attendee.server'

async function load(request: Request, params: Params) {
  const event = await requirePublicEvent(params)
  const attendee = await attendeeInThisBrowser(request, event.id)
  return { event, attendee }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, attendee } = await load(request, params)
  const starred = new Set(attendee?.starred ?? [])
  const sessions = attendee ? (await listPublishedSessions(event.id)).filter((s) => starred.has(s.session_id)) : []
  return {
    event: { slug: event.slug, title: event.title, timeZone: event.time_zone },
    manageToken: attendee?.registration.manage_token ?? null,
    sessions: sessions.map((s) => ({
      ...agendaSession(s),
      calendar:
        s.status === 'scheduled'
          ? calendarLinks({
              title: s.title,
              startsAt: s.starts_at,
              endsAt: s.ends_at,
              details: new URL(sessionPath(event.slug, s.session_id), appBaseUrl()).toString(),
              location: [s.room, event.venue_name].filter(Boolean).join(', ') || 'Online',
            })
          : null,
    })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `My agenda — ${data.event.title}` : 'My agenda — Convene' },
  { name: 'robots', content: 'noindex' },
]

/** A star button here only unstars: every session on this page is starred. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event, attendee } = await load(request, params)
  const parsed = await parseAction(request, UnstarSchema)
  if (parsed.failure) return parsed.failure
  if (!attendee) {
    return data({ ok: false, message: 'Open the personal link from your registration email first.' }, { status: 403 })
  }
  await unstarSession(attendee.registration.id, parsed.value.sessionId)
  // Without JavaScript the button's form says where it was: back there (post, redirect, get).
  if (parsed.value.returnTo) {
    return redirect(safeRedirectTarget(parsed.value.returnTo, eventPath(event.slug, 'my-agenda')), 303)
  }
  return { ok: true }
}

export default function MyAgendaPage() {
  const { event, manageToken, sessions } = useLoaderData<typeof loader>()
  const zone = useShownZone(event.timeZone)
  const now = useNow()
  return (
    <div className="agenda narrow-wide">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug, 'agenda')}>Agenda of {event.title}</Link>
      </p>
      <h1>My agenda</h1>
      {!manageToken ? (
        <p className="notice notice--warning">
          Your agenda lives with your registration. Open the personal link from your registration email in this browser,
          then star sessions on the agenda.
        </p>
      ) : sessions.length === 0 ? (
        <p className="empty">
          No starred sessions yet. <Link to={eventPath(event.slug, 'agenda')}>Star sessions on the agenda</Link>.
        </p>
      ) : (
        <>
          <p className="lead">
            The sessions you starred; they are also in your personal calendar feed (see{' '}
            <Link to={`/r/${manageToken}`}>your registration</Link>).
          </p>
          <ZoneSwitch eventZone={event.timeZone} />
          {groupSessionsByDay(sessions, zone).map(([day, daySessions], index) => (
            <section key={day} aria-labelledby={`my-day-${index}`} className="agenda-day">
              <h2 id={`my-day-${index}`}>{day}</h2>
              <ol className="agenda-list">
                {daySessions.map((s) => (
                  <li key={s.id}>
                    <SessionSummary session={s} slug={event.slug} zone={zone} now={now} starred>
                      {s.calendar ? (
                        <AddToCalendarLinks
                          links={s.calendar}
                          icsUrl={sessionIcsPath(event.slug, s.id)}
                          label={s.title}
                        />
                      ) : null}
                    </SessionSummary>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
