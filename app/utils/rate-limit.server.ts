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

export const loginLimiter = singleton('login-limiter', () =>
  limiter('login', env().LOGIN_RATE_LIMIT_POINTS, env().LOGIN_RATE_LIMIT_WINDOW_SECONDS),
)

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

export async function resetRateLimit(rateLimiter: RateLimiterPostgres, key: string): Promise<void> {
  await rateLimiter.delete(key)
}

/**
 * The client's address, as the HTTP server determined it (it overwrites any client-sent value of this header;
 * see app/server/main.ts).
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-convene-remote-address') || 'unknown'
}
