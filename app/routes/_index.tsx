import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { CalendarSubscribe } from '~/components/calendar-subscribe'
import { publicBaseUrl } from '~/utils/url.server'
import { Link, useLoaderData } from '@remix-run/react'
import { DateSpan, LOCATION_LABELS, StatusBadge } from '~/components/event-bits'
import { listPublicEvents, type PublicEvent } from '~/models/events/event.server'
import { markdownExcerpt } from '~/utils/markdown.server'
import { eventPath } from '~/utils/paths'

export const meta: MetaFunction = () => [
  { title: 'Convene — developer summits' },
  { name: 'description', content: 'Upcoming and past developer summits of the community.' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const { upcoming, past } = await listPublicEvents()
  const card = (e: PublicEvent) => ({
    slug: e.slug,
    title: e.title,
    excerpt: markdownExcerpt(e.summary_md),
    timeZone: e.time_zone,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    locationKind: e.location_kind,
    venueName: e.venue_name,
    status: e.status,
  })
  return { upcoming: upcoming.map(card), past: past.map(card), feedUrl: `${publicBaseUrl(request)}/calendar.ics` }
}

type Card = ReturnType<typeof useLoaderData<typeof loader>>['upcoming'][number]

function EventCard({ event }: { event: Card }) {
  return (
    <li className="event-card">
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
      <section aria-labelledby="upcoming-heading">
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
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past</h2>
        {past.length ? (
          <ul className="event-list">
            {past.map((e) => (
              <EventCard key={e.slug} event={e} />
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
