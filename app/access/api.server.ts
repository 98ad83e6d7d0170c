import type { Params } from '@remix-run/react'
import type { Event } from '#db/schema'
import { getEventBySlug, getPublicEventBySlug, type PublicEvent } from '~/models/events/event.server'
import { getUserByApiToken } from '~/models/users/api-token.server'
import type { PublicUser } from '~/models/users/user.server'
import { apiError } from '~/utils/api.server'
import { canManageEvent } from './user.server'

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

/**
 * The event named by `params.slug` and the API user allowed to manage it: 401 without a valid token, 404 for an
 * unknown slug (only once the token is known to be valid, so the API does not tell strangers which slugs exist),
 * 403 for another event's organizer. Every organizer API loader and action starts here.
 */
export async function requireApiManagedEvent(
  request: Request,
  params: Params,
): Promise<{ event: Event; user: PublicUser }> {
  const event = await getEventBySlug(params.slug ?? '')
  if (!event) {
    await requireApiUser(request)
    throw apiError(404, 'No event has this slug.')
  }
  const user = await requireApiEventOrganizer(request, event.id)
  return { event, user }
}

/** The published event named by `params.slug`, for the public API; a JSON 404 otherwise. */
export async function requireApiPublicEvent(params: Params): Promise<PublicEvent> {
  const event = await getPublicEventBySlug(params.slug ?? '')
  if (!event) throw apiError(404, 'No published event has this slug.')
  return event
}
