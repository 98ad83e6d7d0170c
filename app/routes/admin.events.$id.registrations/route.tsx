import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireManagedEvent } from '~/access/event.server'
import { listStatusHistory } from '~/models/registration/history.server'
import { countByProject, countRegistrations, listRegistrations } from '~/models/registration/registrations.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { changeStatus, checkIn, decideInBulk, RegistrationsActionSchema } from './actions.server'
import { BulkActions } from './bulk-actions'
import { CountsSection } from './counts'
import { FilterBar } from './filter-bar'
import { ProjectChart } from './project-chart'
import { RegistrationsTable } from './registrations-table'
import { filterFrom, isCheckInOpen, registrationView } from './view-model'

export const meta: MetaFunction = () => [{ title: 'Registrations — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const { status, q } = filterFrom(new URL(request.url))
  const [rows, counts, byProject, history] = await Promise.all([
    listRegistrations(event.id, { status, q }),
    countRegistrations(event.id),
    countByProject(event.id),
    listStatusHistory(event.id),
  ])
  return {
    event: {
      id: event.id,
      capacity: event.capacity,
      inPersonCapacity: event.in_person_capacity,
      locationKind: event.location_kind,
    },
    checkInOpen: isCheckInOpen(event),
    counts,
    byProject,
    filter: { status: status ?? '', q },
    rows: rows.map((r) => registrationView(r, history.get(r.id) ?? [])),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, RegistrationsActionSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  return answerDomainErrors(() => {
    if (value.intent === 'status') return changeStatus(event.id, user, value)
    if (value.intent === 'bulk') return decideInBulk(event.id, user, value)
    return checkIn(event.id, value)
  }, submission)
}

function ActionNotice() {
  const actionData = useActionData<typeof action>()
  if (!actionData) return null
  return (
    <p className={`notice ${actionData.ok ? 'notice--success' : 'notice--warning'}`} role="status">
      {actionData.message}
    </p>
  )
}

export default function RegistrationsPage() {
  const { event, counts, byProject, filter, rows, checkInOpen } = useLoaderData<typeof loader>()
  const pending = rows.filter((r) => r.status === 'pending').length
  return (
    <div className="stack">
      <ActionNotice />
      <CountsSection
        counts={counts}
        capacity={event.capacity}
        inPersonCapacity={event.inPersonCapacity}
        hybrid={event.locationKind === 'hybrid'}
        checkInOpen={checkInOpen}
      />
      {/* During the event the list comes first: check-in happens at the door, on a phone. */}
      {checkInOpen ? null : <ProjectChart byProject={byProject} />}
      <section aria-labelledby="list-heading" className="stack">
        <div className="row-between">
          <h2 id="list-heading">People</h2>
          <a href={`/admin/events/${event.id}/registrations.csv`} className="button button--secondary" download>
            Export CSV
          </a>
        </div>
        <FilterBar filter={filter} />
        {pending ? <BulkActions pending={pending} /> : null}
        {rows.length ? (
          <RegistrationsTable rows={rows} checkInOpen={checkInOpen} />
        ) : (
          <p className="empty">
            {filter.status || filter.q ? 'No registration matches this filter.' : 'No registrations yet.'}
          </p>
        )}
      </section>
      {checkInOpen ? <ProjectChart byProject={byProject} /> : null}
    </div>
  )
}
