import { randomBytes } from 'node:crypto'
import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import {
  buildEntry,
  cacheKeyOf,
  chooseEncoding,
  PublishedCache,
  type RenderedResponse,
} from '../../server/published-cache/cache'
import { publishedFront } from '../../server/published-cache/front'
import { reconnectDelayMs } from '../../server/notifications'

const rendered = (body: Buffer | string, tags: string[], maxAgeMs = 60_000): RenderedResponse => ({
  status: 200,
  headers: [
    ['content-type', 'text/html; charset=utf-8'],
    ['x-request-id', 'of-the-filling-request'],
    ['set-cookie', 'never=stored'],
  ],
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  tags,
  maxAgeMs,
})

const html = (n: number) => `<!DOCTYPE html><p>${'Sparse arrays, API dispatching, alt text. '.repeat(n)}</p>`

/** A request as node:http hands it over, for the functions that read one. */
const incoming = (headers: Record<string, string>, url = '/', method = 'GET') =>
  ({ method, url, headers } as unknown as IncomingMessage)

describe('the published-content store', () => {
  it('stays within its byte budget whatever the number of keys (1,000 distinct pages)', async () => {
    const cache = new PublishedCache({ maxBytes: 4 * 1024 * 1024 })
    for (let i = 0; i < 1000; i++) {
      // Random bytes do not compress: each entry weighs its full 20 KB.
      const started = cache.startRender(`/page/${i}`)
      await cache.fill(`/page/${i}`, started.startedAt, rendered(randomBytes(20_000), [`event:${i}`]))
      started.settle(undefined, true)
      expect(cache.stats.bytes).toBeLessThanOrEqual(4 * 1024 * 1024)
    }
    expect(cache.stats.entries).toBeGreaterThan(100)
    expect(cache.stats.entries).toBeLessThan(1000)
    // The least recently used went first.
    expect(cache.get('/page/0')).toBeUndefined()
    expect(cache.get('/page/999')).toBeDefined()
  })

  it('drops exactly the entries that show a changed tag', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const keep = async (key: string, tags: string[]) => {
      const { startedAt } = cache.startRender(key)
      expect((await cache.fill(key, startedAt, rendered(html(3), tags))).kept).toBe(true)
    }
    await keep('/events/a', ['event:1'])
    await keep('/events/a/calendar.ics', ['event:1'])
    await keep('/events/b', ['event:2'])
    await keep('/', ['listing'])
    await keep('/feeds/t/calendar.ics', ['event:1', 'registration:7'])

    expect(cache.invalidate(['registration:7'])).toBe(1)
    expect(cache.get('/feeds/t/calendar.ics')).toBeUndefined()
    expect(cache.invalidate(['event:1', 'listing'])).toBe(3)
    expect(cache.get('/events/b')).toBeDefined()
    expect(cache.stats.entries).toBe(1)
  })

  it('does not keep a render that began before a change to what it shows', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const before = cache.startRender('/events/a')
    cache.invalidate(['event:1']) // committed while the render was reading the old rows
    const outcome = await cache.fill('/events/a', before.startedAt, rendered(html(3), ['event:1']))
    expect(outcome.kept).toBe(false)
    expect(cache.get('/events/a')).toBeUndefined()
    // A change elsewhere does not spoil it.
    const after = cache.startRender('/events/a')
    cache.invalidate(['event:2'])
    expect((await cache.fill('/events/a', after.startedAt, rendered(html(3), ['event:1']))).kept).toBe(true)
  })

  it('lets an entry live no longer than its render allowed', async () => {
    let now = 1_000_000
    const cache = new PublishedCache({ maxBytes: 1 << 20, now: () => now })
    const { startedAt } = cache.startRender('/events/a')
    await cache.fill('/events/a', startedAt, rendered(html(3), ['event:1'], 1_000))
    now += 999
    expect(cache.get('/events/a')).toBeDefined()
    now += 2
    expect(cache.get('/events/a')).toBeUndefined()
  })

  it('still offers an entry past its lifetime, as stale, for the requests that come while it renders again', async () => {
    let now = 1_000_000
    const cache = new PublishedCache({ maxBytes: 1 << 20, now: () => now })
    const { startedAt } = cache.startRender('/events/a')
    await cache.fill('/events/a', startedAt, rendered(html(3), ['event:1'], 500))
    expect(cache.lookup('/events/a')?.stale).toBe(false)
    now += 501
    expect(cache.lookup('/events/a')?.stale).toBe(true)
    expect(cache.get('/events/a')).toBeUndefined()
    // What a change dropped is gone, not stale.
    cache.invalidate(['event:1'])
    expect(cache.lookup('/events/a')).toBeUndefined()
  })

  it('neither answers nor keeps anything while bypassing, and starts empty after', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const { startedAt } = cache.startRender('/')
    await cache.fill('/', startedAt, rendered(html(3), ['listing']))
    cache.setBypass(true)
    expect(cache.enabled).toBe(false)
    expect(cache.get('/')).toBeUndefined()
    const during = cache.startRender('/')
    expect((await cache.fill('/', during.startedAt, rendered(html(3), ['listing']))).kept).toBe(false)
    cache.setBypass(false)
    expect(cache.enabled).toBe(true)
    expect(cache.stats.entries).toBe(0)
  })

  it('keeps gzip and brotli forms that decode to the same bytes, each with its own strong ETag', async () => {
    const body = Buffer.from(html(200))
    const entry = await buildEntry(rendered(body, ['listing']))
    expect(zlib.gunzipSync(entry.variants.gzip!.body)).toEqual(body)
    expect(zlib.brotliDecompressSync(entry.variants.br!.body)).toEqual(body)
    const etags = Object.values(entry.variants).map((v) => v.etag)
    expect(new Set(etags).size).toBe(3)
    for (const etag of etags) expect(etag).toMatch(/^"[\w-]+"$/)
    // Per-response headers are not kept for everyone.
    expect(entry.headers.map(([name]) => name)).toEqual(['content-type'])
  })

  it('does not compress what would not get smaller', async () => {
    const entry = await buildEntry(rendered('tiny', ['listing']))
    expect(Object.keys(entry.variants)).toEqual(['identity'])
  })
})

