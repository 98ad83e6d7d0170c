import type { LoaderFunctionArgs } from '@remix-run/node'
import { communityCalendar } from '~/models/feeds/calendar-feed.server'
import { cachedTextResponse } from '~/utils/http-cache.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

/** Every published summit as an iCalendar feed. */
export async function loader({ request }: LoaderFunctionArgs) {
  showsPublicContent(['listing'])
  const feed = await communityCalendar()
  return cachedTextResponse(request, feed.ics, {
    contentType: 'text/calendar; charset=utf-8',
    lastModified: feed.lastModified,
    headers: { 'content-disposition': `inline; filename="${feed.filename}"` },
  })
}
