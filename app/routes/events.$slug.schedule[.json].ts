import type { LoaderFunctionArgs } from '@remix-run/node'
import { scheduleJson } from '~/models/feeds/schedule/export.server'
import { cachedTextResponse } from '~/utils/http-cache.server'

/** The published agenda as C3VOC schedule JSON, for conference apps and the c3voc tools. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const schedule = await scheduleJson(params.slug ?? '')
  if (!schedule) {
    return Response.json({ error: 'There is no published event at this address.' }, { status: 404 })
  }
  return cachedTextResponse(request, schedule.body, {
    contentType: 'application/json; charset=utf-8',
    lastModified: schedule.lastModified,
  })
}
