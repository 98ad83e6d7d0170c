import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EventTimes, LOCATION_LABELS, StatusBadge } from '~/components/event-bits'
import { registrationSummary } from '~/models/registration/registrations.server'
import { seatAvailability } from '~/models/registration/availability.server'
import { seatsParts } from '~/models/registration/availability'
import { agendaPreview } from '~/models/events/agenda-preview.server'
import { CalendarSubscribe } from '~/components/calendar-subscribe'
import { SearchBox } from '~/components/search-box'
import { publicBaseUrl } from '~/utils/url.server'
import { markdownExcerpt, renderMarkdown } from '~/utils/markdown.server'
import { registrationWindow } from '~/models/events/display'
import { requirePublicEvent } from '~/access/public.server'
import { eventPath, notesPath, sessionPath } from '~/utils/paths'
import { AgendaPreview, SeatsByMode } from '~/components/event-bits'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { findNotes } from '~/models/notes/notes.server'
import { renderNotesMarkdown } from '~/models/notes/markdown'
import { getTopicSettings } from '~/models/topics/topics.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  // Seats left change with every registration: kept a second at most.
  showsPublicContent([{ eventId: event.id }], { live: true })
  const [summary, seats, upcoming, worklog, topicSettings] = await Promise.all([
    registrationSummary(event),
    seatAvailability(event),
    agendaPreview(event),
    findNotes(event.id, null),
    getTopicSettings(event.id),
  ])
  return {
    summary,
    seats: { ...seats, parts: seatsParts(seats) },
    upcoming: upcoming.map((s) => ({ ...s, href: sessionPath(event.slug, s.id) })),
    feedUrl: `${publicBaseUrl(request)}${eventPath(event.slug, 'calendar.ics')}`,
    collectsTopics: Boolean(topicSettings?.enabled),
    hasEnded: event.ends_at <= new Date(),
    event: {
      slug: event.slug,
      title: event.title,
      status: event.status,
      timeZone: event.time_zone,
      startsAt: event.starts_at,
      endsAt: event.ends_at,
      locationKind: event.location_kind,
      venueName: event.venue_name,
      venueAddress: event.venue_address,
    },
    registration: registrationWindow(event.registration_opens_at, event.registration_closes_at, event.time_zone),
    summaryHtml: renderMarkdown(event.summary_md),
    // The summit's worklog, as of its latest revision; hidden ones are for the organizers' eyes on its own page.
    worklog: worklog.hidden
      ? null
      : {
          html: worklog.body.trim() ? renderNotesMarkdown(worklog.body) : null,
          revision: worklog.revision,
          href: notesPath(event.slug, null),
        },
    description: markdownExcerpt(event.summary_md, 160),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.event.title} — Convene` }, { name: 'description', content: data.description }]
    : [{ title: 'Event not found — Convene' }]

export default function EventPage() {
  const { event, summaryHtml, registration, summary, seats, upcoming, hasEnded, feedUrl, worklog, collectsTopics } =
    useLoaderData<typeof loader>()
  return (
    <article className="event-page">
      <header className="event-page__header">
        <p className="eyebrow">{LOCATION_LABELS[event.locationKind]} summit</p>
        <h1>
          {event.title} <StatusBadge status={event.status} />
        </h1>
        {event.status === 'cancelled' ? <p className="notice notice--warning">This event has been cancelled.</p> : null}
      </header>
      <div className="event-page__layout">
        <div className="prose event-page__summary" dangerouslySetInnerHTML={{ __html: summaryHtml }} />
        <aside className="event-facts" aria-label="Event details">
          <h2 className="visually-hidden">When and where</h2>
          <EventTimes start={event.startsAt} end={event.endsAt} zone={event.timeZone} />
          <dl>
            {event.venueName ? (
              <div>
                <dt>Venue</dt>
                <dd>
                  {event.venueName}
                  {event.venueAddress ? <address>{event.venueAddress}</address> : null}
                </dd>
              </div>
            ) : null}
            {event.locationKind !== 'in_person' ? (
              <div>
                <dt>Online</dt>
                <dd>The video call link is sent to confirmed attendees.</dd>
              </div>
            ) : null}
            {seats.parts.length && !hasEnded ? (
              <div>
                <dt>Seats</dt>
                <dd>
                  <SeatsByMode seats={seats} />
                </dd>
              </div>
            ) : null}
          </dl>
          {event.status === 'published' && registration ? <p>{registration}</p> : null}
          {summary.open ? (
            <p>
              <Link to="register" className="button button--block">
                {seats.full ? 'Join the waiting list' : 'Register'}
              </Link>
            </p>
          ) : null}
          {summary.capacity !== null && !hasEnded ? (
            <p className="muted">
              {summary.confirmed} registered
              {summary.waitlisted ? `, ${summary.waitlisted} on the waiting list` : ''}
            </p>
          ) : null}
          <SearchBox
            action={eventPath(event.slug, 'search')}
            label="Search the agenda"
            placeholder="Topic or speaker"
          />
          <ul className="plain-links">
            <li>
              <Link to="agenda">Agenda</Link>
            </li>
            {collectsTopics ? (
              <li>
                <Link to="topics">Topics</Link>
              </li>
            ) : null}
            <li>
              <Link to="participants">{hasEnded ? 'Who came' : 'Who is coming'}</Link>
            </li>
            {hasEnded ? (
              <li>
                <Link to="report">Report: notes and recordings</Link>
              </li>
            ) : null}
          </ul>
          <h2 className="facts-heading">Calendar</h2>
          <CalendarSubscribe feedUrl={feedUrl} label={`the ${event.title} agenda`} />
        </aside>
        {/* After the facts in the page's order, so on a phone the Register button comes before the sessions. */}
        <AgendaPreview
          sessions={upcoming}
          zone={event.timeZone}
          agendaHref={eventPath(event.slug, 'agenda')}
          started={new Date(event.startsAt) <= new Date()}
        />
        {worklog ? <Worklog worklog={worklog} /> : null}
      </div>
    </article>
  )
}

/** The summit's shared worklog: its latest text, and the way in to write it together or follow it live. */
function Worklog({ worklog }: { worklog: { html: string | null; revision: number; href: string } }) {
  return (
    <section className="event-worklog session-notes" aria-labelledby="worklog-heading">
      <div className="row-between">
        <h2 id="worklog-heading">Worklog</h2>
        <Link to={worklog.href} className="button button--secondary">
          Open the worklog
        </Link>
      </div>
      {worklog.html ? (
        <div className="session-notes__body prose" dangerouslySetInnerHTML={{ __html: worklog.html }} />
      ) : (
        <p className="empty">
          Nothing in the worklog yet: organizers and confirmed attendees write it together during the summit.
        </p>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
