import type { Params } from '@remix-run/react'
import type { Session } from '#db/schema'
import { getSession } from '~/models/agenda/session.server'
import { requireManagedEvent } from './event.server'

/** The managed event and its session named by `params.sessionId` (404 otherwise), for organizer routes. */
export async function requireManagedSession(request: Request, params: Params) {
  const { event, user } = await requireManagedEvent(request, params)
  const sessionId = Number(params.sessionId)
  const session: Session | undefined = Number.isSafeInteger(sessionId)
    ? await getSession(event.id, sessionId)
    : undefined
  if (!session) throw new Response('There is no such session in this event.', { status: 404 })
  return { event, user, session }
}
