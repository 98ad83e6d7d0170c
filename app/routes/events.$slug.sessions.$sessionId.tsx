import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EventTimes } from '~/components/event-bits'
import { getPublicEventBySlug } from '~/models/event.server'
import { getPublishedSession } from '~/models/schedule.server'
import { SESSION_KIND_LABELS } from '~/models/session-schema'
import { calendarLinks } from '~/utils/calendar-links'
import { markdownExcerpt, renderMarkdown } from '~/utils/markdown.server'
import { appBaseUrl } from '~/utils/url.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await getPublicEventBySlug(params.slug ?? '')
  const sessionId = Number(params.sessionId)
  const session = event && Number.isSafeInteger(sessionId) ? await getPublishedSession(event.id, sessionId) : undefined
  if (!event || !session) throw new Response('There is no such session on the published agenda.', { status: 404 })
  const url = new URL(`/events/${event.slug}/sessions/${session.session_id}`, appBaseUrl()).toString()
  return {
    event: { slug: event.slug, title: event.title, timeZone: event.time_zone, venue: event.venue_name },
    session: {
      id: session.session_id,
      title: session.title,
      kind: SESSION_KIND_LABELS[session.kind],
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      room: session.room,
      track: session.track,
      tags: session.tags,
      capacity: session.capacity,
      speakers: session.speakers,
      status: session.status,
    },
    abstractHtml: renderMarkdown(session.abstract_md),
    description: markdownExcerpt(session.abstract_md, 160),
    calendar:
      session.status === 'scheduled'
        ? calendarLinks({
            title: session.title,
            startsAt: session.starts_at,
            endsAt: session.ends_at,
            details: url,
            location: [session.room, event.venue_name].filter(Boolean).join(', ') || 'Online',
          })
        : null,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.session.title} — ${data.event.title}` }, { name: 'description', content: data.description }]
    : [{ title: 'Session not found — Convene' }]

export default function SessionPage() {
  const { event, session, abstractHtml, calendar } = useLoaderData<typeof loader>()
  return (
    <article className="event-page">
      <p className="breadcrumb">
        <Link to={`/events/${event.slug}/agenda`}>Agenda of {event.title}</Link>
      </p>
      <header className="event-page__header">
        <p className="eyebrow">
          {session.kind}
          {session.track ? ` · ${session.track}` : ''}
        </p>
        <h1>{session.title}</h1>
        {session.status === 'cancelled' ? (
          <p className="notice notice--warning">This session has been cancelled.</p>
        ) : null}
      </header>
      <div className="event-page__layout">
        <div className="stack">
          {abstractHtml.trim() ? <div className="prose" dangerouslySetInnerHTML={{ __html: abstractHtml }} /> : null}
          {session.speakers.length ? (
            <section aria-labelledby="speakers-heading">
              <h2 id="speakers-heading">{session.speakers.length === 1 ? 'Speaker' : 'Speakers'}</h2>
              <ul className="plain-list">
                {session.speakers.map((s) => (
                  <li key={s.name}>
                    {s.url ? <a href={s.url}>{s.name}</a> : s.name}
                    {s.affiliation ? <span className="muted"> — {s.affiliation}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {session.tags.length ? (
            <p>
              {session.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </p>
          ) : null}
        </div>
        <aside className="event-facts" aria-label="Session details">
          <EventTimes start={session.startsAt} end={session.endsAt} zone={event.timeZone} />
          <dl>
            {session.room ? (
              <div>
                <dt>Room</dt>
                <dd>
                  {session.room}
                  {event.venue ? `, ${event.venue}` : ''}
                </dd>
              </div>
            ) : null}
            {session.capacity ? (
              <div>
                <dt>Places</dt>
                <dd>{session.capacity}</dd>
              </div>
            ) : null}
          </dl>
          {calendar ? (
            <>
              <h2 className="facts-heading">Add to your calendar</h2>
              <ul className="inline-list">
                <li>
                  <a href={calendar.google} rel="noopener noreferrer">
                    Google Calendar
                  </a>
                </li>
                <li>
                  <a href={calendar.outlook} rel="noopener noreferrer">
                    Outlook
                  </a>
                </li>
              </ul>
            </>
          ) : null}
        </aside>
      </div>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
