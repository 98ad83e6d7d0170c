import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiPublicEvent } from '~/access/api.server'
import { scheduleJsonFor } from '~/models/feeds/schedule/schedule.server'
import { apiError } from '~/utils/api.server'
import { cachedTextResponse } from '~/utils/http-cache.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

/** The published agenda as C3VOC schedule JSON, for conference apps and the c3voc tools. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // JSON clients get their 404 in JSON, as from the public API.
  const event = await requireApiPublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const schedule = await scheduleJsonFor(event)
  // A cancelled event has no schedule to follow: the same 404 as for an unknown one.
  if (!schedule) throw apiError(404, 'No published event has this slug.')
  return cachedTextResponse(request, schedule.body, {
    contentType: 'application/json; charset=utf-8',
    lastModified: schedule.lastModified,
  })
}
