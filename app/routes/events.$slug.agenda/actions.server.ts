import { data, redirect } from '@remix-run/node'
import type { PublicEvent } from '~/models/events/event.server'
import { starSession, unstarSession } from '~/models/agenda/stars.server'
import { eventPath } from '~/utils/paths'
import { safeRedirectTarget } from '~/utils/redirect'

/** The attendee whose agenda a star button changes: the registration behind the attendee cookie, if any. */
type Attendee = { registration: { id: number } }

export const OPEN_YOUR_LINK = 'Open the personal link from your registration email first; then you can star sessions.'

/** Adds a published session of this event to the attendee's own agenda; 404 for any other session. */
export async function star(event: PublicEvent, attendee: Attendee, sessionId: number, returnTo?: string) {
  if (!(await starSession(attendee.registration.id, event.id, sessionId))) {
    return data({ ok: false, message: 'That session is not on this agenda.' }, { status: 404 })
  }
  return done(event, returnTo)
}

/** Takes a session off the attendee's own agenda. */
export async function unstar(event: PublicEvent, attendee: Attendee, sessionId: number, returnTo?: string) {
  await unstarSession(attendee.registration.id, sessionId)
  return done(event, returnTo)
}

/**
 * A star button's post without JavaScript carries the page it came from: back there (post, redirect, get), so a
 * reload does not post again. The fetcher's post carries none and gets the answer as data.
 */
function done(event: PublicEvent, returnTo: string | undefined) {
  if (returnTo) return redirect(safeRedirectTarget(returnTo, eventPath(event.slug, 'agenda')), 303)
  return { ok: true, message: undefined }
}
