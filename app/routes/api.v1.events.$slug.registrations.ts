import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { registrationToJson } from '~/models/registration/json'
import { listQuestions } from '~/models/registration/questions.server'
import { registrationSchema } from '~/models/registration/schema'
import { submitRegistration } from '~/models/registration/submission.server'
import { listRegistrations } from '~/models/registration/registrations.server'
import { apiError, methodNotAllowed, readJsonBody, zodIssues } from '~/utils/api.server'
import { HONEYPOT_FIELD } from '~/utils/honeypot.server'
import { clientAddress, consumeRateLimit, registrationLimiter } from '~/utils/rate-limit.server'
import { publicBaseUrl } from '~/utils/url.server'
import { requireApiManagedEvent, requireApiPublicEvent } from '~/access/api.server'

/** The organizer's list of registrations (token of an admin or of this event's organizer). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireApiManagedEvent(request, params)
  const registrations = await listRegistrations(event.id)
  return Response.json(
    { registrations: registrations.map(registrationToJson) },
    { headers: { 'cache-control': 'no-store' } },
  )
}

/** Public registration: the same fields and rules as the form. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const event = await requireApiPublicEvent(params)
  const retryAfter = await consumeRateLimit(registrationLimiter, `ip:${clientAddress(request)}`)
  if (retryAfter > 0) {
    const response = apiError(429, `Too many registrations from this address; retry in ${retryAfter} seconds.`)
    response.headers.set('retry-after', String(retryAfter))
    return response
  }
  const body = await readJsonBody(request)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return apiError(400, 'Send the registration as a JSON object.')
  }
  const honeypot = (body as Record<string, unknown>)[HONEYPOT_FIELD]
  if (typeof honeypot === 'string' && honeypot !== '') return apiError(400, 'This registration could not be accepted.')
  const questions = await listQuestions(event.id)
  const parsed = registrationSchema({ locationKind: event.location_kind }, questions).safeParse(body)
  if (!parsed.success) return apiError(400, 'The registration is not valid.', zodIssues(parsed.error))
  const outcome = await submitRegistration(event.id, parsed.data)
  if (outcome.kind === 'closed') return apiError(409, outcome.message)
  const { registration, position } = outcome.result
  const summary = { status: registration.status, ...(position ? { position } : {}) }
  if (outcome.kind === 'already-registered') {
    // No manage link here: it is emailed to the address, so knowing someone's email does not reveal it.
    return Response.json({ ...summary, alreadyRegistered: true }, { status: 200 })
  }
  return Response.json(
    { ...summary, manageUrl: new URL(`/r/${registration.manage_token}`, publicBaseUrl(request)).toString() },
    { status: 201 },
  )
}
