import { createHash } from 'node:crypto'

export type CachedTextOptions = {
  /** e.g. `text/calendar; charset=utf-8`. */
  contentType: string
  /**
   * When the content last changed. Must advance whenever anything in the body changes (including items that
   * disappeared from it), or clients that only send If-Modified-Since keep stale copies; leave it out when that
   * cannot be guaranteed and the ETag alone answers conditional requests.
   */
  lastModified?: Date | null
  /** Seconds for `Cache-Control: public, max-age=…`; 300 by default. */
  maxAge?: number
  /** `Cache-Control: private` instead of public: for per-person content that shared caches must not keep. */
  private?: boolean
  /** Further headers for both the 200 and the 304 (Content-Disposition, Vary, …). */
  headers?: HeadersInit
  /** The body's strongEtag when the caller already has it (a cached body), to skip hashing it again. */
  etag?: string
}

/** A strong validator: the quoted SHA-256 of the exact bytes served. */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`
}

/** The entity tags of an If-None-Match header; `*` stands for any. W/ prefixes are dropped (weak comparison). */
function parseEtagList(header: string): string[] {
  const tags: string[] = []
  const pattern = /\s*(\*|(?:W\/)?"[^"]*")\s*(?:,|$)/gy
  let match: RegExpExecArray | null
  while (pattern.lastIndex < header.length && (match = pattern.exec(header))) {
    tags.push(match[1]!.replace(/^W\//, ''))
  }
  return tags
}

/** Whether an If-None-Match header matches the (strong) ETag, by the weak comparison RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const tags = parseEtagList(ifNoneMatch)
  return tags.includes('*') || tags.includes(etag.replace(/^W\//, ''))
}

/** HTTP dates carry whole seconds: the Last-Modified a client will echo back. */
function toWholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000)
}

/**
 * A cacheable text response with validators: a strong ETag computed from the body and, when given, a
 * Last-Modified. Answers 304 (no body, same validators and caching headers) when If-None-Match matches, or, only
 * when the request has no If-None-Match, when If-Modified-Since is at or after Last-Modified (RFC 9110 §13.2.2).
 * Several web instances rendering the same content therefore give the same validators.
 */
export function cachedTextResponse(request: Request, body: string, options: CachedTextOptions): Response {
  const etag = options.etag ?? strongEtag(body)
  const headers = new Headers(options.headers)
  headers.set('ETag', etag)
  headers.set('Cache-Control', `${options.private ? 'private' : 'public'}, max-age=${options.maxAge ?? 300}`)
  const lastModified = options.lastModified ? toWholeSeconds(options.lastModified) : null
  if (lastModified) headers.set('Last-Modified', lastModified.toUTCString())

  if (request.method === 'GET' || request.method === 'HEAD') {
    const ifNoneMatch = request.headers.get('If-None-Match')
    let notModified = false
    if (ifNoneMatch !== null) {
      notModified = etagMatches(ifNoneMatch, etag)
    } else if (lastModified) {
      const ifModifiedSince = request.headers.get('If-Modified-Since')
      const since = ifModifiedSince ? Date.parse(ifModifiedSince) : Number.NaN
      notModified = !Number.isNaN(since) && since >= lastModified.getTime()
    }
    if (notModified) return new Response(null, { status: 304, headers })
  }

  headers.set('Content-Type', options.contentType)
  return new Response(body, { status: 200, headers })
}
