import type { LoaderFunctionArgs } from '@remix-run/node'
import { registrationsCsv } from '~/models/registration/csv.server'
import { requireManagedEvent } from '~/access/event.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return new Response(await registrationsCsv(event.id), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${event.slug}-registrations.csv"`,
      'cache-control': 'no-store',
    },
  })
}
