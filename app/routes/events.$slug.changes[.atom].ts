import type { LoaderFunctionArgs } from '@remix-run/node'
import { changelogAtom } from '~/models/agenda/changelog'
import { listScheduleVersions } from '~/models/agenda/schedule.server'
import { cachedTextResponse } from '~/utils/http-cache.server'
import { appBaseUrl } from '~/utils/url.server'
import { requirePublicEvent } from '~/access/public.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const versions = await listScheduleVersions(event.id)
  return cachedTextResponse(request, changelogAtom(event, versions, appBaseUrl()), {
    contentType: 'application/atom+xml; charset=utf-8',
    lastModified: versions[0]?.published_at,
  })
}
