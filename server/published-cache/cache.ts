import { createHash, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { LRUCache } from 'lru-cache'
import Negotiator from 'negotiator'
import { etagMatches } from '~/utils/http-cache.server'

// Published content — feeds, exports and the pages visitors without a session see — rendered once per state of
// what it shows and answered from memory ahead of Express and Remix (docs/decisions/016-published-content-cache.md).
// This module is the store and the answers; the HTTP server wires it in front of the app (./front.ts), and
// ./invalidation.ts drops what changes made stale.

const gzip = promisify(zlib.gzip)
const brotli = promisify(zlib.brotliCompress)

export type Encoding = 'br' | 'gzip' | 'identity'

type Variant = {
  body: Buffer
  etag: string
  /**
   * The headers of a 200 and of a 304 of this form, flat ([name, value, name, value, …]) as writeHead takes them,
   * built once with the entry: a hit only adds its request id.
   */
  ok: string[]
  notModified: string[]
}

export type PublishedEntry = {
  status: number
  /** The response's own headers as the filling render sent them, less the per-response and validator headers. */
  headers: [string, string][]
  variants: Partial<Record<Encoding, Variant>> & { identity: Variant }
  /** An HTTP date, whole seconds: the route's Last-Modified, else when the entry was rendered. */
  lastModified: string
  lastModifiedMs: number
  tags: string[]
  size: number
}

/** What a miss rendered and may be kept: a 200 with its body and what it shows. */
export type RenderedResponse = {
  status: number
  headers: [string, string][]
  body: Buffer
  tags: string[]
  maxAgeMs: number
}

/**
 * Headers that belong to one response, or that the cache sets itself from the entry: never stored. Everything
 * else (Content-Type, Cache-Control, the security headers, the Content-Security-Policy with the nonce the
 * stored HTML carries) is served as the filling render sent it.
 */
const NOT_STORED = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'date',
  'etag',
  'keep-alive',
  'last-modified',
  'set-cookie',
  'transfer-encoding',
  'vary',
  'x-convene-database-queries',
  'x-request-id',
])

/** Bodies smaller than this are not worth compressing (the gzip header alone is 18 bytes). */
const COMPRESS_FROM_BYTES = 1024

/** Keys whose render was not cacheable, remembered so that concurrent requests for them do not queue. */
const UNCACHEABLE_KEYS = { max: 10_000, ttl: 60_000 }

export type CacheKeyOptions = {
  /** Whether the Host is part of the key: only when links are built from it (PUBLIC_URL unset). */
  keyIncludesHost: boolean
}

/**
 * The key of a request the cache may answer, or undefined: only GET and HEAD from visitors without a session
 * (no Cookie, no Authorization header) are shared. The query is sorted so `?b=1&a=2` and `?a=2&b=1` share an
 * entry.
 */
export function cacheKeyOf(req: IncomingMessage, options: CacheKeyOptions): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  if (req.headers.cookie !== undefined || req.headers.authorization !== undefined) return undefined
  const url = req.url ?? '/'
  const queryAt = url.indexOf('?')
  let path = queryAt === -1 ? url : url.slice(0, queryAt)
  if (queryAt !== -1 && queryAt < url.length - 1) {
    const query = new URLSearchParams(url.slice(queryAt + 1))
    query.sort()
    const sorted = query.toString()
    if (sorted) path += `?${sorted}`
  }
  return options.keyIncludesHost ? `${(req.headers.host ?? '').toLowerCase()} ${path}` : path
}

/** Accept-Encoding values repeat (each browser sends the same one every time): each is parsed once. */
const encodingByHeader = new LRUCache<string, Encoding>({ max: 256 })

