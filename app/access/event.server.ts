import type { Params } from '@remix-run/react'
import type { Event } from '#db/schema'
import { getEventById } from '~/models/events/event.server'
import type { PublicUser } from '~/models/users/user.server'
import { requireEventOrganizer } from './user.server'

/**
 * The event named by `params.id` and the signed-in user allowed to manage it. Anonymous users go to login;
 * other organizers get 403; unknown ids 404. Every organizer loader and action under /admin/events/:id starts here.
 */
export async function requireManagedEvent(
  request: Request,
  params: Params,
): Promise<{ event: Event; user: PublicUser }> {
  const id = Number(params.id)
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response('There is no such event.', { status: 404 })
  const user = await requireEventOrganizer(request, id)
  const event = await getEventById(id)
  if (!event) throw new Response('There is no such event.', { status: 404 })
  return { event, user }
}
