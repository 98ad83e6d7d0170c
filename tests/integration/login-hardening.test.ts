import { beforeAll, describe, expect, it } from 'vitest'
import * as login from '~/routes/login'
import type { PublicUser } from '~/models/users/user.server'
import { createLoginThrottle } from '~/utils/rate-limit.server'
import { makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

const OURS = 'https://convene.test'

// Ways to name another site (or a script) in `redirectTo`: what browsers make of them after WHATWG parsing
// (tabs and newlines dropped, `\` read as `/`, leading spaces trimmed) is what must stay on our origin.
const OFF_SITE_TARGETS = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '//evil.example',
  '/%2F/evil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '/.//evil.example',
  'https://evil.example',
  'javascript:alert(1)',
  'http:evil.example',
  '  //evil.example',
]

let address = 0
/** A client address of its own, so that no test is held up by another's login failures. */
const fromNewAddress = () => ({ 'x-convene-remote-address': `198.51.100.${(address += 1)}` })

let user: PublicUser
let cookie: string

beforeAll(async () => {
  user = await makeUser()
  cookie = await sessionCookieFor(user.id)
})

function expectOnOurOrigin(location: string | null | undefined) {
  expect(location).toEqual(expect.any(String))
  expect(new URL(location!, OURS).origin).toBe(OURS)
}

describe('the page after logging in is on our site', () => {
  it.each(OFF_SITE_TARGETS)('POST /login with redirectTo=%j', async (redirectTo) => {
    const result = await callRoute(
      login.action,
      await formRequest(
        '/login',
        { email: user.email, password: 'correct horse battery', redirectTo },
        { headers: fromNewAddress() },
      ),
    )
    expect(result.status).toBe(302)
    expectOnOurOrigin(result.location)
  })

  it.each(OFF_SITE_TARGETS)('GET /login?redirectTo=%j when already logged in', async (redirectTo) => {
    const result = await callRoute(login.loader, getRequest(`/login?${new URLSearchParams({ redirectTo })}`, cookie))
    expect(result.status).toBe(302)
    expectOnOurOrigin(result.location)
  })

  it('still goes back to the page that was asked for', async () => {
    const target = '/admin/events/1/registrations?q=ada#list'
    const get = await callRoute(
      login.loader,
      getRequest(`/login?${new URLSearchParams({ redirectTo: target })}`, cookie),
    )
    expect(get.location).toBe(target)
    const post = await callRoute(
      login.action,
      await formRequest(
        '/login',
        { email: user.email, password: 'correct horse battery', redirectTo: target },
        { headers: fromNewAddress() },
      ),
    )
    expect(post.location).toBe(target)
  })
})

async function tryLogin(email: string, password: string, headers: Record<string, string>) {
  return callRoute(login.action, await formRequest('/login', { email, password }, { headers }))
}

describe('login throttling', () => {
  it('one address guessing an account waits (429, Retry-After); the owner elsewhere logs in', async () => {
    const owner = await makeUser()
    const attacker = fromNewAddress()
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await tryLogin(owner.email, `guess ${i}`, attacker)).status)
    // LOGIN_RATE_LIMIT_POINTS (10) failures, then refused.
    expect(statuses).toEqual([...Array(10).fill(400), 429, 429])
    // The right password from that address waits too: it cannot tell a right guess from a wrong one.
    const blocked = await tryLogin(owner.email, 'correct horse battery', attacker)
    expect(blocked.status).toBe(429)
    const retryAfter = blocked.headers.get('retry-after')
    expect(retryAfter).toMatch(/^\d+$/)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60)
    expect(JSON.stringify(blocked.data)).toMatch(/Too many login attempts\. Try again in \d+ minutes?\./)
    // The owner, from their own address, is not locked out.
    const mine = await tryLogin(owner.email, 'correct horse battery', fromNewAddress())
    expect(mine.status).toBe(302)
    expect(mine.headers.get('set-cookie')).toMatch(/./)
  })

  it('guesses from many addresses never lock the account', async () => {
    const owner = await makeUser()
    for (let i = 0; i < 12; i++) {
      expect((await tryLogin(owner.email, `guess ${i}`, fromNewAddress())).status).toBe(400)
    }
    expect((await tryLogin(owner.email, 'correct horse battery', fromNewAddress())).status).toBe(302)
  })

  it('a limited address may still log in to other accounts', async () => {
    const [target, other] = [await makeUser(), await makeUser()]
    const shared = fromNewAddress()
    for (let i = 0; i < 11; i++) await tryLogin(target.email, `guess ${i}`, shared)
    expect((await tryLogin(target.email, 'correct horse battery', shared)).status).toBe(429)
    expect((await tryLogin(other.email, 'correct horse battery', shared)).status).toBe(302)
  })
})

