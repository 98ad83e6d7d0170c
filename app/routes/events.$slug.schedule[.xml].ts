import type { LoaderFunctionArgs } from '@remix-run/node'
import { scheduleXml } from '~/models/feeds/schedule/export.server'
import { cachedTextResponse } from '~/utils/http-cache.server'

/** The published agenda as frab / C3VOC schedule XML, for conference apps (Giggity, ConfClerk, EventFahrplan). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const schedule = await scheduleXml(params.slug ?? '')
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
