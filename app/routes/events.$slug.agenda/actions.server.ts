import { data } from '@remix-run/node'
import type { PublicEvent } from '~/models/events/event.server'
import { starSession, unstarSession } from '~/models/agenda/stars.server'

/** The attendee whose agenda a star button changes: the registration behind the attendee cookie, if any. */
type Attendee = { registration: { id: number } }

export const OPEN_YOUR_LINK = 'Open the personal link from your registration email first; then you can star sessions.'

/** Adds a published session of this event to the attendee's own agenda; 404 for any other session. */
export async function star(event: PublicEvent, attendee: Attendee, sessionId: number) {
  if (!(await starSession(attendee.registration.id, event.id, sessionId))) {
    return data({ ok: false, message: 'That session is not on this agenda.' }, { status: 404 })
  }
  return { ok: true }
}

/** Takes a session off the attendee's own agenda. */
export async function unstar(attendee: Attendee, sessionId: number) {
  await unstarSession(attendee.registration.id, sessionId)
  return { ok: true }
}
