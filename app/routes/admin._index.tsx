import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DateSpan, LOCATION_LABELS } from '~/components/event-bits'
import { listManagedEvents } from '~/models/events/event.server'
import { requireUser } from '~/access/user.server'
import { eventPath } from '~/utils/paths'

export const meta: MetaFunction = () => [{ title: 'Your events — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const events = await listManagedEvents(user)
  return {
    user: { name: user.name, isAdmin: user.is_admin },
    events: events.map((e) => ({
      id: e.id,
      slug: e.slug,
      title: e.title,
      status: e.status,
      timeZone: e.time_zone,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      locationKind: e.location_kind,
    })),
  }
}

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
        <table className="data-table">
          <caption className="visually-hidden">Events you manage</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Dates</th>
              <th scope="col">Format</th>
              <th scope="col">Status</th>
              <th scope="col">Public page</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link to={`/admin/events/${e.id}`}>{e.title}</Link>
                </th>
                <td>
                  <DateSpan start={e.startsAt} end={e.endsAt} zone={e.timeZone} />
                </td>
                <td>{LOCATION_LABELS[e.locationKind]}</td>
                <td>
                  <span className={`status status--${e.status}`}>{e.status}</span>
                </td>
                <td>
                  {e.status === 'draft' ? (
                    <span className="muted">Not public yet</span>
                  ) : (
                    <Link to={eventPath(e.slug)}>/events/{e.slug}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">You do not organize any event yet. Create one to start.</p>
      )}
    </>
  )
}
