import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DateSpan, LOCATION_LABELS } from '~/components/event-bits'
import { eventDashboardCounts } from '~/models/events/dashboard.server'
import { listManagedEvents } from '~/models/events/event.server'
import { requireUser } from '~/access/user.server'
import { eventPath } from '~/utils/paths'

export const meta: MetaFunction = () => [{ title: 'Your events — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const events = await listManagedEvents(user)
  const counts = await Promise.all(events.map((e) => eventDashboardCounts(e)))
  return {
    user: { name: user.name, isAdmin: user.is_admin },
    events: events.map((e, i) => ({
      id: e.id,
      slug: e.slug,
      title: e.title,
      status: e.status,
      timeZone: e.time_zone,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      locationKind: e.location_kind,
      counts: counts[i]!,
    })),
  }
}

type EventItem = ReturnType<typeof useLoaderData<typeof loader>>['events'][number]

export default function AdminHome() {
  const { user, events } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>{user.isAdmin ? 'All events' : 'Your events'}</h1>
          <p className="lead">
            Signed in as {user.name}
            {user.isAdmin ? ' (administrator)' : ''}.
          </p>
        </div>
        <div className="form-actions">
          <Link to="/admin/outbox" className="button button--secondary">
            Outbox
          </Link>
          <Link to="/admin/events/new" className="button">
            New event
          </Link>
        </div>
      </div>
      {events.length ? (
        <ul className="admin-events" aria-label="Events you manage">
          {events.map((e) => (
            <EventSummary key={e.id} event={e} />
          ))}
        </ul>
      ) : (
        <p className="empty">You do not organize any event yet. Create one to start.</p>
      )}
    </>
  )
}

/** One event: what it is, then the numbers that need an organizer, each linking to the page that handles it. */
function EventSummary({ event: e }: { event: EventItem }) {
  const base = `/admin/events/${e.id}`
  const c = e.counts
  const headingId = `event-${e.id}-title`
  return (
    <li className="admin-event">
      <article aria-labelledby={headingId}>
        <div className="admin-event__head">
          <h2 className="admin-event__title" id={headingId}>
            <Link to={base}>{e.title}</Link>
          </h2>
          <span className={`status status--${e.status}`}>{e.status}</span>
        </div>
        <p className="admin-event__meta small">
          <DateSpan start={e.startsAt} end={e.endsAt} zone={e.timeZone} /> · {LOCATION_LABELS[e.locationKind]} ·{' '}
          {e.status === 'draft' ? 'Not public yet' : <Link to={eventPath(e.slug)}>/events/{e.slug}</Link>}
        </p>
        <ul className="admin-event__counts" aria-label={`Numbers for ${e.title}`}>
          <Count to={`${base}/registrations?status=confirmed`} value={c.confirmed} label="confirmed">
            {c.capacity !== null ? <> of {c.capacity}</> : null}
          </Count>
          <Count to={`${base}/registrations?status=waitlisted`} value={c.waitlisted} label="waiting" />
          <Count to={`${base}/registrations?status=pending`} value={c.pending} label="pending" attention={c.pending > 0} />
          <Count to={`${base}/sessions`} value={c.sessions} label={c.sessions === 1 ? 'session' : 'sessions'} />
          <Count
            to={`${base}/sessions`}
            value={c.conflicts}
            label={c.conflicts === 1 ? 'conflict' : 'conflicts'}
            attention={c.conflicts > 0}
          />
          <Count
            to={`${base}/sessions`}
            value={c.unpublishedChanges}
            label="unpublished changes"
            attention={c.unpublishedChanges > 0}
          />
        </ul>
      </article>
    </li>
  )
}

function Count({
  to,
  value,
  label,
  attention = false,
  children,
}: {
  to: string
  value: number
  label: string
  attention?: boolean
  children?: React.ReactNode
}) {
  return (
    <li>
      <Link to={to}>
        <span className={`count${attention ? ' count--attention' : ''}`}>{value}</span> {label}
        {children}
      </Link>
    </li>
  )
}
