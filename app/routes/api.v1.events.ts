import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { EventInputSchema } from '~/models/events/schema'
import { createEvent, listPublicEvents, SlugTakenError } from '~/models/events/event.server'
import { eventToJson, managedEventToJson } from '~/models/events/json'
import { apiError, methodNotAllowed, readJsonBody, zodIssues } from '~/utils/api.server'
import { publicBaseUrl } from '~/utils/url.server'
import { requireApiUser } from '~/access/api.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { upcoming, past } = await listPublicEvents()
  const base = publicBaseUrl(request)
  return Response.json({
    // Chronological: the past ones (listed newest first) reversed, then the upcoming ones.
    events: [...past.reverse(), ...upcoming].map((e) => eventToJson(e, base)),
  })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const user = await requireApiUser(request)
  const parsed = EventInputSchema.safeParse(await readJsonBody(request))
  if (!parsed.success) return apiError(400, 'The event is not valid.', zodIssues(parsed.error))
  try {
    const event = await createEvent(parsed.data, user.id)
    return Response.json(managedEventToJson(event, publicBaseUrl(request)), {
      status: 201,
      headers: { location: `/api/v1/events/${event.slug}` },
    })
  } catch (error) {
    if (error instanceof SlugTakenError) {
      return apiError(409, error.message, [{ path: ['slug'], message: error.message }])
    }
    throw error
  }
}
