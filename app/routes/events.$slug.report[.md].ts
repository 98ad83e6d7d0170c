import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventReport, reportMarkdown } from '~/models/events/report.server'
import { appBaseUrl } from '~/utils/url.server'
import { requirePublicEvent } from '~/access/public.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const body = reportMarkdown(event.title, await eventReport(event), appBaseUrl(), event.slug)
  return new Response(body, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${event.slug}-report.md"`,
    },
  })
}