/** The encoding to send: brotli, then gzip, when the client accepts it (q > 0), else the bytes as they are. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity'
  let chosen = encodingByHeader.get(acceptEncoding)
  if (chosen === undefined) {
    chosen = negotiateEncoding(acceptEncoding)
    encodingByHeader.set(acceptEncoding, chosen)
  }
  return chosen
}

function negotiateEncoding(acceptEncoding: string): Encoding {
  // negotiator 1's `preferred` (our order among equals: brotli first) is not in @types/negotiator yet.
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as unknown as {
    encoding: (available: Encoding[], options: { preferred: Encoding[] }) => Encoding | undefined
  }
  const order: Encoding[] = ['br', 'gzip', 'identity']
  return negotiator.encoding(order, { preferred: order }) ?? 'identity'
}

function sha256Etag(body: Buffer, suffix = ''): string {
  return `"${createHash('sha256').update(body).digest('base64url')}${suffix}"`
}

function makeVariant(
  entry: Pick<PublishedEntry, 'headers' | 'lastModified'>,
  encoding: Encoding,
  bytes: Buffer,
  etag: string,
): Variant {
  const validators = ['etag', etag, 'last-modified', entry.lastModified, 'vary', 'Accept-Encoding']
  const ok = [...entry.headers.flat(), ...validators, 'content-length', String(bytes.length)]
  if (encoding !== 'identity') ok.push('content-encoding', encoding)
  // A 304 carries what a 200 would, less the description of a body it does not have (RFC 9110 §15.4.5).
  const notModified = [
    ...entry.headers.filter(([name]) => !name.startsWith('content-') || name === 'content-security-policy').flat(),
    ...validators,
  ]
  return { body: bytes, etag, ok, notModified }
}

function sizeOf(entry: Pick<PublishedEntry, 'headers' | 'variants'>): number {
  const { identity, gzip, br } = entry.variants
  return (
    identity.body.length +
    (gzip?.body.length ?? 0) +
    (br?.body.length ?? 0) +
    // The stored headers, and each form's flat copies of them for a 200 and a 304.
    7 * entry.headers.reduce((sum, [name, value]) => sum + name.length + value.length, 0) +
    1024 // the entry's own objects, the key, the validators
  )
}

/**
 * An entry of the bytes as rendered, with a strong ETag: the quoted SHA-256 of the body, as the routes compute
 * it (app/utils/http-cache), so validators stay the same across processes and restarts.
 */
export function identityEntry(rendered: RenderedResponse, now = Date.now()): PublishedEntry {
  const headers = rendered.headers.filter(([name]) => !NOT_STORED.has(name))
  const routeLastModified = rendered.headers.find(([name]) => name === 'last-modified')?.[1]
  const parsed = routeLastModified ? Date.parse(routeLastModified) : Number.NaN
  const lastModifiedMs = Number.isNaN(parsed) ? Math.floor(now / 1000) * 1000 : parsed
  const base = { headers, lastModified: new Date(lastModifiedMs).toUTCString() }
  const variants = { identity: makeVariant(base, 'identity', rendered.body, sha256Etag(rendered.body)) }
  return {
    status: rendered.status,
    ...base,
    variants,
    lastModifiedMs,
    tags: rendered.tags,
    size: sizeOf({ headers, variants }),
  }
}

/**
 * The entry with its gzip and brotli forms too, each kept only when smaller; a compressed form's ETag adds its
 * coding, since a strong validator names exact bytes.
 */
