import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventReport, reportMarkdown } from '~/models/events/report.server'
import { getPublicEventBySlug } from '~/models/events/event.server'
import { appBaseUrl } from '~/utils/url.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await getPublicEventBySlug(params.slug ?? '')
  if (!event) return new Response('There is no published event at this address.', { status: 404 })
  const body = reportMarkdown(event.title, await eventReport(event), appBaseUrl(), event.slug)
  return new Response(body, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${event.slug}-report.md"`,
    },
  })
}