describe('which requests share an entry', () => {
  const options = { keyIncludesHost: false }
  it('shares only GET and HEAD without Cookie or Authorization', () => {
    expect(cacheKeyOf(incoming({}, '/events/a'), options)).toBe('/events/a')
    expect(cacheKeyOf(incoming({}, '/events/a', 'HEAD'), options)).toBe('/events/a')
    expect(cacheKeyOf(incoming({}, '/events/a', 'POST'), options)).toBeUndefined()
    expect(cacheKeyOf(incoming({ cookie: 'convene_attendee=x' }, '/events/a'), options)).toBeUndefined()
    expect(cacheKeyOf(incoming({ authorization: 'Bearer x' }, '/events/a'), options)).toBeUndefined()
  })

  it('sorts the query, and keys by host only when links are built from it', () => {
    expect(cacheKeyOf(incoming({}, '/a/agenda?view=grid&track=Arrays'), options)).toBe(
      '/a/agenda?track=Arrays&view=grid',
    )
    expect(cacheKeyOf(incoming({}, '/a/agenda?'), options)).toBe('/a/agenda')
    const byHost = { keyIncludesHost: true }
    expect(cacheKeyOf(incoming({ host: 'Convene.Example.org' }, '/'), byHost)).toBe('convene.example.org /')
  })

  it('sends brotli, then gzip, as the client accepts them', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br')
    expect(chooseEncoding('gzip')).toBe('gzip')
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(chooseEncoding('identity')).toBe('identity')
    expect(chooseEncoding(undefined)).toBe('identity')
  })

  it('waits between LISTEN attempts from about 250 ms up to 10 s, jittered', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(125)
    expect(reconnectDelayMs(0, () => 1)).toBe(250)
    expect(reconnectDelayMs(3, () => 1)).toBe(2000)
    expect(reconnectDelayMs(30, () => 1)).toBe(10_000)
  })
})