export async function withCompressedForms(entry: PublishedEntry): Promise<PublishedEntry> {
  const { body, etag } = entry.variants.identity
  if (body.length < COMPRESS_FROM_BYTES) return entry
  const [gzipped, brotlied] = await Promise.all([
    gzip(body, { level: 6 }),
    // Quality 5 compresses better than gzip's best at a fraction of brotli 11's time.
    brotli(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  ])
  const bare = etag.slice(0, -1)
  const variants: PublishedEntry['variants'] = { ...entry.variants }
  if (gzipped.length < body.length) variants.gzip = makeVariant(entry, 'gzip', gzipped, `${bare}-gzip"`)
  if (brotlied.length < body.length) variants.br = makeVariant(entry, 'br', brotlied, `${bare}-br"`)
  return { ...entry, variants, size: sizeOf({ headers: entry.headers, variants }) }
}

/** identityEntry, then withCompressedForms. */
export async function buildEntry(rendered: RenderedResponse, now = Date.now()): Promise<PublishedEntry> {
  return withCompressedForms(identityEntry(rendered, now))
}

/** Whether a conditional GET is answered 304: If-None-Match against every form's ETag, else If-Modified-Since. */
function notModified(req: IncomingMessage, entry: PublishedEntry): boolean {
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined) {
    return Object.values(entry.variants).some((variant) => etagMatches(ifNoneMatch, variant.etag))
  }
  const ifModifiedSince = req.headers['if-modified-since']
  if (ifModifiedSince === undefined) return false
  const since = Date.parse(ifModifiedSince)
  return !Number.isNaN(since) && since >= entry.lastModifiedMs
}

/** A request id for the access line and the answer: the client's own when it is a sane one, as pino-http does. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID()
}

/**
 * Writes `entry` as the answer to `req`: 304 when the client's copy is current, else 200 in the best encoding
 * it accepts (HEAD: the headers alone). `extra` adds per-response headers, flat (the request id).
 */
export function writeEntry(req: IncomingMessage, res: ServerResponse, entry: PublishedEntry, extra: string[]): number {
  const variant = entry.variants[chooseEncoding(req.headers['accept-encoding'])] ?? entry.variants.identity
  if (notModified(req, entry)) {
    res.writeHead(304, [...variant.notModified, ...extra])
    res.end()
    return 304
  }
  res.writeHead(entry.status, [...variant.ok, ...extra])
  res.end(req.method === 'HEAD' ? undefined : variant.body)
  return entry.status
}

type Flight = Promise<PublishedEntry | undefined>

/**
 * The store: entries in an LRU bounded in bytes (lru-cache's maxSize), each with a lifetime; one render at a
 * time per key (later requests for a key being rendered wait for that render); and invalidation by tag.
 *
 * A render that began before an invalidation of a tag it shows is not stored when it ends: it may have read
 * what the change replaced. Every invalidation takes the next number of a counter and stamps its tags with it;
 * a render notes the counter when it starts and is kept only if none of its tags was stamped later.
 */
export class PublishedCache {
  readonly maxBytes: number
  private readonly entries: LRUCache<string, PublishedEntry>
  private readonly flights = new Map<string, Flight>()
  private readonly uncacheable = new LRUCache<string, true>(UNCACHEABLE_KEYS)
  private counter = 0
  private readonly stamps = new Map<string, number>()
  private clearedAt = 0
  private bypassing = false

  constructor(options: {
    maxBytes: number
    /** The clock of entry lifetimes (tests pass their own). */ now?: () => number
  }) {
    this.maxBytes = options.maxBytes
    this.entries = new LRUCache<string, PublishedEntry>({
      ...(options.now ? { perf: { now: options.now } } : {}),
      maxSize: Math.max(options.maxBytes, 1),
      sizeCalculation: (entry) => entry.size,
      // An entry larger than a quarter of the budget would push out everything else for one page.
      maxEntrySize: Math.max(Math.floor(options.maxBytes / 4), 1),
      ttlAutopurge: false,
      // Read the clock on every lookup: a one-second lifetime is a promise about staleness, not a hint.
      ttlResolution: 0,
    })
  }

  /** Whether lookups are answered: not while bypassing (changes cannot be heard) or with no budget. */
  get enabled(): boolean {
    return !this.bypassing && this.maxBytes > 0
  }

  /** The current entry of `key`: one whose lifetime has not run out. */
  get(key: string): PublishedEntry | undefined {
    return this.entries.get(key)
  }