describe('the login throttle', () => {
  const window = { windowSeconds: 600 }
  const throttle = (points: { pair?: number; address?: number; slowAfter?: number }) =>
    createLoginThrottle({
      addressAndAccount: { points: points.pair ?? 100, ...window },
      address: { points: points.address ?? 100, ...window },
      account: { slowAfter: points.slowAfter ?? 100, ...window, stepMs: 1000, maxDelayMs: 5500 },
    })
  let n = 0
  const fresh = (what: string) => `${what}-${(n += 1)}-${Date.now()}`

  it('refuses an address after its failures over all accounts; a success gives back only its own try', async () => {
    const limits = throttle({ address: 3 })
    const address = fresh('address')
    const outcomes = []
    for (const [account, right] of [
      ['a@example.org', false],
      ['b@example.org', false],
      ['c@example.org', true], // its owner logging in: not a failure, but it must not forgive the others
      ['d@example.org', false],
      ['e@example.org', false],
    ] as const) {
      const attempt = await limits.begin(address, account)
      if (attempt.allowed && right) await attempt.succeeded()
      outcomes.push(attempt.allowed)
    }
    expect(outcomes).toEqual([true, true, true, true, false])
    const refused = await limits.begin(address, 'f@example.org')
    expect(refused).toEqual({ allowed: false, retryAfter: expect.any(Number) })
    if (!refused.allowed) expect(refused.retryAfter).toBeGreaterThan(590)
    // Another address is not affected.
    expect((await limits.begin(fresh('address'), 'f@example.org')).allowed).toBe(true)
  })

  it('slows an account tried from many addresses, more with each failure, capped, and never refuses it', async () => {
    const limits = throttle({ pair: 1, slowAfter: 2 })
    const account = `${fresh('owner')}@example.org`
    const delays = []
    for (let i = 0; i < 7; i++) {
      const attempt = await limits.begin(fresh('address'), account)
      expect(attempt.allowed).toBe(true)
      delays.push(attempt.allowed ? attempt.delayMs : -1)
    }
    expect(delays).toEqual([0, 0, 0, 1000, 2000, 3000, 4000])
    // Matching accounts ignores case, as logging in does.
    const owner = await limits.begin(fresh('address'), account.toUpperCase())
    expect(owner).toMatchObject({ allowed: true, delayMs: 5000 })
    if (owner.allowed) await owner.succeeded()
    // The owner's success is no failure: the next try is slowed as much as the owner's was, not more.
    expect(await limits.begin(fresh('address'), account)).toMatchObject({ allowed: true, delayMs: 5000 })
    expect(await limits.begin(fresh('address'), account)).toMatchObject({ allowed: true, delayMs: 5500 })
  })

  it('keys long accounts so that the store takes them', async () => {
    const limits = throttle({ pair: 1 })
    const address = fresh('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')
    const long = `${'a'.repeat(64)}@${'b'.repeat(250)}.example.org`
    expect((await limits.begin(address, long)).allowed).toBe(true)
    expect((await limits.begin(address, long)).allowed).toBe(false)
  })
})
