/**
 * How a failed YouTube Data API call is told apart: worth retrying later (quota, YouTube or network trouble) or
 * not (a bad key, a missing playlist). Pure: sorts the error the client threw.
 */

/** YouTube could not answer now (quota, rate limit, server error, network): retry later with backoff. */
export class RetryableYoutubeError extends Error {
  override name = 'RetryableYoutubeError'
  constructor(message: string, readonly status: number | null, readonly reason: string | null) {
    super(message)
  }
}

/** Retrying will not help (a bad or restricted API key, a playlist that does not exist): tell the organizers once. */
export class PermanentYoutubeError extends Error {
  override name = 'PermanentYoutubeError'
  constructor(message: string, readonly status: number | null, readonly reason: string | null) {
    super(message)
  }
}

const RETRYABLE_REASONS = new Set([
  'quotaExceeded',
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'dailyLimitExceeded',
  'servingLimitExceeded',
  'backendError',
  'internalError',
  'RATE_LIMIT_EXCEEDED',
])

type GoogleErrorBody = {
  error?: {
    code?: number
    message?: string
    status?: string
    errors?: Array<{ reason?: string; domain?: string; message?: string }>
    details?: Array<{ reason?: string }>
  }
}

function errorBody(data: unknown): GoogleErrorBody | null {
  if (typeof data === 'string') {
    try {
      return JSON.parse(data) as GoogleErrorBody
    } catch {
      return null
    }
  }
  return data && typeof data === 'object' ? (data as GoogleErrorBody) : null
}

/**
 * Sorts a failed Data API call into retryable (403 quotaExceeded / rateLimitExceeded, 429, 5xx, no answer at all)
 * and permanent (400 keyInvalid, other 403 such as a key restricted to other APIs or addresses, 404 playlist or
 * channel not found), with a message organizers can act on.
 */
export function classifyYoutubeError(error: unknown): RetryableYoutubeError | PermanentYoutubeError {
  if (error instanceof RetryableYoutubeError || error instanceof PermanentYoutubeError) return error
  const e = error as { response?: { status?: number; data?: unknown }; status?: number; message?: string }
  const status = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : null)
  if (!status) {
    return new RetryableYoutubeError(`YouTube did not answer: ${e?.message ?? String(error)}`, null, null)
  }
  const body = errorBody(e.response?.data)
  const reasons = [
    ...(body?.error?.errors ?? []).map((x) => x.reason),
    ...(body?.error?.details ?? []).map((x) => x.reason),
  ].filter((r): r is string => Boolean(r))
  const reason = reasons[0] ?? null
  const message = body?.error?.message ?? e.message ?? `HTTP ${status}`
  const label = `YouTube answered ${status}${reason ? ` ${reason}` : ''}: ${message}`
  if (status >= 500 || status === 429 || status === 408 || reasons.some((r) => RETRYABLE_REASONS.has(r))) {
    return new RetryableYoutubeError(`${label} (will try again later)`, status, reason)
  }
  const keyProblem =
    status === 400 || status === 401 || reasons.some((r) => /key|forbidden|accessNotConfigured|SERVICE/i.test(r))
  const hint =
    status === 404
      ? 'Check the playlist or channel id in the event details (the playlist must be public or unlisted).'
      : keyProblem
      ? 'Check YOUTUBE_API_KEY (a valid key with the YouTube Data API v3 enabled), then look for recordings again.'
      : 'Look for recordings again once this is fixed.'
  return new PermanentYoutubeError(`${label}. ${hint}`, status, reason)
}
