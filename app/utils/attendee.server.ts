import { createCookie } from '@remix-run/node'
import { env } from '~/env.server'
import { sessionSecret } from './secrets.server'
import { singleton } from './singleton.server'

/**
 * Remembers, in this browser, which registration (manage token) belongs to which event, so the agenda can offer
 * stars without an account. Set when the attendee opens their manage link.
 */
const attendeeCookie = singleton('attendee-cookie', () =>
  createCookie('convene_attendee', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env().NODE_ENV === 'production' && !env().PUBLIC_URL?.startsWith('http://'),
    secrets: [sessionSecret()],
    maxAge: 60 * 60 * 24 * 365,
  }),
)

type AttendeeTokens = Record<string, string>

async function read(request: Request): Promise<AttendeeTokens> {
  const value = await attendeeCookie.parse(request.headers.get('cookie'))
  return value && typeof value === 'object' ? (value as AttendeeTokens) : {}
}

export async function attendeeTokenFor(request: Request, eventId: number): Promise<string | undefined> {
  return (await read(request))[String(eventId)]
}

/** The Set-Cookie header that remembers this registration for its event. */
export async function rememberAttendee(request: Request, eventId: number, manageToken: string): Promise<string | null> {
  const tokens = await read(request)
  if (tokens[String(eventId)] === manageToken) return null
  return attendeeCookie.serialize({ ...tokens, [String(eventId)]: manageToken })
}
