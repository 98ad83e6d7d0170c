import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePublicEvent } from '~/access/public.server'
import { eventCalendarFor } from '~/models/feeds/calendar-feed.server'
import { cachedTextResponse } from '~/utils/http-cache.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

/** The agenda of a published event as an iCalendar feed; `?track=` keeps one track's sessions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const track = new URL(request.url).searchParams.get('track')
  const feed = await eventCalendarFor(event, { track })
  return cachedTextResponse(request, feed.ics, {
    contentType: 'text/calendar; charset=utf-8',
    lastModified: feed.lastModified,
    etag: feed.etag,
    headers: { 'content-disposition': `inline; filename="${feed.filename}"` },
  })
}
