import type { ActionFunctionArgs } from '@remix-run/node'
import { getEventBySlug } from '~/models/events/event.server'
import { describeChange } from '~/models/agenda/changelog'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { scheduleWarnings } from '~/models/agenda/session.server'
import { apiError, methodNotAllowed } from '~/utils/api.server'
import { requireApiEventOrganizer, requireApiUser } from '~/access/user.server'

export async function loader() {
  return methodNotAllowed(['POST'])
}

/** Publishes the working agenda as a new version (organizer token). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const event = await getEventBySlug(params.slug ?? '')
  if (!event) {
    await requireApiUser(request)
    return apiError(404, 'No event has this slug.')
  }
  const user = await requireApiEventOrganizer(request, event.id)
  const { version, changes } = await publishSchedule(event.id, user.name)
  const warnings = await scheduleWarnings(event)
  return Response.json({
    version,
    changes: changes.map((c) => ({ ...c, summary: describeChange(c, event.time_zone) })),
    warnings: warnings.map(({ type, message, sessionIds }) => ({ type, message, sessionIds })),
  })
}
