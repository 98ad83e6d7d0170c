import { describe, expect, it } from 'vitest'
import * as login from '~/routes/login'
import * as logout from '~/routes/logout'
import * as adminIndex from '~/routes/admin._index'
import { getAuthSessionUser } from '~/models/users/auth-session.server'
import { authSessionStorage } from '~/utils/session.server'
import { makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

function cookieOf(setCookie: string | null) {
  return setCookie?.split(';')[0] ?? ''
}

describe('organizer login', () => {
  it('logs in with the right password, case-insensitively by email, and goes where it was asked', async () => {
    const user = await makeUser({ email: 'Stefan@Example.org' })
    const result = await callRoute(
      login.action,
      await formRequest('/login', {
        email: 'stefan@example.ORG',
        password: 'correct horse battery',
        redirectTo: '/admin/events/new',
      }),
    )
    expect(result.status).toBe(302)
    expect(result.location).toBe('/admin/events/new')
    const cookie = cookieOf(result.headers.get('set-cookie'))
    const session = await authSessionStorage.getSession(cookie)
    expect((await getAuthSessionUser(session.get('sessionId') ?? ''))?.id).toBe(user.id)
  })

  it('never redirects to another site after login', async () => {
    const user = await makeUser()
    const result = await callRoute(
      login.action,
      await formRequest('/login', {
        email: user.email,
        password: 'correct horse battery',
        redirectTo: '//evil.example',
      }),
    )
    expect(result.location).toBe('/admin')
  })

  it('refuses a wrong password with a form message and status 400', async () => {
    const user = await makeUser()
    const result = await callRoute(login.action, await formRequest('/login', { email: user.email, password: 'wrong' }))
    expect(result.status).toBe(400)
    expect(JSON.stringify(result.data)).toContain('do not match')
    expect(result.headers.get('set-cookie')).toBeNull()
  })

  it('shows field errors for an empty form', async () => {
    const result = await callRoute(login.action, await formRequest('/login', { email: 'not-an-email' }))
    expect(result.status).toBe(400)
    const reply = (result.data as { result: { error: Record<string, string[]> } }).result
    expect(reply.error.email?.[0]).toMatch(/email address/)
    expect(reply.error.password?.[0]).toBe('Enter your password')
  })

  it('refuses a form without the CSRF token', async () => {
    const user = await makeUser()
    const result = await callRoute(
      login.action,
      await formRequest('/login', { email: user.email, password: 'correct horse battery' }, { csrf: false }),
    )
    expect(result.status).toBe(403)
  })

  // Login throttling (per address and account, per address, and the slowdown of an account) is in
  // login-hardening.test.ts.

  it('logs out: the session stops working', async () => {
    const user = await makeUser()
    const cookie = await sessionCookieFor(user.id)
    expect((await callRoute(adminIndex.loader, getRequest('/admin', cookie))).status).toBe(200)
    const out = await callRoute(logout.action, await formRequest('/logout', {}, { cookie }))
    expect(out.status).toBe(302)
    const after = await callRoute(adminIndex.loader, getRequest('/admin', cookie))
    expect(after.status).toBe(302)
    expect(after.location).toMatch(/^\/login\?redirectTo=%2Fadmin/)
  })
})
