import type { Params } from '@remix-run/react'
import { attendeeForEvent } from '~/models/agenda/agenda.server'
import { attendeeTokenFor } from '~/utils/attendee.server'
import { getRegistrationByToken } from '~/models/registration/registrations.server'

/**
 * The registration behind the manage link in the address (`/r/:token`), with its event: the link is the
 * attendee's only credential, so anything else is one 404 that says nothing of what exists.
 */
export async function requireManageLink(params: Params) {
  const found = await getRegistrationByToken(params.token ?? '')
  if (!found)
    throw new Response('This registration link is not valid. Check that you copied all of it.', { status: 404 })
  return found
}

/**
 * The attendee of this event whose personal link was opened in this browser (the attendee cookie), with their
 * registration and starred sessions; undefined for anyone else.
 */
export async function attendeeInThisBrowser(request: Request, eventId: number) {
  return attendeeForEvent(await attendeeTokenFor(request, eventId), eventId)
}
