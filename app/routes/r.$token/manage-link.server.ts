import type { Params } from '@remix-run/react'
import { getRegistrationByToken } from '~/models/registration/registrations.server'

/** The registration behind the manage link in the address, with its event; a 404 for any other token. */
export async function requireManageLink(params: Params) {
  const found = await getRegistrationByToken(params.token ?? '')
  if (!found)
    throw new Response('This registration link is not valid. Check that you copied all of it.', { status: 404 })
  return found
}
