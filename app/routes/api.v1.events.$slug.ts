import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { EventInputSchema } from '~/models/events/schema'
import { SlugTakenError, updateEvent } from '~/models/events/event.server'
import { eventAsInput, eventToJson, managedEventToJson } from '~/models/events/json'
import { apiError, methodNotAllowed, readJsonBody, zodIssues } from '~/utils/api.server'
import { publicBaseUrl } from '~/utils/url.server'
import { registrationSummary } from '~/models/registration/registrations.server'
import { requireApiManagedEvent, requireApiPublicEvent } from '~/access/api.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requireApiPublicEvent(params)
  const { capacity, confirmed, waitlisted, pending, open } = await registrationSummary(event)
  return Response.json({
    ...eventToJson(event, publicBaseUrl(request)),
    registration: { capacity, confirmed, waitlisted, pending, open },
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'PATCH') return methodNotAllowed(['GET', 'PATCH'])
  const { event } = await requireApiManagedEvent(request, params)
  const body = await readJsonBody(request)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return apiError(400, 'Send a JSON object with the fields to change.')
  }
  const parsed = EventInputSchema.safeParse({ ...eventAsInput(event), ...body })
  if (!parsed.success) return apiError(400, 'The changes are not valid.', zodIssues(parsed.error))
  try {
    const updated = await updateEvent(event.id, parsed.data)
    return Response.json(managedEventToJson(updated, publicBaseUrl(request)))
  } catch (error) {
    if (error instanceof SlugTakenError) {
      return apiError(409, error.message, [{ path: ['slug'], message: error.message }])
    }
    throw error
  }
}
