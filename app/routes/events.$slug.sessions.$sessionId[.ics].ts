import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePublishedSession } from '~/access/public.server'
import { sessionCalendar } from '~/models/feeds/calendar-feed.server'
import { cachedTextResponse } from '~/utils/http-cache.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

/** One published session as an iCalendar file, for calendars without a web "add" link (Apple Calendar). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session } = await requirePublishedSession(params)
  showsPublicContent([{ eventId: event.id }])
  const feed = await sessionCalendar(event, session)
  return cachedTextResponse(request, feed.ics, {
    contentType: 'text/calendar; charset=utf-8',
    lastModified: feed.lastModified,
    etag: feed.etag,
    headers: { 'content-disposition': `attachment; filename="${feed.filename}"` },
  })
}
