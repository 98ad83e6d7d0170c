import type { ActionFunctionArgs } from '@remix-run/node'
import { sessionAsInput, sessionToJson } from '~/models/agenda/session-json'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { getSession, scheduleWarnings, updateSession } from '~/models/agenda/session.server'
import { apiError, methodNotAllowed, readJsonBody, zodIssues } from '~/utils/api.server'
import { requireApiManagedEvent } from '~/access/api.server'

export async function loader() {
  return methodNotAllowed(['PATCH'])
}

/** Changes a session of the working agenda; cancel with {"status":"cancelled"}. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'PATCH') return methodNotAllowed(['PATCH'])
  const { event } = await requireApiManagedEvent(request, params)
  const sessionId = Number(params.sessionId)
  const session = Number.isSafeInteger(sessionId) ? await getSession(event.id, sessionId) : undefined
  if (!session) return apiError(404, 'This event has no such session.')
  const body = await readJsonBody(request)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return apiError(400, 'Send a JSON object with the fields to change.')
  const parsed = sessionInputSchema(event.time_zone).safeParse({ ...sessionAsInput(session, event.time_zone), ...body })
  if (!parsed.success) return apiError(400, 'The changes are not valid.', zodIssues(parsed.error))
  const updated = await updateSession(event.id, session.id, parsed.data)
  return Response.json(sessionToJson(updated, event.time_zone, await scheduleWarnings(event)))
}