  /**
   * The entry of `key`, current or past its lifetime (`stale`). A stale entry is still answered while another
   * request renders its successor (stale-while-revalidate): a page kept half a second is then re-rendered once,
   * in the background of the requests that keep coming, instead of holding them all up every half second.
   * Entries a change dropped are gone, never stale.
   */
  lookup(key: string): { entry: PublishedEntry; stale: boolean } | undefined {
    const status: LRUCache.Status<string, PublishedEntry> = {}
    const entry = this.entries.get(key, { allowStale: true, noDeleteOnStaleGet: true, status })
    return entry ? { entry, stale: status.get === 'stale' } : undefined
  }

  /** Whether the last render of `key` was not published content (a static file, a page with a form…). */
  knownUncacheable(key: string): boolean {
    return this.uncacheable.has(key)
  }

  /** The render in progress for `key`, if any (and worth waiting for). */
  flightFor(key: string): Flight | undefined {
    return this.uncacheable.has(key) ? undefined : this.flights.get(key)
  }

  /**
   * Starts the one render of `key`: returns the counter's value now (for `fill`) and `settle`, which hands the
   * kept entry (or nothing: the waiting requests then go to the app themselves) to every request waiting for
   * it, and says whether the key's answers are published content at all. Always settle, whatever the render's
   * fate.
   */
  startRender(key: string): {
    startedAt: number
    settle: (entry: PublishedEntry | undefined, cacheable: boolean) => void
  } {
    let settle!: (entry: PublishedEntry | undefined) => void
    const flight = new Promise<PublishedEntry | undefined>((resolve) => (settle = resolve))
    this.flights.set(key, flight)
    return {
      startedAt: this.counter,
      settle: (entry, cacheable) => {
        if (this.flights.get(key) === flight) this.flights.delete(key)
        if (!cacheable) this.uncacheable.set(key, true)
        else this.uncacheable.delete(key)
        settle(entry)
      },
    }
  }

  /**
   * Builds and keeps the entry a render produced (the requests waiting for it get it once it is complete);
   * also returns it when it could not be kept.
   */
  async fill(
    key: string,
    startedAt: number,
    rendered: RenderedResponse,
    options: { beforeCompressing?: (entry: PublishedEntry) => void } = {},
  ): Promise<{ entry: PublishedEntry; kept: boolean }> {
    const identity = identityEntry(rendered)
    // The request that rendered need not wait for the compression: it is answered with the bytes as they are.
    options.beforeCompressing?.(identity)
    const entry = await withCompressedForms(identity)
    const stale = this.clearedAt > startedAt || entry.tags.some((tag) => (this.stamps.get(tag) ?? 0) > startedAt)
    if (stale || !this.enabled) return { entry, kept: false }
    this.entries.set(key, entry, { ttl: rendered.maxAgeMs })
    return { entry, kept: this.entries.has(key) }
  }

  /** Drops every entry showing any of `tags`; returns how many went. */
  invalidate(tags: Iterable<string>): number {
    const stamp = ++this.counter
    const stale = new Set<string>()
    for (const tag of tags) {
      this.stamps.set(tag, stamp)
      stale.add(tag)
    }
    if (this.stamps.size > 100_000) this.forgetStamps()
    const dropping = [...this.entries.entries()].filter(([, entry]) => entry.tags.some((tag) => stale.has(tag)))
    for (const [key] of dropping) this.entries.delete(key)
    return dropping.length
  }

  /** Drops everything (the channel that carries changes was lost, or is back). */
  clear(): void {
    this.clearedAt = ++this.counter
    this.entries.clear()
    this.stamps.clear()
  }

  /** While on, nothing is answered from memory nor kept: used while changes cannot be heard. */
  setBypass(on: boolean): void {
    this.bypassing = on
    this.clear()
  }

  /** Stamps only matter to renders in flight; once the map is large, forgetting them all is a clear(). */
  private forgetStamps() {
    this.clear()
  }

  get stats() {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize, maxBytes: this.maxBytes }
  }
}
