import { createHash } from 'node:crypto'
import { setTimeout as wait } from 'node:timers/promises'
import { CompiledQuery } from 'kysely'
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import { env } from '~/env.server'
import { db } from './db.server'
import { singleton } from './singleton.server'

/**
 * rate-limiter-flexible's Postgres store, fed through our Kysely connection so that it works on PostgreSQL and
 * on the embedded PGlite alike, and so that several web instances share one count.
 */
const storeClient = {
  async query(q: { text: string; values?: unknown[] }) {
    const result = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []))
    return { rows: result.rows, rowCount: result.rows.length }
  },
}

function limiter(keyPrefix: string, points: number, duration: number) {
  return new RateLimiterPostgres({
    storeClient,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration,
  })
}

/**
 * Deletes the counters whose window has passed. The store's own timer for this is off (`clearExpiredByTimeout`):
 * it would run in every web process; the scheduled purge-expired-records task runs it once, anywhere.
 */
export async function deleteExpiredRateLimits(now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('expire', '<', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export const registrationLimiter = singleton('registration-limiter', () =>
  limiter('register', env().REGISTRATION_RATE_LIMIT_POINTS, env().REGISTRATION_RATE_LIMIT_WINDOW_SECONDS),
)

/** Seconds to wait when `key` has used up its points in `limiter`; 0 when the attempt may go ahead. */
export async function consumeRateLimit(rateLimiter: RateLimiterPostgres, key: string): Promise<number> {
  try {
    await rateLimiter.consume(key)
    return 0
  } catch (result) {
    if (result instanceof RateLimiterRes) return Math.max(1, Math.ceil(result.msBeforeNext / 1000))
    throw result
  }
}

/**
 * The client's address, as the HTTP server determined it (it overwrites any client-sent value of this header;
 * see server/main.ts).
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-convene-remote-address') || 'unknown'
}

export type LoginLimits = {
  /** Failures allowed from one address on one account in the window; then that pair waits (429). */
  addressAndAccount: { points: number; windowSeconds: number }
  /** Failures allowed from one address over all accounts in the window; then that address waits (429). */
  address: { points: number; windowSeconds: number }
  /**
   * Failures on one account from anywhere after which each attempt on it is slowed: `stepMs` more per further
   * failure, at most `maxDelayMs`. Never a refusal, so that nobody can lock the owner out of their account.
   */
  account: { slowAfter: number; windowSeconds: number; stepMs: number; maxDelayMs: number }
}

export type LoginAttempt =
  | { allowed: false; retryAfter: number }
  | {
      allowed: true
      /** How long to hold the attempt before checking the password. */
      delayMs: number
      /** The password was right: this attempt is no failure (a wrong password needs no call, it already counts). */
      succeeded: () => Promise<void>
    }

/**
 * Keys are hashed: emails may be longer than the store's key column, and the table need not list who was tried.
 */
function limitKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url')
}

/**
 * Login throttling. An attempt is counted before the password is checked (so parallel guesses cannot slip past the
 * count) and given back when it succeeds, so what is counted are failures.
 */
export function createLoginThrottle(limits: LoginLimits) {
  const pairLimiter = limiter('login-pair', limits.addressAndAccount.points, limits.addressAndAccount.windowSeconds)
  const addressLimiter = limiter('login-address', limits.address.points, limits.address.windowSeconds)
  // Its points are never reached: this one only counts, for the slowdown.
  const accountLimiter = limiter('login-account', 2 ** 31 - 1, limits.account.windowSeconds)

  return {
    async begin(address: string, email: string): Promise<LoginAttempt> {
      const account = email.trim().toLowerCase()
      const pairKey = limitKey(address, account)
      const addressKey = limitKey(address)
      const pairWait = await consumeRateLimit(pairLimiter, pairKey)
      if (pairWait > 0) return { allowed: false, retryAfter: pairWait }
      const addressWait = await consumeRateLimit(addressLimiter, addressKey)
      if (addressWait > 0) {
        // Not tried, so not a failure of this pair.
        await pairLimiter.reward(pairKey)
        return { allowed: false, retryAfter: addressWait }
      }
      const accountKey = limitKey(account)
      const { consumedPoints } = await accountLimiter.penalty(accountKey)
      const earlierFailures = consumedPoints - 1
      const excess = earlierFailures - limits.account.slowAfter
      const delayMs = excess > 0 ? Math.min(limits.account.maxDelayMs, excess * limits.account.stepMs) : 0
      return {
        allowed: true,
        delayMs,
        async succeeded() {
          // The pair starts afresh; the address and the account only lose this attempt, so that logging in to an
          // account of one's own cannot wipe out failures counted against others.
          await Promise.all([
            pairLimiter.delete(pairKey),
            addressLimiter.reward(addressKey),
            accountLimiter.reward(accountKey),
          ])
        },
      }
    },
  }
}

/** Holds a slowed login attempt (LoginAttempt.delayMs) before its password is checked. */
export async function holdLoginAttempt(delayMs: number): Promise<void> {
  if (delayMs > 0) await wait(delayMs)
}

/** The slowdown of an account under attack from many addresses (see LoginLimits.account; README, configuration). */
const ACCOUNT_SLOWDOWN = { slowAfter: 30, windowSeconds: 60 * 60, stepMs: 250, maxDelayMs: 5000 }

export const loginThrottle = singleton('login-limiter', () =>
  createLoginThrottle({
    addressAndAccount: { points: env().LOGIN_RATE_LIMIT_POINTS, windowSeconds: env().LOGIN_RATE_LIMIT_WINDOW_SECONDS },
    address: {
      points: env().LOGIN_ADDRESS_RATE_LIMIT_POINTS,
      windowSeconds: env().LOGIN_ADDRESS_RATE_LIMIT_WINDOW_SECONDS,
    },
    account: ACCOUNT_SLOWDOWN,
  }),
)
