import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import {
  groupByDay,
  SessionSummary,
  timeOf,
  useNow,
  useShownZone,
  ZoneSwitch,
  type AgendaSession,
} from '~/components/agenda'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agendaFacets, attendeeForEvent, filterSessions } from '~/models/agenda/agenda.server'
import { agendaSession } from '~/models/agenda/view'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { starSession, unstarSession } from '~/models/agenda/stars.server'
import { attendeeTokenFor } from '~/utils/attendee.server'
import { validateCsrf } from '~/utils/session.server'
import { publicBaseUrl } from '~/utils/url.server'
import { CalendarSubscribe } from '~/components/calendar-subscribe'
import { requirePublicEvent } from '~/access/public.server'
import { eventPath } from '~/utils/paths'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  const url = new URL(request.url)
  const filter = {
    track: url.searchParams.get('track') || undefined,
    kind: url.searchParams.get('kind') || undefined,
    room: url.searchParams.get('room') || undefined,
  }
  const [published, attendee] = await Promise.all([
    listPublishedSessions(event.id),
    attendeeForEvent(await attendeeTokenFor(request, event.id), event.id),
  ])
  return {
    event: { slug: event.slug, title: event.title, timeZone: event.time_zone },
    facets: agendaFacets(published),
    filter,
    sessions: filterSessions(published, filter).map(agendaSession),
    starred: attendee ? attendee.starred : null,
    feedUrl: `${publicBaseUrl(request)}${eventPath(event.slug, 'calendar.ics')}${
      filter.track ? `?track=${encodeURIComponent(filter.track)}` : ''
    }`,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agenda — ${data.event.title} — Convene` : 'Agenda — Convene' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await requirePublicEvent(params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const attendee = await attendeeForEvent(await attendeeTokenFor(request, event.id), event.id)
  if (!attendee) {
    return data(
      { error: 'Open the personal link from your registration email first; then you can star sessions.' },
      { status: 403 },
    )
  }
  const sessionId = Number(formData.get('sessionId'))
  if (!Number.isSafeInteger(sessionId)) return data({ error: 'Choose a session.' }, { status: 400 })
  if (formData.get('intent') === 'unstar') await unstarSession(attendee.registration.id, sessionId)
  else if (!(await starSession(attendee.registration.id, event.id, sessionId))) {
    return data({ error: 'That session is not on this agenda.' }, { status: 404 })
  }
  return { error: null }
}

function AgendaGrid({
  sessions,
  zone,
  slug,
  starred,
}: {
  sessions: AgendaSession[]
  zone: string
  slug: string
  starred: Set<number> | null
}) {
  const now = useNow()
  const rooms = [...new Set(sessions.map((s) => s.room ?? 'Elsewhere'))]
  return (
    <>
      {groupByDay(sessions, zone).map(([day, daySessions], index) => {
        const slots = [...new Set(daySessions.map((s) => s.startsAt.getTime()))].sort((a, b) => a - b)
        return (
          <section key={day} aria-labelledby={`grid-day-${index}`} className="agenda-day">
            <h2 id={`grid-day-${index}`}>{day}</h2>
            <div className="table-scroll">
              <table className="agenda-grid">
                <caption className="visually-hidden">Sessions on {day} by start time and room</caption>
                <thead>
                  <tr>
                    <th scope="col">Starts</th>
                    {rooms.map((room) => (
                      <th key={room} scope="col">
                        {room}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {slots.map((slot) => (
                    <tr key={slot}>
                      <th scope="row">{timeOf(new Date(slot), zone)}</th>
                      {rooms.map((room) => {
                        const here = daySessions.filter(
                          (s) => s.startsAt.getTime() === slot && (s.room ?? 'Elsewhere') === room,
                        )
                        return (
                          <td key={room}>
                            {here.map((s) => (
                              <SessionSummary
                                key={s.id}
                                session={s}
                                slug={slug}
                                zone={zone}
                                now={now}
                                starred={starred ? starred.has(s.id) : undefined}
                              />
                            ))}
                          </td>
                        )
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )
      })}
    </>
  )
}

function AgendaList({
  sessions,
  zone,
  slug,
  starred,
}: {
  sessions: AgendaSession[]
  zone: string
  slug: string
  starred: Set<number> | null
}) {
  const now = useNow()
  return (
    <>
      {groupByDay(sessions, zone).map(([day, daySessions], index) => (
        <section key={day} aria-labelledby={`list-day-${index}`} className="agenda-day">
          <h2 id={`list-day-${index}`}>{day}</h2>
          <ol className="agenda-list">
            {daySessions.map((s) => (
              <li key={s.id}>
                <SessionSummary
                  session={s}
                  slug={slug}
                  zone={zone}
                  now={now}
                  starred={starred ? starred.has(s.id) : undefined}
                />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  )
}

export default function AgendaPage() {
  const { event, facets, filter, sessions, starred, feedUrl } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const [view, setView] = useState(searchParams.get('view') === 'grid' ? 'grid' : 'list')
  const zone = useShownZone(event.timeZone)
  const starredSet = starred ? new Set(starred) : null
  return (
    <div className="agenda">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <div className="page-heading">
        <h1>Agenda</h1>
        <div className="inline-list no-print">
          <Link to={eventPath(event.slug, 'changes')}>Changes</Link>
          {starred ? <Link to={eventPath(event.slug, 'my-agenda')}>My agenda ({starred.length})</Link> : null}
        </div>
      </div>
      {sessions.length || filter.track || filter.kind || filter.room ? (
        <>
          <div className="agenda-controls no-print">
            <Form method="get" className="filter-bar" aria-label="Filter the agenda">
              <input type="hidden" name="view" value={view} />
              <div className="field">
                <label htmlFor="track">Track</label>
                <select id="track" name="track" defaultValue={filter.track ?? ''}>
                  <option value="">All tracks</option>
                  {facets.tracks.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="kind">Kind</label>
                <select id="kind" name="kind" defaultValue={filter.kind ?? ''}>
                  <option value="">All kinds</option>
                  {facets.kinds.map((k) => (
                    <option key={k} value={k}>
                      {SESSION_KIND_LABELS[k as keyof typeof SESSION_KIND_LABELS] ?? k}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="room">Room</label>
                <select id="room" name="room" defaultValue={filter.room ?? ''}>
                  <option value="">All rooms</option>
                  {facets.rooms.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </div>
              <div>
                <button type="submit" className="button button--secondary">
                  Filter
                </button>
              </div>
            </Form>
            <ZoneSwitch eventZone={event.timeZone} />
            <div className="view-switch" role="group" aria-label="Layout">
              <button
                type="button"
                className="button button--small button--secondary"
                aria-pressed={view === 'list'}
                onClick={() => setView('list')}
              >
                List
              </button>
              <button
                type="button"
                className="button button--small button--secondary"
                aria-pressed={view === 'grid'}
                onClick={() => setView('grid')}
              >
                Grid by room
              </button>
            </div>
          </div>
          {starred === null ? (
            <p className="muted no-print">
              Registered? Open the personal link from your email to star sessions for your own agenda.
            </p>
          ) : null}
          <details className="subscribe-box no-print">
            <summary>Follow this agenda in your calendar{filter.track ? ` (track ${filter.track})` : ''}</summary>
            <CalendarSubscribe
              feedUrl={feedUrl}
              label={`the ${event.title} agenda${filter.track ? `, track ${filter.track}` : ''}`}
            />
            <p className="small muted">
              For conference apps: <a href={eventPath(event.slug, 'schedule.xml')}>schedule.xml</a> (frab),{' '}
              <a href={eventPath(event.slug, 'schedule.json')}>schedule.json</a> (C3VOC).
            </p>
          </details>
          {sessions.length === 0 ? <p className="empty">No session matches these filters.</p> : null}
          {view === 'grid' ? (
            <AgendaGrid sessions={sessions} zone={zone} slug={event.slug} starred={starredSet} />
          ) : (
            <AgendaList sessions={sessions} zone={zone} slug={event.slug} starred={starredSet} />
          )}
        </>
      ) : (
        <p className="empty">The organizers have not published the agenda yet.</p>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
