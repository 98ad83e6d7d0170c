import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { emailStarredChanges } from '~/models/agenda/notify.server'
import { publishSchedule, scheduleState } from '~/models/agenda/schedule.server'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { listSessions, scheduleWarnings } from '~/models/agenda/session.server'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { DateTime } from 'luxon'
import { eventPath } from '~/utils/paths'

export const meta: MetaFunction = () => [{ title: 'Agenda — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const [sessions, warnings, state] = await Promise.all([
    listSessions(event.id),
    scheduleWarnings(event),
    scheduleState(event.id),
  ])
  const flagged = new Set(warnings.flatMap((w) => w.sessionIds))
  return {
    event: { id: event.id, slug: event.slug, status: event.status },
    state: { ...state, publishedAt: state.publishedAt ? formatDateTime(state.publishedAt, event.time_zone) : null },
    warnings,
    days: groupByDay(
      sessions.map((s) => ({
        id: s.id,
        title: s.title,
        kind: SESSION_KIND_LABELS[s.kind],
        time: `${DateTime.fromJSDate(s.starts_at, { zone: event.time_zone }).toFormat('HH:mm')}–${DateTime.fromJSDate(
          s.ends_at,
          { zone: event.time_zone },
        ).toFormat('HH:mm')}`,
        day: DateTime.fromJSDate(s.starts_at, { zone: event.time_zone }).setLocale('en-GB').toFormat('cccc d LLLL'),
        room: s.room,
        track: s.track,
        speakers: s.speakers.map((p) => p.name).join(', '),
        status: s.status,
        flagged: flagged.has(s.id),
      })),
    ),
  }
}

function groupByDay<T extends { day: string }>(items: T[]): [string, T[]][] {
  const days = new Map<string, T[]>()
  for (const item of items) days.set(item.day, [...(days.get(item.day) ?? []), item])
  return [...days.entries()]
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await requireManagedEvent(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const { version, changes } = await publishSchedule(event.id, user.name)
  const emailed = formData.get('notify') === 'on' ? await emailStarredChanges(event, version, changes) : 0
  return {
    message: `Version ${version} published with ${changes.length} change${changes.length === 1 ? '' : 's'}.${
      emailed ? ` ${emailed} attendee${emailed === 1 ? '' : 's'} emailed about sessions they starred.` : ''
    }`,
  }
}

export default function AgendaAdminPage() {
  const { event, state, warnings, days } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="stack">
      {actionData ? (
        <p className="notice notice--success" role="status">
          {actionData.message}
        </p>
      ) : null}
      <div className="card row-between">
        <p>
          {state.version ? (
            <>
              The public sees <strong>version {state.version}</strong>, published {state.publishedAt}.{' '}
            </>
          ) : (
            <>The agenda is not published yet. </>
          )}
          {state.unpublishedChanges ? (
            <strong>
              {state.unpublishedChanges} session{state.unpublishedChanges === 1 ? '' : 's'} changed since.
            </strong>
          ) : state.version ? (
            'No unpublished changes.'
          ) : null}
          {state.version ? (
            <>
              {' '}
              <Link to={eventPath(event.slug, 'changes')}>Changelog</Link>
            </>
          ) : null}
        </p>
        <div className="inline-form">
          <Link to="new" className="button button--secondary">
            Add session
          </Link>
          <Form method="post" className="publish-form">
            <AuthenticityTokenInput />
            <label className="small">
              <input type="checkbox" name="notify" defaultChecked={state.version > 0} /> Email attendees about changes
              to sessions they starred
            </label>
            <button type="submit" className="button" disabled={!state.unpublishedChanges}>
              Publish changes
            </button>
          </Form>
        </div>
      </div>
      {warnings.length ? (
        <section className="notice notice--warning" aria-labelledby="warnings-heading">
          <h2 id="warnings-heading" className="warning-heading">
            {warnings.length} conflict{warnings.length === 1 ? '' : 's'} to look at
          </h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {days.length ? (
        days.map(([day, sessions], index) => (
          <section key={day} aria-labelledby={`day-${index}`}>
            <h2 id={`day-${index}`}>{day}</h2>
            <table className="data-table">
              <caption className="visually-hidden">Sessions on {day}</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Session</th>
                  <th scope="col">Room</th>
                  <th scope="col">Track</th>
                  <th scope="col">Speakers</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.id} className={s.status === 'cancelled' ? 'row--cancelled' : undefined}>
                    <td>{s.time}</td>
                    <th scope="row">
                      <Link to={String(s.id)}>{s.title}</Link>
                      <br />
                      <span className="muted small">{s.kind}</span>
                      {s.status === 'cancelled' ? <span className="tag tag--danger">Cancelled</span> : null}
                      {s.flagged ? <span className="tag tag--warning">Conflict</span> : null}
                    </th>
                    <td>{s.room}</td>
                    <td>{s.track}</td>
                    <td>{s.speakers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      ) : (
        <p className="empty">No sessions yet. Add the first one.</p>
      )}
    </div>
  )
}
