import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventCalendar } from '~/models/feeds/calendar-feed.server'
import { cachedTextResponse } from '~/utils/http-cache.server'

/** The agenda of a published event as an iCalendar feed; `?track=` keeps one track's sessions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const track = new URL(request.url).searchParams.get('track')
  const feed = await eventCalendar(params.slug ?? '', { track })
  if (!feed) {
    return new Response('There is no such event.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  return cachedTextResponse(request, feed.ics, {
    contentType: 'text/calendar; charset=utf-8',
    lastModified: feed.lastModified,
    etag: feed.etag,
    headers: { 'content-disposition': `inline; filename="${feed.filename}"` },
  })
}
