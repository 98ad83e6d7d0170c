import { perEventTokenCookie } from './per-event-cookie.server'

/**
 * Remembers, in this browser, which registration (manage token) belongs to which event, so the agenda can offer
 * stars without an account. Set when the attendee opens their manage link.
 */
const attendeeCookie = perEventTokenCookie('convene_attendee')

export const attendeeTokenFor = attendeeCookie.tokenFor

/** The Set-Cookie header that remembers this registration for its event (null when it already does). */
export const rememberAttendee = attendeeCookie.remember
