import type { Params } from '@remix-run/react'
import type { Event, Session } from '#db/schema'
import { getSession } from '~/models/agenda/session.server'
import type { PublicUser } from '~/models/users/user.server'
import { requireManagedEvent } from './event.server'

/**
 * The managed event, its session named by `params.sessionId` (404 otherwise) and the organizer asking. Every
 * organizer loader and action under /admin/events/:id/sessions/:sessionId starts here.
 */
export async function requireManagedSession(
  request: Request,
  params: Params,
): Promise<{ event: Event; user: PublicUser; session: Session }> {
  const { event, user } = await requireManagedEvent(request, params)
  const sessionId = Number(params.sessionId)
  const session = Number.isSafeInteger(sessionId) ? await getSession(event.id, sessionId) : undefined
  if (!session) throw new Response('There is no such session in this event.', { status: 404 })
  return { event, user, session }
}
