import type { LoaderFunctionArgs } from '@remix-run/node'
import { personalCalendar } from '~/models/feeds/calendar-feed.server'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { cachedTextResponse } from '~/utils/http-cache.server'

/** One attendee's calendar (their event and starred sessions), behind the feed token only they know. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await personalCalendar(params.token ?? '')
  if (!feed) {
    return new Response('This calendar link is not valid (it may have been replaced by a new one).', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    })
  }
  showsPublicContent([{ eventId: feed.eventId }, { registrationId: feed.registrationId }])
  return cachedTextResponse(request, feed.ics, {
    contentType: 'text/calendar; charset=utf-8',
    lastModified: feed.lastModified,
    // Private: shared caches must not keep it, and a new token must take effect at once.
    private: true,
    headers: {
      'content-disposition': `inline; filename="${feed.filename}"`,
      'x-robots-tag': 'noindex',
      'referrer-policy': 'no-referrer',
    },
  })
}
