import type { Params } from '@remix-run/react'
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
