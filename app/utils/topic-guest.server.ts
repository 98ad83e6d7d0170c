import { perEventTokenCookie } from './per-event-cookie.server'

/**
 * Remembers, in this browser, the guest participant of each event open to anyone with its link (their name,
 * given once), so their proposals and votes stay theirs without an account or a registration.
 */
const topicGuestCookie = perEventTokenCookie('convene_topic_guest')

export const topicGuestTokenFor = topicGuestCookie.tokenFor

/** The Set-Cookie header that remembers this guest for the event (null when it already does). */
export const rememberTopicGuest = topicGuestCookie.remember