describe('the front of the server', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  type Answer = { status: number; headers: IncomingMessage['headers']; body: Buffer }
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const { port } = server!.address() as AddressInfo
      request({ port, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
        .on('error', reject)
        .end()
    })

  /**
   * A front over an app that stands in for Express + Remix: it counts its renders, and each render waits for
   * the test to release it, so that requests arriving meanwhile are seen to wait rather than render.
   */
  async function frontOver(cache: PublishedCache) {
    let renders = 0
    const validatorsSeen: string[] = []
    const waiting: (() => void)[] = []
    const { answerPublishedMiss } = await import('../../server/published-cache/front')
    const app: RequestListener = (req, res) => {
      renders++
      if (req.headers['if-none-match']) validatorsSeen.push(req.headers['if-none-match'])
      waiting.push(() => {
        const response = new Response(html(50), { headers: { 'content-type': 'text/html; charset=utf-8' } })
        const published = { tags: new Set(['event:1']), maxAgeMs: 60_000 }
        void answerPublishedMiss(req, res, { response, scope: { changedTags: new Set(), published, queries: 0 } }).then(
          (answered) => {
            if (!answered) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(50))
          },
        )
      })
    }
    server = createServer(publishedFront(cache, app, { keyIncludesHost: false, countQueries: true }))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return {
      renders: () => renders,
      validatorsSeen,
      /** Resolves once `count` renders are waiting, then lets them all finish. */
      release: async (count: number) => {
        while (waiting.length < count) await new Promise((resolve) => setImmediate(resolve))
        for (const finish of waiting.splice(0)) finish()
      },
    }
  }

  it('renders once for concurrent misses of one key, and answers later requests from memory', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const app = await frontOver(cache)
    const answers = Promise.all(
      Array.from({ length: 20 }, () => get('/events/a/agenda', { 'accept-encoding': 'gzip' })),
    )
    await app.release(1)
    const all = await answers
    expect(app.renders()).toBe(1)
    // The request that rendered is answered at once, uncompressed; those that waited get the finished entry.
    const [plain, compressed] = [
      all.filter((a) => !a.headers['content-encoding']),
      all.filter((a) => a.headers['content-encoding']),
    ]
    expect(plain).toHaveLength(1)
    expect(plain[0]!.body.toString()).toBe(html(50))
    expect(new Set(compressed.map((a) => a.headers.etag)).size).toBe(1)
    for (const answer of compressed) expect(zlib.gunzipSync(answer.body).toString()).toBe(html(50))

    const hit = await get('/events/a/agenda')
    expect(hit.headers['x-cache']).toBe('hit')
    expect(hit.headers['x-convene-database-queries']).toBe('0')
    expect(hit.headers.vary).toBe('Accept-Encoding')
    expect(hit.body.toString()).toBe(html(50))
    expect(app.renders()).toBe(1)
  })

  it('answers 304 to a current copy, by ETag of any form or by date, from memory', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const app = await frontOver(cache)
    const first = get('/events/a', { 'accept-encoding': 'br' })
    await app.release(1)
    expect((await first).headers['x-cache']).toBe('miss')
    const { headers } = await get('/events/a', { 'accept-encoding': 'br' })
    expect(headers['content-encoding']).toBe('br')

    const byEtag = await get('/events/a', { 'if-none-match': headers.etag! })
    expect(byEtag.status).toBe(304)
    expect(byEtag.body.length).toBe(0)
    const byDate = await get('/events/a', { 'if-modified-since': headers['last-modified']! })
    expect(byDate.status).toBe(304)
    const stale = await get('/events/a', { 'if-none-match': '"something-else"' })
    expect(stale.status).toBe(200)
    expect(app.renders()).toBe(1)
  })

  it('renders a 304 it cannot answer itself as a whole page it can keep', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const app = await frontOver(cache)
    // A calendar client revalidating after a restart: its validator must not reach the route (which would
    // answer 304 with no body to keep).
    const answer = get('/events/a/calendar.ics', { 'if-none-match': '"from-before-the-restart"' })
    await app.release(1)
    expect((await answer).status).toBe(200)
    expect(app.validatorsSeen).toEqual([])
    // Kept once compressed, which the client did not wait for.
    await cache.flightFor('/events/a/calendar.ics')
    expect(cache.get('/events/a/calendar.ics')).toBeDefined()
  })

  it('answers a page past its lifetime from memory while one request renders it again', async () => {
    let now = 1_000_000
    const cache = new PublishedCache({ maxBytes: 1 << 20, now: () => now })
    const app = await frontOver(cache)
    const first = get('/events/a')
    await app.release(1)
    await first
    await cache.flightFor('/events/a')
    now += 60_001 // the fake app's pages live 60 s
    const renewing = get('/events/a')
    while (!cache.flightFor('/events/a')) await new Promise((resolve) => setImmediate(resolve))
    // Meanwhile: the old page, at once, without waiting for the render.
    const meanwhile = await get('/events/a')
    expect(meanwhile.headers['x-cache']).toBe('hit')
    expect(app.renders()).toBe(2)
    await app.release(1)
    expect((await renewing).headers['x-cache']).toBe('miss')
  })

  it('sends what was not published content straight to the app next time, validators and all', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const seen: (string | undefined)[] = []
    const app: RequestListener = (req, res) => {
      seen.push(req.headers['if-none-match'])
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg/>')
    }
    server = createServer(publishedFront(cache, app, { keyIncludesHost: false, countQueries: false }))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    await get('/events/a/register', { 'if-none-match': '"v1"' })
    await get('/events/a/register', { 'if-none-match': '"v1"' })
    // The first time it could not be known; from then on the app's own 304 logic sees the validator.
    expect(seen).toEqual([undefined, '"v1"'])
    expect(cache.knownUncacheable('/events/a/register')).toBe(true)
    // A static file is never taken for published content at all.
    await get('/favicon.svg', { 'if-none-match': '"v1"' })
    expect(seen.at(-1)).toBe('"v1"')
    expect(cache.knownUncacheable('/favicon.svg')).toBe(false)
  })

  it('lets visitors with a session through to the app, every time', async () => {
    const cache = new PublishedCache({ maxBytes: 1 << 20 })
    const app = await frontOver(cache)
    const anonymous = get('/events/a')
    await app.release(1)
    await anonymous
    const personal = get('/events/a', { cookie: 'convene_attendee=abc' })
    await app.release(1)
    expect((await personal).headers['x-cache']).toBeUndefined()
    expect(app.renders()).toBe(2)
  })
})
