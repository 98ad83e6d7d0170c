import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { logger } from '~/utils/logger.server'
import { runInRequestScope, type RequestScope } from '~/utils/request-scope.server'
import {
  cacheKeyOf,
  requestIdOf,
  writeEntry,
  type CacheKeyOptions,
  type PublishedCache,
  type PublishedEntry,
} from './cache'

// The front of the HTTP server: answers what the published cache holds before Express and Remix see the
// request, and lets a miss through to the app marked, so that the Remix handler can hand its render back
// (answerPublishedMiss).

const MISS = Symbol('convene.published-miss')

type Miss = {
  cache: PublishedCache
  key: string
  startedAt: number
  settle: (entry: PublishedEntry | undefined, cacheable: boolean) => void
  /** Set once the Remix handler took the render over (answerPublishedMiss): it settles from then on. */
  taken: boolean
  /** The client's validators, held back from the app so that it renders the whole body to keep. */
  conditional: Partial<Record<'if-none-match' | 'if-modified-since', string>>
}

type MarkedRequest = IncomingMessage & { [MISS]?: Miss }

/** The response header saying whether the cache answered (hit) or the app rendered and kept it (miss). */
export const CACHE_STATUS_HEADER = 'x-cache'

/** Under NODE_ENV=test, every response says how many database statements its request sent (tests count them). */
export const QUERY_COUNT_HEADER = 'x-convene-database-queries'

export type FrontOptions = CacheKeyOptions & {
  /** Answer every request inside a request scope and report its statements (QUERY_COUNT_HEADER). */
  countQueries: boolean
}

/** What static files (public/, the build's assets) end in: never published content. */
const STATIC_FILE = /\.(?:css|js|map|svg|png|jpe?g|ico|txt|webmanifest|woff2?)(?:\?|$)/

/** Paths that are never published content: static files (express.static answers them well) and the probe. */
function neverPublished(url: string | undefined): boolean {
  return !url || url.startsWith('/assets/') || url.startsWith('/healthz') || STATIC_FILE.test(url)
}

function logHit(req: IncomingMessage, id: string, status: number, started: number) {
  // The access line pino-http writes for every other request, in the same shape.
  logger.info(
    {
      req: { id, method: req.method, path: (req.url ?? '').split('?')[0] },
      res: { status },
      responseTime: Math.round(performance.now() - started),
      cache: 'hit',
    },
    'request completed',
  )
}

function answerFromMemory(
  req: IncomingMessage,
  res: ServerResponse,
  entry: PublishedEntry,
  options: FrontOptions,
  started: number,
) {
  const id = requestIdOf(req)
  const extra = ['x-request-id', id, CACHE_STATUS_HEADER, 'hit']
  let status: number
  if (options.countQueries) {
    const { scope, result } = runInRequestScope(() => writeEntry(req, res, entry, [...extra, QUERY_COUNT_HEADER, '0']))
    // A statement sent while answering would have been counted in the scope: there must be none.
    if (scope.queries > 0) logger.error({ queries: scope.queries }, 'a cache hit sent database statements')
    status = result
  } else {
    status = writeEntry(req, res, entry, extra)
  }
  if (logger.isLevelEnabled('info')) logHit(req, id, status, started)
}

/**
 * Wraps the app's request listener: a request the cache holds is answered at once; a GET it could hold goes
 * to the app as the one render of its key (others for the same key wait for it); everything else goes to the
 * app as before. Every request the app sees runs in a request scope (app/utils/request-scope.server.ts).
 */
export function publishedFront(cache: PublishedCache, app: RequestListener, options: FrontOptions): RequestListener {
  const toApp = (req: IncomingMessage, res: ServerResponse) => {
    runInRequestScope(() => app(req, res))
  }
  return (req, res) => {
    const started = performance.now()
    const key = cache.enabled && !neverPublished(req.url) ? cacheKeyOf(req, options) : undefined
    if (!key) return toApp(req, res)
    const found = cache.lookup(key)
    if (found && !found.stale) return answerFromMemory(req, res, found.entry, options, started)
    const flight = cache.flightFor(key)
    // Past its lifetime: answered as it is while one request renders the next (this one, if none does yet).
    if (found && (flight || req.method !== 'GET')) return answerFromMemory(req, res, found.entry, options, started)
    // Not published content last time: straight to the app, with its validators (express.static answers 304s).
    if (req.method !== 'GET' || cache.knownUncacheable(key)) return toApp(req, res)
    if (flight) {
      void flight.then((rendered) =>
        rendered && !res.destroyed ? answerFromMemory(req, res, rendered, options, started) : toApp(req, res),
      )
      return
    }
    const render = cache.startRender(key)
    let settled = false
    const miss: Miss = {
      cache,
      key,
      startedAt: render.startedAt,
      settle: (rendered, cacheable) => {
        if (settled) return
        settled = true
        render.settle(rendered, cacheable)
      },
      conditional: {},
      taken: false,
    }
    for (const name of ['if-none-match', 'if-modified-since'] as const) {
      const value = req.headers[name]
      if (value !== undefined) {
        miss.conditional[name] = value
        delete req.headers[name]
      }
    }
    ;(req as MarkedRequest)[MISS] = miss
    // Whatever became of the request otherwise (another handler answered it, it failed, the client left), the
    // requests waiting for this render must not wait forever.
    res.once('close', () => {
      if (!miss.taken) miss.settle(undefined, false)
    })
    toApp(req, res)
  }
}

/** What the Remix handler tells answerPublishedMiss about the response it got. */
export type AppResponse = { response: Response; scope: RequestScope | undefined }

/**
 * Called by the Remix handler with its response to a request the front let through as a render. When the
 * response is published content — a 200 without Set-Cookie whose loaders declared what they show — it is kept
 * and answered from the entry (304 to a client whose copy is current, the best encoding it accepts); the
 * requests waiting for this render get the same entry. Returns false when the caller should send the response
 * itself (it is not cacheable, or this request was not a render).
 */
export async function answerPublishedMiss(
  req: IncomingMessage,
  res: ServerResponse,
  { response, scope }: AppResponse,
): Promise<boolean> {
  const miss = (req as MarkedRequest)[MISS]
  if (!miss) return false
  delete (req as MarkedRequest)[MISS]
  miss.taken = true
  try {
    return await keepAndAnswer(miss, req, res, { response, scope })
  } finally {
    miss.settle(undefined, false) // no-op once settled; here for a failure half way
  }
}

async function keepAndAnswer(
  miss: Miss,
  req: IncomingMessage,
  res: ServerResponse,
  { response, scope }: AppResponse,
): Promise<boolean> {
  Object.assign(req.headers, miss.conditional)
  const published = scope?.published
  if (response.status !== 200 || !published || !response.body || response.headers.has('set-cookie')) {
    miss.settle(undefined, false)
    return false
  }
  const headers: [string, string][] = []
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined) headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)])
  }
  for (const [name, value] of response.headers) headers.push([name, value])
  const body = Buffer.from(await response.arrayBuffer())
  const rendered = { status: 200, headers, body, tags: [...published.tags], maxAgeMs: published.maxAgeMs }
  const { entry, kept } = await miss.cache.fill(miss.key, miss.startedAt, rendered, {
    // The first request after a publish is answered as soon as it is rendered, uncompressed.
    beforeCompressing: (identity) => {
      if (!res.destroyed) writeEntry(req, res, identity, [CACHE_STATUS_HEADER, 'miss'])
    },
  })
  miss.settle(kept ? entry : undefined, true)
  return true
}
