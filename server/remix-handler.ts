import { ATTACHMENT_REQUEST_MAX_BYTES, isAttachmentUploadPath } from '~/models/attachments/limits'
import { randomBytes } from 'node:crypto'
import { Transform } from 'node:stream'
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from '@remix-run/node'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import type { ConveneLoadContext } from '~/load-context'
import { logger } from '~/utils/logger.server'
import { currentRequestScope } from '~/utils/request-scope.server'
import type { PublishedCache } from './published-cache/cache'
import { answerPublishedMiss, QUERY_COUNT_HEADER } from './published-cache/front'

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else if (value !== undefined) headers.set(key, value)
  }
  return headers
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

/**
 * The largest request body we read. Notes (100,000 characters, urlencoded, up to three bytes a character) are
 * the largest thing a form sends; JSON bodies are held to 1 MB again by `readJsonBody`.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024

/** The body limit of a request to `url`: a session's attachments page takes files of up to 25 MB. */
function bodyLimitFor(url: URL): number {
  return isAttachmentUploadPath(url.pathname) ? ATTACHMENT_REQUEST_MAX_BYTES : MAX_BODY_BYTES
}

/** Seconds a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`The request body is larger than ${limit} bytes.`)
  }
}

/**
 * The Content-Security-Policy of every response. Scripts only from our origin or inline with this response's
 * nonce (Remix's hydration scripts); no inline event handlers; frames only YouTube's no-cookie player. Style
 * *attributes* stay allowed (a bar's width in the organizer's chart); `<style>` elements only with the nonce
 * (the outage page's own). Images may
 * come from any https host because shared notes link images the way HackMD notes do. Vite's dev server
 * injects styles and talks over a WebSocket, so development relaxes exactly those two.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "script-src-attr 'none'",
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    'frame-src https://www.youtube-nocookie.com',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ')
}

function plain(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })
}

function isApi(url: URL): boolean {
  return url.pathname.startsWith('/api/')
}

/** A refusal before Remix runs, shaped for who asked: JSON `{error, issues}` on the API, text elsewhere. */
function refuse(url: URL, status: number, message: string, headers: Record<string, string> = {}): Response {
  if (isApi(url)) {
    return Response.json(
      { error: message, issues: [] },
      { status, headers: { 'cache-control': 'no-store', ...headers } },
    )
  }
  return plain(status, message, headers)
}

const OUTAGE_MESSAGE = 'Convene cannot reach its database right now. Please try again in a few seconds.'

