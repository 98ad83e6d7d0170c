import { createCookie } from '@remix-run/node'
import { env } from '~/env.server'
import { sessionSecret } from './secrets.server'
import { singleton } from './singleton.server'

/**
 * Remembers, in this browser, the guest participant of each event open to anyone with its link (their name,
 * given once), so their proposals and votes stay theirs without an account or a registration.
 */
const topicGuestCookie = singleton('topic-guest-cookie', () =>
  createCookie('convene_topic_guest', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env().NODE_ENV === 'production' && !env().PUBLIC_URL?.startsWith('http://'),
    secrets: [sessionSecret()],
    maxAge: 60 * 60 * 24 * 365,
  }),
)

type GuestTokens = Record<string, string>

async function read(request: Request): Promise<GuestTokens> {
  const value = await topicGuestCookie.parse(request.headers.get('cookie'))
  return value && typeof value === 'object' ? (value as GuestTokens) : {}
}

export async function topicGuestTokenFor(request: Request, eventId: number): Promise<string | undefined> {
  return (await read(request))[String(eventId)]
}

/** The Set-Cookie header that remembers this guest for the event. */
export async function rememberTopicGuest(request: Request, eventId: number, token: string): Promise<string> {
  return topicGuestCookie.serialize({ ...(await read(request)), [String(eventId)]: token })
}
