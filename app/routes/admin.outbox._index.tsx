import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { env } from '~/env.server'
import { listOutbox, outboxStatusLabel } from '~/models/outbox/delivery.server'
import { listManagedEvents } from '~/models/events/event.server'
import { requireUser } from '~/access/user.server'
import { formatDateTime } from '~/utils/time'

const SHOWN = 200

export const meta: MetaFunction = () => [{ title: 'Outbox — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const eventIds = user.is_admin ? 'all' : (await listManagedEvents(user)).map((e) => e.id)
  const emails = await listOutbox({ eventIds, limit: SHOWN })
  return {
    isAdmin: user.is_admin,
    sendingOn: Boolean(env().SMTP_URL),
    limit: SHOWN,
    emails: emails.map((e) => ({
      id: e.id,
      kind: e.kind,
      to: e.to_address,
      subject: e.subject,
      eventTitle: e.event_title,
      status: e.status,
      statusLabel: outboxStatusLabel(e),
      createdAt: e.created_at,
    })),
  }
}

/** The outbox list; one email is at /admin/outbox/:id (admin.outbox.$id.tsx). */
export default function OutboxPage() {
  const { isAdmin, sendingOn, limit, emails } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin">{isAdmin ? 'All events' : 'Your events'}</Link>
      </p>
      <div className="page-heading">
        <div>
          <h1>Outbox</h1>
          <p className="lead">
            {isAdmin ? 'Every email Convene has queued' : 'Emails Convene has queued for the events you organize'},
            newest first.
          </p>
        </div>
      </div>
      {sendingOn ? null : (
        <p className="notice notice--warning" role="note">
          Email sending is off (no SMTP_URL): emails stay here; copy manage links from them.
        </p>
      )}
      {emails.length ? (
        <table className="data-table data-table--cards outbox-table">
          <caption className="visually-hidden">
            Outbox emails, newest first{emails.length >= limit ? ` (the latest ${limit})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr key={e.id}>
                <td data-label="When">
                  <time dateTime={new Date(e.createdAt).toISOString()}>
                    {formatDateTime(new Date(e.createdAt), 'UTC')}
                  </time>
                </td>
                <td data-label="To">{e.to}</td>
                <th scope="row">
                  <Link to={`/admin/outbox/${e.id}`}>{e.subject}</Link>
                </th>
                <td data-label="Kind">{e.kind}</td>
                <td data-label="Event">{e.eventTitle ?? <span className="muted">None</span>}</td>
                <td data-label="Status">
                  <span className={`outbox-status outbox-status--${e.status}`}>{e.statusLabel}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">No emails yet.</p>
      )}
      {emails.length >= limit ? <p className="muted">Showing the latest {limit} emails.</p> : null}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
