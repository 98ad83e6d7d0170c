import type { ActionFunctionArgs } from '@remix-run/node'
import { describeChange } from '~/models/agenda/changelog'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { scheduleWarnings } from '~/models/agenda/session.server'
import { methodNotAllowed } from '~/utils/api.server'
import { requireApiManagedEvent } from '~/access/api.server'

export async function loader() {
  return methodNotAllowed(['POST'])
}

/** Publishes the working agenda as a new version (organizer token). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const { event, user } = await requireApiManagedEvent(request, params)
  const { version, changes } = await publishSchedule(event.id, user.name)
  const warnings = await scheduleWarnings(event)
  return Response.json({
    version,
    changes: changes.map((c) => ({ ...c, summary: describeChange(c, event.time_zone) })),
    warnings: warnings.map(({ type, message, sessionIds }) => ({ type, message, sessionIds })),
  })
}
