import type { LoaderFunctionArgs } from '@remix-run/node'
import { changelogAtom } from '~/models/changelog.server'
import { getPublicEventBySlug } from '~/models/event.server'
import { listScheduleVersions } from '~/models/schedule.server'
import { appBaseUrl } from '~/utils/url.server'
import { cachedTextResponse } from '~/utils/http-cache.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await getPublicEventBySlug(params.slug ?? '')
  if (!event) return new Response('There is no published event at this address.', { status: 404 })
  const body = changelogAtom(event, await listScheduleVersions(event.id), appBaseUrl())
  return new Response(body, {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' },
  })
}
