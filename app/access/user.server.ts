import { redirect } from '@remix-run/node'
import { createAuthSession, deleteAuthSession, getAuthSessionUser } from '~/models/users/auth-session.server'
import { getUserByApiToken } from '~/models/users/api-token.server'
import { isEventOrganizer } from '~/models/events/event.server'
import type { PublicUser } from '~/models/users/user.server'
import { apiError } from '../utils/api.server'
import { authSessionStorage } from '../utils/session.server'

async function sessionIdOf(request: Request): Promise<string | undefined> {
  const session = await authSessionStorage.getSession(request.headers.get('cookie'))
  return session.get('sessionId')
}

export async function getOptionalUser(request: Request): Promise<PublicUser | undefined> {
  const sessionId = await sessionIdOf(request)
  return sessionId ? getAuthSessionUser(sessionId) : undefined
}

// A stand-in for our own origin: `.invalid` can never be anybody's host.
const OWN_ORIGIN = 'https://convene.invalid'

function isOwnPath(target: string): boolean {
  try {
    return new URL(target, OWN_ORIGIN).origin === OWN_ORIGIN
  } catch {
    return false
  }
}

/**
 * Where to come back to after logging in: the page asked for, never another site. Browsers read a Location the
 * WHATWG way (tabs and newlines dropped, `\` as `/`, `/.//host` collapsing to `//host`, …), so the target is parsed
 * the same way and only its path, query and fragment on our origin are kept; that result is parsed once more, as
 * the browser will, before it is trusted.
 */
export function safeRedirectTarget(to: FormDataEntryValue | string | null | undefined, fallback = '/admin'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || !isOwnPath(to)) return fallback
  const url = new URL(to, OWN_ORIGIN)
  const target = url.pathname + url.search + url.hash
  return isOwnPath(target) ? target : fallback
}

export async function requireUser(request: Request): Promise<PublicUser> {
  const user = await getOptionalUser(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`)
  }
  return user
}

export async function requireAdmin(request: Request): Promise<PublicUser> {
  const user = await requireUser(request)
  if (!user.is_admin) throw new Response('Only administrators can do this.', { status: 403 })
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

/** The user behind `Authorization: Bearer <token>`; a JSON 401 otherwise. */
export async function requireApiUser(request: Request): Promise<PublicUser> {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match?.[1]) throw apiError(401, 'Send an API token as "Authorization: Bearer <token>".')
  const user = await getUserByApiToken(match[1])
  if (!user) throw apiError(401, 'This API token is not valid.')
  return user
}

export async function requireApiEventOrganizer(request: Request, eventId: number): Promise<PublicUser> {
  const user = await requireApiUser(request)
  if (!(await canManageEvent(user, eventId))) throw apiError(403, 'This token may not change this event.')
  return user
}
