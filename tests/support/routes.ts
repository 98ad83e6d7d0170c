import { authSessionStorage, csrf } from '~/utils/session.server'
import { createAuthSession } from '~/models/users/auth-session.server'
import type { ConveneLoadContext } from '~/load-context'

type RouteArgs = { request: Request; params: Record<string, string>; context: ConveneLoadContext }
type RouteFunction = (args: RouteArgs) => unknown

export type RouteResult = { status: number; headers: Headers; data: unknown; location?: string | null }

/**
 * Calls a route's loader or action as Remix would and reads the outcome the same way whether it returned or
 * threw a Response, returned plain data, or returned `data(value, init)`.
 */
export async function callRoute(
  fn: RouteFunction,
  request: Request,
  params: Record<string, string> = {},
): Promise<RouteResult> {
  let outcome: unknown
  try {
    outcome = await fn({ request, params, context: { requestId: 'test', cspNonce: '' } })
  } catch (thrown) {
    outcome = thrown
  }
  if (outcome instanceof Response) {
    const text = await outcome.text()
    let data: unknown = text
    try {
      data = JSON.parse(text)
    } catch {
      // plain text body
    }
    return { status: outcome.status, headers: outcome.headers, data, location: outcome.headers.get('location') }
  }
  if (outcome && typeof outcome === 'object' && (outcome as { type?: string }).type === 'DataWithResponseInit') {
    const { data, init } = outcome as { data: unknown; init?: ResponseInit }
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data }
  }
  if (outcome instanceof Error) throw outcome
  return { status: 200, headers: new Headers(), data: outcome }
}

/** Cookie header of a logged-in organizer. */
export async function sessionCookieFor(userId: number): Promise<string> {
  const { id } = await createAuthSession(userId)
  const session = await authSessionStorage.getSession()
  session.set('sessionId', id)
  return (await authSessionStorage.commitSession(session)).split(';')[0] ?? ''
}

/** A form POST as a browser would send it: with the CSRF cookie and token, and the session cookie if any. */
export async function formRequest(
  url: string,
  fields: Record<string, string | number | (string | number)[]>,
  options: { cookie?: string; csrf?: boolean; headers?: Record<string, string> } = {},
): Promise<Request> {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) {
    // An array is a field sent several times, as ticked checkboxes of one name are.
    if (Array.isArray(v)) for (const item of v) body.append(k, String(item))
    else body.set(k, String(v))
  }
  const cookies = options.cookie ? [options.cookie] : []
  if (options.csrf !== false) {
    const [token, csrfCookie] = await csrf.commitToken()
    body.set('csrf', token)
    if (csrfCookie) cookies.push(csrfCookie.split(';')[0] ?? '')
  }
  return new Request(new URL(url, 'http://localhost'), {
    method: 'POST',
    body,
    headers: { ...options.headers, ...(cookies.length ? { cookie: cookies.join('; ') } : {}) },
  })
}

export function getRequest(url: string, cookie?: string): Request {
  return new Request(new URL(url, 'http://localhost'), { headers: cookie ? { cookie } : {} })
}

export function jsonRequest(url: string, method: string, body: unknown, token?: string): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  return new Request(new URL(url, 'http://localhost'), {
    method,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers,
  })
}
