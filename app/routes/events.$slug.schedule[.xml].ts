import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePublicEvent } from '~/access/public.server'
import { scheduleXmlFor } from '~/models/feeds/schedule/schedule.server'
import { cachedTextResponse } from '~/utils/http-cache.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

/** The published agenda as frab / C3VOC schedule XML, for conference apps (Giggity, ConfClerk, EventFahrplan). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const schedule = await scheduleXmlFor(event)
  // A cancelled event has no schedule to follow.
  if (!schedule) {
    return new Response('There is no published event at this address.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  return cachedTextResponse(request, schedule.body, {
    contentType: 'application/xml; charset=utf-8',
    lastModified: schedule.lastModified,
  })
}
