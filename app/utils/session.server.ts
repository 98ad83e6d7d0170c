import { createCookie, createCookieSessionStorage } from '@remix-run/node'
import { CSRF, CSRFError } from 'remix-utils/csrf/server'
import { env } from '~/env.server'
import { sessionSecret } from './secrets.server'
import { singleton } from './singleton.server'

const secure = () => env().NODE_ENV === 'production' && !env().PUBLIC_URL?.startsWith('http://')

export const authSessionStorage = singleton('auth-session-storage', () =>
  createCookieSessionStorage<{ sessionId: string }>({
    cookie: {
      name: 'convene_session',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secure(),
      secrets: [sessionSecret()],
    },
  }),
)

export const csrf = singleton(
  'csrf',
  () =>
    new CSRF({
      cookie: createCookie('convene_csrf', {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: secure(),
        secrets: [sessionSecret()],
      }),
      secret: sessionSecret(),
    }),
)

/** Throws 403 unless the form carries the token the browser got from us (double-submit, signed cookie). */
export async function validateCsrf(formData: FormData, headers: Headers): Promise<void> {
  try {
    await csrf.validate(formData, headers)
  } catch (error) {
    if (error instanceof CSRFError) {
      throw new Response('This form has expired or did not come from Convene. Reload the page and try again.', {
        status: 403,
      })
    }
    throw error
  }
}
