import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { DateTime } from 'luxon'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { ATTENDANCE_LABELS } from '~/models/registration/schema'
import {
  countByProject,
  getRegistrationCounts,
  listRegistrations,
  RegistrationError,
  setCheckedIn,
  setRegistrationStatus,
} from '~/models/registration/registration.server'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'
import { text } from '~/utils/text'

const STATUSES = ['confirmed', 'waitlisted', 'pending', 'cancelled', 'declined'] as const
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  confirmed: 'Confirmed',
  waitlisted: 'Waiting list',
  pending: 'Pending approval',
  cancelled: 'Cancelled',
  declined: 'Declined',
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('status'),
    registrationId: z.number().int().positive(),
    to: z.enum([...STATUSES, 'approved'], { error: 'Choose a status' }),
    reason: text().trim().max(500, 'Keep the reason under 500 characters').optional(),
  }),
  z.object({
    intent: z.literal('check-in'),
    registrationId: z.number().int().positive(),
    checkedIn: z.boolean().default(false),
  }),
])

export const meta: MetaFunction = () => [{ title: 'Registrations — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const url = new URL(request.url)
  const status = STATUSES.find((s) => s === url.searchParams.get('status'))
  const q = url.searchParams.get('q')?.slice(0, 200) ?? ''
  const [rows, counts, byProject] = await Promise.all([
    listRegistrations(event.id, { status, q }),
    getRegistrationCounts(event.id),
    countByProject(event.id),
  ])
  // Check-in is offered from the first event day to the last, in the event's zone.
  const today = DateTime.now().setZone(event.time_zone).toISODate()
  const firstDay = DateTime.fromJSDate(event.starts_at, { zone: event.time_zone }).toISODate()
  const lastDay = DateTime.fromJSDate(event.ends_at, { zone: event.time_zone }).toISODate()
  return {
    event: {
      id: event.id,
      slug: event.slug,
      capacity: event.capacity,
      inPersonCapacity: event.in_person_capacity,
      locationKind: event.location_kind,
    },
    checkInOpen: today !== null && firstDay !== null && lastDay !== null && today >= firstDay && today <= lastDay,
    counts,
    byProject,
    filter: { status: status ?? '', q },
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      status: r.status,
      position: r.position,
      mode: r.attendance_mode,
      affiliations: r.affiliations,
      accessibility: r.accessibility_needs,
      dietary: r.dietary_needs,
      registeredAt: r.created_at.toISOString().slice(0, 16).replace('T', ' '),
      checkedIn: r.checked_in_at !== null,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await requireManagedEvent(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const submission = parseWithZod(formData, { schema: ActionSchema })
  if (submission.status !== 'success') {
    return data(
      { ok: false, message: Object.values(submission.error ?? {}).flat()[0] ?? 'Check the form.' },
      { status: 400 },
    )
  }
  const value = submission.value
  try {
    if (value.intent === 'status') {
      const { registration, promoted } = await setRegistrationStatus(value.registrationId, event.id, value.to, {
        actor: user.name,
        reason: value.reason,
      })
      const moved = promoted.length ? ` ${promoted.length} from the waiting list confirmed.` : ''
      return { ok: true, message: `${registration.name}: ${STATUS_LABELS[registration.status]}.${moved}` }
    }
    await setCheckedIn(value.registrationId, event.id, value.checkedIn)
    return { ok: true, message: value.checkedIn ? 'Checked in.' : 'Check-in undone.' }
  } catch (error) {
    if (error instanceof RegistrationError) return data({ ok: false, message: error.message }, { status: 409 })
    throw error
  }
}

function StatusCell({ status, position }: { status: (typeof STATUSES)[number]; position: number | null }) {
  return (
    <span className={`status status--${status}`}>
      {STATUS_LABELS[status]}
      {status === 'waitlisted' && position ? ` #${position}` : ''}
    </span>
  )
}

export default function RegistrationsPage() {
  const { event, counts, byProject, filter, rows, checkInOpen } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const maxProject = Math.max(1, ...byProject.map((p) => p.count))
  return (
    <div className="stack">
      {actionData ? (
        <p className={`notice ${actionData.ok ? 'notice--success' : 'notice--warning'}`} role="status">
          {actionData.message}
        </p>
      ) : null}
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="visually-hidden">
          Counts
        </h2>
        <ul className="stat-grid">
          <li>
            <span className="stat">{counts.confirmed}</span> confirmed
            {event.capacity !== null ? <span className="muted"> of {event.capacity}</span> : null}
          </li>
          <li>
            <span className="stat">{counts.waitlisted}</span> waiting list
          </li>
          <li>
            <span className="stat">{counts.pending}</span> pending
          </li>
          <li>
            <span className="stat">{counts.cancelled + counts.declined}</span> cancelled or declined
          </li>
          {event.locationKind === 'hybrid' ? (
            <li>
              <span className="stat">{counts.confirmedInPerson}</span> in person
              {event.inPersonCapacity !== null ? (
                <span className="muted"> of {event.inPersonCapacity}</span>
              ) : null}, <span className="stat">{counts.confirmedRemote}</span> remote
            </li>
          ) : null}
          {checkInOpen ? (
            <li>
              <span className="stat">{counts.checkedIn}</span> checked in
            </li>
          ) : null}
        </ul>
      </section>

      {byProject.length ? (
        <section className="card" aria-labelledby="projects-heading">
          <h2 id="projects-heading">Registrations by project</h2>
          <table className="bar-table">
            <caption className="visually-hidden">
              Active registrations (confirmed, waiting, pending) per project
            </caption>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Registrations</th>
              </tr>
            </thead>
            <tbody>
              {byProject.map((p) => (
                <tr key={p.project}>
                  <th scope="row">{p.project}</th>
                  <td>
                    <span className="bar" style={{ width: `${(p.count / maxProject) * 100}%` }} aria-hidden="true" />
                    <span className="bar-value">{p.count}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="list-heading" className="stack">
        <div className="row-between">
          <h2 id="list-heading">People</h2>
          <a href={`/admin/events/${event.id}/registrations.csv`} className="button button--secondary" download>
            Export CSV
          </a>
        </div>
        <Form method="get" className="filter-bar" role="search" aria-label="Filter registrations">
          <div className="field">
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" name="status" defaultValue={filter.status}>
              <option value="">All</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-q">Search</label>
            <input id="filter-q" name="q" type="search" defaultValue={filter.q} placeholder="Name, email or project" />
          </div>
          <div>
            <button type="submit" className="button">
              Filter
            </button>
          </div>
          {searchParams.toString() ? <Link to=".">Clear</Link> : null}
        </Form>
        {rows.length ? (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Registrations</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attendance</th>
                  <th scope="col">Projects</th>
                  <th scope="col">Registered (UTC)</th>
                  {checkInOpen ? <th scope="col">Check-in</th> : null}
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.name}
                      <br />
                      <span className="muted small">{r.email}</span>
                      {r.accessibility ? <span className="tag">Access needs</span> : null}
                      {r.dietary ? <span className="tag">Dietary</span> : null}
                    </th>
                    <td>
                      <StatusCell status={r.status} position={r.position} />
                    </td>
                    <td>{ATTENDANCE_LABELS[r.mode]}</td>
                    <td>{r.affiliations.join(', ')}</td>
                    <td>{r.registeredAt}</td>
                    {checkInOpen ? (
                      <td>
                        {r.status === 'confirmed' ? (
                          <Form method="post">
                            <AuthenticityTokenInput />
                            <input type="hidden" name="intent" value="check-in" />
                            <input type="hidden" name="registrationId" value={r.id} />
                            {r.checkedIn ? null : <input type="hidden" name="checkedIn" value="on" />}
                            <button
                              type="submit"
                              className="button button--small button--secondary"
                              aria-pressed={r.checkedIn}
                            >
                              {r.checkedIn ? '✓ Checked in' : 'Check in'}{' '}
                              <span className="visually-hidden">{r.name}</span>
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                    <td>
                      {r.status === 'pending' ? (
                        <Form method="post" className="inline-form">
                          <AuthenticityTokenInput />
                          <input type="hidden" name="intent" value="status" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <button type="submit" name="to" value="approved" className="button button--small">
                            Approve <span className="visually-hidden">{r.name}</span>
                          </button>
                          <button
                            type="submit"
                            name="to"
                            value="declined"
                            className="button button--small button--secondary"
                          >
                            Decline <span className="visually-hidden">{r.name}</span>
                          </button>
                        </Form>
                      ) : null}
                      <details className="row-details">
                        <summary>
                          Move or cancel <span className="visually-hidden">{r.name}</span>
                        </summary>
                        <Form method="post" className="stack">
                          <AuthenticityTokenInput />
                          <input type="hidden" name="intent" value="status" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <div className="field">
                            <label htmlFor={`to-${r.id}`}>New status</label>
                            <select id={`to-${r.id}`} name="to" defaultValue="">
                              <option value="" disabled>
                                Choose…
                              </option>
                              {STATUSES.filter((s) => s !== r.status).map((s) => (
                                <option key={s} value={s}>
                                  {STATUS_LABELS[s]}
                                </option>
                              ))}
                            </select>
                          </div>
                          <div className="field">
                            <label htmlFor={`reason-${r.id}`}>Reason (sent to them)</label>
                            <input id={`reason-${r.id}`} name="reason" maxLength={500} />
                          </div>
                          <div>
                            <button type="submit" className="button button--small">
                              Apply
                            </button>
                          </div>
                        </Form>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty">
            {filter.status || filter.q ? 'No registration matches this filter.' : 'No registrations yet.'}
          </p>
        )}
      </section>
    </div>
  )
}
