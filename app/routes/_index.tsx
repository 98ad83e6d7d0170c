import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { CalendarSubscribe } from '~/components/calendar-subscribe'
import { DateSpan, LOCATION_LABELS, StatusBadge } from '~/components/event-bits'
import { listPublicEvents, type PublicEvent } from '~/models/events/event.server'
import { countLinkedRecordings } from '~/models/recordings/links.server'
import { markdownExcerpt } from '~/utils/markdown.server'
import { eventPath } from '~/utils/paths'
import { plural } from '~/utils/format'
import { publicBaseUrl } from '~/utils/url.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

export const meta: MetaFunction = () => [
  { title: 'Convene — developer summits' },
  { name: 'description', content: 'Upcoming and past developer summits of the community.' },
]

/**
 * "Day 2 of 3" while an event runs, judged by its dates in its own zone (the evening between two summit days
 * is still during the summit); null before it starts.
 */
function dayOfEvent(event: PublicEvent, now: Date): string | null {
  if (event.status !== 'published') return null
  const today = DateTime.fromJSDate(now, { zone: event.time_zone }).startOf('day')
  const first = DateTime.fromJSDate(event.starts_at, { zone: event.time_zone }).startOf('day')
  const last = DateTime.fromJSDate(event.ends_at, { zone: event.time_zone }).startOf('day')
  if (today < first || today > last) return null
  const days = Math.round(last.diff(first, 'days').days) + 1
  return days > 1 ? `Day ${Math.round(today.diff(first, 'days').days) + 1} of ${days}` : 'Today'
}

export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date()
  showsPublicContent(['listing'])
  const { upcoming, past } = await listPublicEvents(now)
  const recordings = await countLinkedRecordings(past.map((e) => e.id))
  return {
    upcoming: upcoming.map((e) => ({
      slug: e.slug,
      title: e.title,
      excerpt: markdownExcerpt(e.summary_md),
      timeZone: e.time_zone,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      locationKind: e.location_kind,
      venueName: e.venue_name,
      status: e.status,
      runningDay: dayOfEvent(e, now),
    })),
    past: past.map((e) => ({
      slug: e.slug,
      title: e.title,
      timeZone: e.time_zone,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      locationKind: e.location_kind,
      status: e.status,
      recordings: recordings.get(e.id) ?? 0,
    })),
    feedUrl: `${publicBaseUrl(request)}/calendar.ics`,
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

function EventCard({ event }: { event: Data['upcoming'][number] }) {
  return (
    <li className={event.runningDay ? 'event-card event-card--now' : 'event-card'}>
      {event.runningDay ? (
        <p className="happening-now">
          <span className="happening-now__label">Happening now</span>
          <span className="happening-now__day">{event.runningDay}</span>
        </p>
      ) : null}
      <h3 className="event-card__title">
        <Link to={eventPath(event.slug)}>{event.title}</Link> <StatusBadge status={event.status} />
      </h3>
      <p className="event-card__meta">
        <DateSpan start={event.startsAt} end={event.endsAt} zone={event.timeZone} />
        <span aria-hidden="true"> · </span>
        {LOCATION_LABELS[event.locationKind]}
        {event.venueName ? `, ${event.venueName}` : ''}
      </p>
      {event.excerpt ? <p className="event-card__excerpt">{event.excerpt}</p> : null}
    </li>
  )
}

function PastEventRow({ event }: { event: Data['past'][number] }) {
  return (
    <li className="past-events__item">
      <span className="past-events__date">
        <DateSpan start={event.startsAt} end={event.endsAt} zone={event.timeZone} />
      </span>
      <span className="past-events__title">
        <Link to={eventPath(event.slug)}>{event.title}</Link> <StatusBadge status={event.status} />
      </span>
      <span className="past-events__facts">
        {LOCATION_LABELS[event.locationKind]}
        <span aria-hidden="true"> · </span>
        {event.recordings ? plural(event.recordings, 'recording') : 'No recordings yet'}
      </span>
    </li>
  )
}

export default function Home() {
  const { upcoming, past, feedUrl } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-intro">
        <h1>Developer summits</h1>
        <p className="lead">
          Small, focused meetings where maintainers of the scientific Python ecosystem work through problems that cross
          project boundaries.
        </p>
      </div>
      <section aria-labelledby="upcoming-heading" className="home-section">
        <h2 id="upcoming-heading">Upcoming</h2>
        {upcoming.length ? (
          <ul className="event-list">
            {upcoming.map((e) => (
              <EventCard key={e.slug} event={e} />
            ))}
          </ul>
        ) : (
          <p className="empty">No upcoming events yet.</p>
        )}
      </section>
      <section aria-labelledby="past-heading" className="home-section">
        <h2 id="past-heading">Past</h2>
        {past.length ? (
          <ul className="past-events">
            {past.map((e) => (
              <PastEventRow key={e.slug} event={e} />
            ))}
          </ul>
        ) : (
          <p className="empty">No past events.</p>
        )}
      </section>
      <section aria-labelledby="calendar-heading" className="calendar-section">
        <h2 id="calendar-heading">All events in your calendar</h2>
        <CalendarSubscribe feedUrl={feedUrl} label="every Convene event" />
      </section>
    </>
  )
}