/** A page of its own for a browser during a database outage: it needs nothing from the database to render. */
function outagePage(nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Convene is briefly unavailable</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style nonce="${nonce}">body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2433}
@media (prefers-color-scheme:dark){body{background:#12151c;color:#e7ebf3}}</style></head>
<body><main><h1>Convene is briefly unavailable</h1><p>${OUTAGE_MESSAGE}</p><p>Nothing you sent was lost: if you
were submitting a form, submit it again once this page loads.</p><p><a href="">Try again</a></p></main></body></html>
`
}

/**
 * Turns a failure Remix reported through `handleError` (see app/entry.server.tsx) into the answer it deserves:
 * 503 with Retry-After while the database is away (JSON `{error}` on the API, a page of its own for browsers,
 * Remix's own body for client-side data requests so the app's error boundary shows), 400 for text PostgreSQL
 * cannot store.
 */
function answerFailure(request: Request, response: Response, context: ConveneLoadContext): Response {
  if (!context.failure || response.status < 500) return response
  const url = new URL(request.url)
  if (context.failure === 'unstorable-text') {
    return refuse(url, 400, 'The text sent contains characters that cannot be stored (such as a NUL byte).')
  }
  const retry = { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) }
  const accept = request.headers.get('accept') ?? ''
  if (isApi(url)) return refuse(url, 503, OUTAGE_MESSAGE, retry)
  if (url.pathname.endsWith('.data')) {
    const headers = new Headers(response.headers)
    headers.set('retry-after', retry['retry-after'])
    return new Response(response.body, { status: 503, headers })
  }
  if (accept.includes('text/html')) {
    return new Response(outagePage(context.cspNonce), {
      status: 503,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...retry },
    })
  }
  return plain(503, OUTAGE_MESSAGE, retry)
}

/**
 * Remix refuses an unsafe request whose Origin names another host by throwing a plain Error (a 500); this
 * answers it 403 first, with the same rule (Origin's host against X-Forwarded-Host, else Host).
 */
function isCrossOrigin(req: ExpressRequest): boolean {
  const origin = req.headers.origin
  if (!origin || origin === 'null' || !UNSAFE_METHODS.has(req.method)) return false
  const forwarded = req.get('x-forwarded-host')?.split(',')[0]?.trim()
  const host = forwarded || req.get('host')
  try {
    return new URL(origin).host !== host
  } catch {
    return true
  }
}

/** The URL of the request, or undefined when its path is not valid percent-encoding. */
function requestUrl(req: ExpressRequest): URL | undefined {
  try {
    decodeURIComponent(req.path)
    const port = req.get('host')?.split(':')[1]
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  } catch {
    return undefined
  }
}

function hasNulByte(url: URL): boolean {
  try {
    return decodeURIComponent(url.pathname + url.search).includes('\u0000')
  } catch {
    return url.search.includes('%00')
  }
}

function tooLargeResponse(url: URL, { whileStreaming = false } = {}): Response {
  const message = `The request body is larger than ${Math.round(bodyLimitFor(url) / 1024 / 1024)} MB.`
  // Refused on its headers alone, the body was never read: close the connection rather than read it to go on.
  // Refused while streaming, the rest is being drained (limitedBody): the connection stays open until the client
  // stops sending (see lingerAfterTooLarge), so the client reads the 413 instead of losing it to a reset.
  return refuse(url, 413, message, whileStreaming ? {} : { connection: 'close' })
}

/** How long a client that goes on sending after its 413 is given before its connection is closed anyway. */
const LINGER_AFTER_TOO_LARGE_MS = 5_000

/**
 * A lingering close, as web servers do after refusing a body: closing at once, while the client is still
 * sending, makes the kernel answer its next bytes with a reset, which can destroy the 413 before the client
 * reads it. The body is drained (limitedBody) until the client stops; one that never stops is cut off.
 */
function lingerAfterTooLarge(req: ExpressRequest, res: ExpressResponse) {
  res.once('finish', () => {
    if (req.complete) return
    const cutOff = setTimeout(() => req.socket.destroy(), LINGER_AFTER_TOO_LARGE_MS)
    cutOff.unref()
    req.once('end', () => clearTimeout(cutOff))
    req.socket.once('close', () => clearTimeout(cutOff))
  })
}

/** What is refused before Remix runs, in the order checked; undefined when Remix should answer. */
function refusalBeforeRemix(req: ExpressRequest, url: URL): Response | undefined {
  if (hasNulByte(url)) return refuse(url, 400, 'This address contains a NUL byte.')
  if (isCrossOrigin(req)) {
    return refuse(url, 403, 'This form was sent from another site. Open the page on Convene and send it there.')
  }
  // A declared length over the limit is refused on its headers alone.
  if (Number(req.get('content-length') ?? 0) > bodyLimitFor(url)) return tooLargeResponse(url)
  return undefined
}

/**
 * The body as a stream that errors once it passes `limit`, so nothing past the limit is ever held in memory:
 * Remix reads the body only as far as the limit, then the action fails and we answer 413.
 */
function limitedBody(req: ExpressRequest, limit: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let seen = 0
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      if (seen > limit) {
        onTooLarge()
        req.unpipe(limiter)
        req.resume() // drain and discard the rest rather than buffer it
        callback(new BodyTooLargeError(limit))
        return
      }
      callback(null, chunk)
    },
  })
  req.pipe(limiter)
  return createReadableStreamFromReadable(limiter)
}

/**
 * Express → Remix, in place of @remix-run/express's handler, so that what Remix cannot know is answered here:
 * a malformed address (400, not Express's stack-trace page), a NUL byte in the address (400), a cross-origin
 * form post (403), a body over the limit (413, refused while streaming, before it is buffered), a database
 * outage (503 with Retry-After). Every response carries the Content-Security-Policy with this request's nonce.
 */
export function createRemixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>)
  mode: 'development' | 'production'
  /** The published-content cache in front of this handler: fed with renders, told of changes. */
  published?: PublishedCache
  /** Report each request's database statements in a header (NODE_ENV=test). */
  countQueries?: boolean
}) {
  const handleRequest = createRequestHandler(options.build, options.mode)
  const dev = options.mode === 'development'
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const cspNonce = randomBytes(16).toString('base64')
    res.setHeader('content-security-policy', contentSecurityPolicy(cspNonce, dev))
    try {
      const url = requestUrl(req)
      if (!url) {
        await sendResponse(res, plain(400, 'This address is not valid (bad percent-encoding).'))
        return
      }
      const refusal = refusalBeforeRemix(req, url)
      if (refusal) {
        await sendResponse(res, refusal)
        return
      }

      const context: ConveneLoadContext = { requestId: String((req as unknown as { id: string }).id), cspNonce }
      let tooLarge = false
      const controller = new AbortController()
      res.on('close', () => {
        if (!res.writableFinished) controller.abort()
      })
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(url.href, {
        method: req.method,
        headers: remixHeaders(req),
        signal: controller.signal,
        ...(hasBody
          ? {
              body: limitedBody(req, bodyLimitFor(url), () => {
                tooLarge = true
              }),
              duplex: 'half',
            }
          : {}),
      } as RequestInit)

      let response = await handleRequest(request, context)
      if (tooLarge) lingerAfterTooLarge(req, res)
      response = tooLarge ? tooLargeResponse(url, { whileStreaming: true }) : answerFailure(request, response, context)
      const scope = currentRequestScope()
      // What this request changed is dropped here before it is answered, so its author never sees the old
      // content; other processes hear of it by NOTIFY (server/published-cache/invalidation.ts).
      if (scope?.changedTags.size) options.published?.invalidate(scope.changedTags)
      if (options.countQueries) res.setHeader(QUERY_COUNT_HEADER, String(scope?.queries ?? 0))
      if (await answerPublishedMiss(req, res, { response, scope })) return
      await sendResponse(res, response)
    } catch (error) {
      logger.error({ err: error }, 'the request handler failed')
      next(error)
    }
  }
}

/**
 * The last Express middleware: whatever reached it (express.static refusing a malformed path, a body Express
 * could not read) is answered in plain words with its status, never with Express's HTML page, which prints the
 * stack trace and file paths whenever NODE_ENV is not "production".
 */
export function answerExpressError(
  error: unknown,
  req: ExpressRequest,
  res: ExpressResponse,
  next: NextFunction,
): void {
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode
  const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500
  if (code >= 500) logger.error({ err: error, path: req.path }, 'request failed')
  if (res.headersSent) {
    next(error)
    return
  }
  const message =
    code === 400
      ? 'This address or request is not valid.'
      : code === 404
      ? 'There is nothing at this address.'
      : code < 500
      ? 'This request cannot be answered.'
      : 'Something went wrong on our side. Please try again.'
  res.status(code).type('text/plain').set('cache-control', 'no-store').send(`${message}\n`)
}
