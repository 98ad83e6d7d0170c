/** PostgreSQL's SQLSTATE for a unique violation; pg and PGlite both expose it as `code`. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  if (e.code !== '23505') return false
  if (!constraint) return true
  return e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint))
}

/**
 * SQLSTATEs that mean "the server went away or will not take us now", not "this query is wrong": the server
 * shutting down or terminating us (57P01 admin_shutdown is what `pg_terminate_backend`, a restart or a failover
 * send), not accepting connections yet, too many connections, and the whole connection-exception class 08.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400'])
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
// pg reports a connection lost under a client, or a pool that could not connect in time, with these messages
// and no code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/

/**
 * True when the error says the database cannot be reached right now (connection refused, dropped, or refused
 * by the server), so the request may succeed if retried later. Requests failing this way answer 503 with
 * Retry-After instead of 500. Looks through `cause` and AggregateError (Node's happy-eyeballs connect).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (typeof e.code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08') || UNAVAILABLE_SOCKET_CODES.has(e.code)) {
      return true
    }
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true
  return isDatabaseUnavailable(e.cause, depth + 1)
}

/**
 * PostgreSQL refuses text it cannot store: a NUL byte (22021 character_not_in_repertoire / invalid byte
 * sequence, 22P05 untranslatable_character). Input validation refuses these first; this is the backstop that
 * turns any that slip through into a 400, never a 500.
 */
export function isUnstorableText(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  return code === '22021' || code === '22P05'
}
