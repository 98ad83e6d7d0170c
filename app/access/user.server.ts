import { redirect } from '@remix-run/node'
import { createAuthSession, deleteAuthSession, getAuthSessionUser } from '~/models/users/auth-session.server'
import { isEventOrganizer } from '~/models/events/event.server'
import type { PublicUser } from '~/models/users/user.server'
import { authSessionStorage } from '~/utils/session.server'

async function sessionIdOf(request: Request): Promise<string | undefined> {
  const session = await authSessionStorage.getSession(request.headers.get('cookie'))
  return session.get('sessionId')
}

export async function getOptionalUser(request: Request): Promise<PublicUser | undefined> {
  const sessionId = await sessionIdOf(request)
  return sessionId ? getAuthSessionUser(sessionId) : undefined
}

export async function requireUser(request: Request): Promise<PublicUser> {
  const user = await getOptionalUser(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`)
  }
  return user
}

export async function canManageEvent(user: PublicUser, eventId: number): Promise<boolean> {
  return user.is_admin || (await isEventOrganizer(user.id, eventId))
}

/** The signed-in user, if they are an admin or an organizer of this event; else login redirect or 403. */
export async function requireEventOrganizer(request: Request, eventId: number): Promise<PublicUser> {
  const user = await requireUser(request)
  if (!(await canManageEvent(user, eventId))) {
    throw new Response('You are not an organizer of this event.', { status: 403 })
  }
  return user
}

export async function startUserSession(userId: number, redirectTo: string): Promise<Response> {
  const { id, expiresAt } = await createAuthSession(userId)
  const session = await authSessionStorage.getSession()
  session.set('sessionId', id)
  return redirect(redirectTo, {
    headers: { 'set-cookie': await authSessionStorage.commitSession(session, { expires: expiresAt }) },
  })
}

export async function endUserSession(request: Request): Promise<Response> {
  const session = await authSessionStorage.getSession(request.headers.get('cookie'))
  const sessionId = session.get('sessionId')
  if (sessionId) await deleteAuthSession(sessionId)
  return redirect('/', { headers: { 'set-cookie': await authSessionStorage.destroySession(session) } })
}
