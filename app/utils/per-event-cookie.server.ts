import { createCookie } from '@remix-run/node'
import { env } from '~/env.server'
import { sessionSecret } from './secrets.server'
import { singleton } from './singleton.server'

/**
 * A signed cookie holding one secret token per event (by event id), for people without accounts: the attendee's
 * manage token, a topics guest's token. A year long, HTTP-only, same-site lax, secure in production over https.
 */
export function perEventTokenCookie(name: string) {
  const cookie = singleton(`cookie:${name}`, () =>
    createCookie(name, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: env().NODE_ENV === 'production' && !env().PUBLIC_URL?.startsWith('http://'),
      secrets: [sessionSecret()],
      maxAge: 60 * 60 * 24 * 365,
    }),
  )

  async function read(request: Request): Promise<Record<string, string>> {
    const value = await cookie.parse(request.headers.get('cookie'))
    return value && typeof value === 'object' ? (value as Record<string, string>) : {}
  }

  return {
    async tokenFor(request: Request, eventId: number): Promise<string | undefined> {
      return (await read(request))[String(eventId)]
    },
    /** The Set-Cookie header that remembers `token` for the event; null when the cookie already holds it. */
    async remember(request: Request, eventId: number, token: string): Promise<string | null> {
      const tokens = await read(request)
      if (tokens[String(eventId)] === token) return null
      return cookie.serialize({ ...tokens, [String(eventId)]: token })
    },
  }
}
