import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { requireManagedEvent } from '~/access/event.server'
import { emailStarredChanges } from '~/models/agenda/notify.server'
import { publishSchedule, scheduleState } from '~/models/agenda/schedule.server'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { listSessions, scheduleWarnings } from '~/models/agenda/session.server'
import { parseAction } from '~/utils/action.server'
import { plural } from '~/utils/format'
import { eventPath } from '~/utils/paths'
import { formatDateTime } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'Agenda — Convene' }]

type SessionRow = {
  id: number
  title: string
  kind: string
  time: string
  day: string
  room: string | null
  track: string | null
  speakers: string
  status: 'scheduled' | 'cancelled'
  flagged: boolean
}

/** Rows under their `day` label, days in the order they first appear (the rows come in time order). */
function groupRowsByDayLabel(rows: SessionRow[]): [string, SessionRow[]][] {
  const days = new Map<string, SessionRow[]>()
  for (const row of rows) days.set(row.day, [...(days.get(row.day) ?? []), row])
  return [...days.entries()]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const [sessions, warnings, state] = await Promise.all([
    listSessions(event.id),
    scheduleWarnings(event),
    scheduleState(event.id),
  ])
  const flagged = new Set(warnings.flatMap((w) => w.sessionIds))
  const zoned = (d: Date) => DateTime.fromJSDate(d, { zone: event.time_zone })
  const rows = sessions.map(
    (s): SessionRow => ({
      id: s.id,
      title: s.title,
      kind: SESSION_KIND_LABELS[s.kind],
      time: `${zoned(s.starts_at).toFormat('HH:mm')}–${zoned(s.ends_at).toFormat('HH:mm')}`,
      day: zoned(s.starts_at).setLocale('en-GB').toFormat('cccc d LLLL'),
      room: s.room,
      track: s.track,
      speakers: s.speakers.map((p) => p.name).join(', '),
      status: s.status,
      flagged: flagged.has(s.id),
    }),
  )
  return {
    event: { id: event.id, slug: event.slug, status: event.status },
    state: { ...state, publishedAt: state.publishedAt ? formatDateTime(state.publishedAt, event.time_zone) : null },
    warnings,
    days: groupRowsByDayLabel(rows),
  }
}

/**
 * The publish form: its button, whether to email attendees about the sessions they starred, and — once the page
 * has shown the conflicts — the organizer's "Publish anyway".
 */
const PublishSchema = z.object({ notify: z.boolean().optional(), publishAnyway: z.boolean().optional() })

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, PublishSchema)
  if (parsed.failure) return parsed.failure
  if (!parsed.value.publishAnyway) {
    // Conflicts are the organizer's call, but one made knowingly: list them and ask again.
    const warnings = await scheduleWarnings(event)
    if (warnings.length) {
      return { ok: false, conflicts: warnings.map((w) => w.message), notify: parsed.value.notify ?? false }
    }
  }
  const { version, changes } = await publishSchedule(event.id, user.name)
  const emailed = parsed.value.notify ? await emailStarredChanges(event, version, changes) : 0
  return {
    ok: true,
    message: `Version ${version} published with ${plural(changes.length, 'change')}.${
      emailed ? ` ${plural(emailed, 'attendee')} emailed about sessions they starred.` : ''
    }`,
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function AgendaAdminPage() {
  const { event, state, warnings, days } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const conflicts =
    actionData && 'conflicts' in actionData && actionData.conflicts
      ? { list: actionData.conflicts, notify: Boolean(actionData.notify) }
      : null
  return (
    <div className="stack">
      {conflicts ? <PublishAnyway conflicts={conflicts.list} notify={conflicts.notify} /> : null}
      {actionData && 'message' in actionData && actionData.message ? (
        <p className={`notice ${actionData.ok ? 'notice--success' : 'notice--warning'}`} role="status">
          {actionData.message}
        </p>
      ) : null}
      <PublishBar state={state} slug={event.slug} />
      {warnings.length ? <ConflictWarnings warnings={warnings} /> : null}
      {days.length ? (
        days.map(([day, sessions], index) => <DayTable key={day} day={day} index={index} sessions={sessions} />)
      ) : (
        <p className="empty">No sessions yet. Add the first one.</p>
      )}
    </div>
  )
}

/** Which version the public sees, what changed since, and the button that publishes the changes. */
function PublishBar({ state, slug }: { state: LoaderData['state']; slug: string }) {
  return (
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
          <strong>{plural(state.unpublishedChanges, 'session')} changed since.</strong>
        ) : state.version ? (
          'No unpublished changes.'
        ) : null}
        {state.version ? (
          <>
            {' '}
            <Link to={eventPath(slug, 'changes')}>Changelog</Link>
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
            <input type="checkbox" name="notify" defaultChecked={state.version > 0} /> Email attendees about changes to
            sessions they starred
          </label>
          <button type="submit" className="button" disabled={!state.unpublishedChanges}>
            Publish changes
          </button>
        </Form>
      </div>
    </div>
  )
}

/** Asked after "Publish changes" when the agenda has conflicts: publish anyway, or go back and fix them. */
function PublishAnyway({ conflicts, notify }: { conflicts: string[]; notify: boolean }) {
  return (
    <section className="notice notice--warning publish-confirm" role="alert" aria-labelledby="publish-anyway-heading">
      <h2 id="publish-anyway-heading">Publish with {plural(conflicts.length, 'conflict')}?</h2>
      <ul>
        {conflicts.map((message, i) => (
          <li key={i}>{message}</li>
        ))}
      </ul>
      <Form method="post" className="inline-form">
        <AuthenticityTokenInput />
        <input type="hidden" name="publishAnyway" value="on" />
        {notify ? <input type="hidden" name="notify" value="on" /> : null}
        <button type="submit" className="button">
          Publish anyway
        </button>
        <Link to="." className="button button--secondary">
          Not yet
        </Link>
      </Form>
    </section>
  )
}

function ConflictWarnings({ warnings }: { warnings: LoaderData['warnings'] }) {
  return (
    <section className="notice notice--warning" aria-labelledby="warnings-heading">
      <h2 id="warnings-heading" className="warning-heading">
        {plural(warnings.length, 'conflict')} to look at
      </h2>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w.message}</li>
        ))}
      </ul>
    </section>
  )
}

function DayTable({ day, index, sessions }: { day: string; index: number; sessions: SessionRow[] }) {
  return (
    <section aria-labelledby={`day-${index}`}>
      <h2 id={`day-${index}`}>{day}</h2>
      <table className="data-table data-table--cards">
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
              <td data-label="Time">{s.time}</td>
              <th scope="row">
                <Link to={String(s.id)}>{s.title}</Link>
                <br />
                <span className="muted small">{s.kind}</span>
                {s.status === 'cancelled' ? <span className="tag tag--danger">Cancelled</span> : null}
                {s.flagged ? <span className="tag tag--warning">Conflict</span> : null}
              </th>
              <td data-label="Room">{s.room}</td>
              <td data-label="Track">{s.track}</td>
              <td data-label="Speakers">{s.speakers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
