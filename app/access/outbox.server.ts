import type { Params } from '@remix-run/react'
import { getOutboxEmail } from '~/models/outbox/delivery.server'
import { canManageEvent, requireUser } from './user.server'

/**
 * The outbox email named by `params.id`, for an organizer of its event or an administrator: login first,
 * 404 for an unknown id, 403 for another event's email. Emails of no event (or of a deleted one) are for
 * administrators only.
 */
export async function requireReadableOutboxEmail(request: Request, params: Params) {
  const user = await requireUser(request)
  const id = Number(params.id)
  const email = Number.isSafeInteger(id) && id > 0 ? await getOutboxEmail(id) : undefined
  if (!email) throw new Response('There is no such email.', { status: 404 })
  const allowed = user.is_admin || (email.event_id !== null && (await canManageEvent(user, email.event_id)))
  if (!allowed) throw new Response('This email belongs to an event you do not organize.', { status: 403 })
  return { user, email }
}
