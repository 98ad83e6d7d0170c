import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, openPage } from '../support/browser'
import { startConveneServer, type ConveneProcess } from '../support/convene-process'
import { createTestDatabaseEnv } from '../support/test-database'

// The published-content cache as visitors and calendar clients meet it, on real servers (`npm start`): what it
// answers from memory, that this costs no database statement, that it holds nothing personal, and that a
// change made through one server is served by every other within a second.

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

const root = path.resolve(import.meta.dirname, '../..')
const SLUG = 'domain-stacks-summit'

/** A GET on a connection of its own, headers as given (fetch would add Accept-Encoding and keep connections). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

const queries = (answer: Answer) => Number(answer.headers['x-convene-database-queries'])

describe('published pages and feeds, answered from memory', () => {
  const baseUrl = inject('baseUrl')
  // A query of its own, so that this key is cold whatever ran before on the shared server.
  const fresh = () => `${baseUrl}/events/${SLUG}/agenda?track=${randomBytes(4).toString('hex')}`

  it('a hit and a 304 send no database statement; the miss before them did', async () => {
    const url = fresh()
    const miss = await get(url)
    expect(miss.status).toBe(200)
    expect(miss.headers['x-cache']).toBe('miss')
    expect(queries(miss)).toBeGreaterThan(0)

    const hit = await get(url)
    expect(hit.headers['x-cache']).toBe('hit')
    expect(queries(hit)).toBe(0)
    expect(hit.body.equals(miss.body)).toBe(true)
    expect(hit.headers.etag).toBe(miss.headers.etag)

    const notModified = await get(url, { 'if-none-match': hit.headers.etag! })
    expect(notModified.status).toBe(304)
    expect(queries(notModified)).toBe(0)
    expect(notModified.headers['x-cache']).toBe('hit')
  })

  it('serves gzip and brotli forms of the same bytes, varying by Accept-Encoding', async () => {
    const url = `${baseUrl}/events/${SLUG}/calendar.ics`
    const plain = await get(url)
    const gzipped = await get(url, { 'accept-encoding': 'gzip' })
    const brotlied = await get(url, { 'accept-encoding': 'gzip, deflate, br' })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(brotlied.headers['content-encoding']).toBe('br')
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true)
    expect(zlib.brotliDecompressSync(brotlied.body).equals(plain.body)).toBe(true)
    for (const answer of [plain, gzipped, brotlied]) {
      expect(answer.headers.vary).toBe('Accept-Encoding')
      expect(answer.headers['content-type']).toBe('text/calendar; charset=utf-8')
    }
    expect(brotlied.body.length).toBeLessThan(plain.body.length / 3)
  })

  it('holds nothing personal: no cookie, no CSRF token; a visitor with a session gets a page of their own', async () => {
    const url = fresh()
    const shared = await get(url)
    expect(shared.headers['set-cookie']).toBeUndefined()
    expect(shared.body.toString()).not.toMatch(/csrfToken\\?"\s*[,:]\s*\\?"[\w-]{20,}/)
    // The visitor who registered has a cookie: never the shared bytes, and their page has its own token.
    const login = await get(`${baseUrl}/login`)
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0]!
    expect(cookie).toMatch(/^convene_csrf=/)
    const own = await get(url, { cookie })
    expect(own.headers['x-cache']).toBeUndefined()
    expect(queries(own)).toBeGreaterThan(0)
    expect(own.body.toString()).toMatch(/csrfToken\\?"\s*[,:]\s*\\?"[\w-]{20,}/)
  })

  it('does not share what is not published content: a page with a form, a personal page', async () => {
    for (const sub of ['register', 'my-agenda']) {
      const url = `${baseUrl}/events/${SLUG}/${sub}`
      await get(url)
      const again = await get(url)
      expect(again.headers['x-cache']).toBeUndefined()
    }
  })
})

/**
 * A visitor arrives without any cookie on a shared event page, goes on to register (JavaScript on), and the
 * form works. Run on a server of its own: it takes a seat of the demo summit, which the shared server's
 * registration tests count on.
 */
async function registersFromASharedPage(baseUrl: string) {
  const browser = await launchBrowser()
  try {
    const page = await openPage(browser)
    const arrival = await page.goto(`${baseUrl}/events/${SLUG}`)
    // The first page came without any cookie: the shared bytes, with no token in them.
    expect(arrival!.request().headers().cookie).toBeUndefined()
    expect(await arrival!.headerValue('set-cookie')).toBeNull()
    expect(await page.context().cookies()).toEqual([])
    await page
      .getByRole('link', { name: /Register|Join the waiting list/ })
      .first()
      .click()
    await page.waitForURL(/\/register$/)
    await page.getByLabel('Name', { exact: true }).fill('Shared Page Visitor')
    await page.getByLabel('Email').fill(`shared-${randomBytes(4).toString('hex')}@example.org`)
    await page.getByRole('checkbox', { name: 'SciPy' }).check()
    await page.getByRole('radio', { name: 'Remote' }).check()
    await page.getByRole('radio', { name: 'Geosciences' }).check()
    await page.getByRole('button', { name: /Register|Join the waiting list/ }).click()
    await page.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
  } finally {
    await browser.close()
  }
}

type Server = ConveneProcess & { baseUrl: string }

/** An API token for the demo organizer, made with the admin CLI on the servers' database. */
function organizerToken(env: NodeJS.ProcessEnv): string {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'server/cli/admin.ts', 'create-token', '--email', 'organizer@example.org'],
    { cwd: root, env, encoding: 'utf8' },
  )
  const token = result.stdout.trim().split('\n').at(-1)!.trim()
  expect(result.status, result.stderr).toBe(0)
  return token
}

async function api(server: Server, token: string, method: string, pathname: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(response.status, await response.clone().text()).toBeLessThan(300)
  return response.json() as Promise<Record<string, unknown>>
}

/** Renames a published session through `through` and publishes; returns the new title and when it was done. */
async function renameAndPublish(through: Server, token: string) {
  const { sessions } = (await (await fetch(`${through.baseUrl}/api/v1/events/${SLUG}/sessions`)).json()) as {
    sessions: { id: number; status: string }[]
  }
  const session = sessions.find((s) => s.status !== 'cancelled')!
  const title = `Renamed ${randomBytes(4).toString('hex')}`
  await api(through, token, 'PATCH', `/api/v1/events/${SLUG}/sessions/${session.id}`, { title })
  await api(through, token, 'POST', `/api/v1/events/${SLUG}/schedule/publish`)
  return { title, publishedAt: performance.now() }
}

/** Polls `url` on `server` until its body contains `text`; resolves with the milliseconds since `since`. */
async function servedWithin(url: string, text: string, since: number, limitMs = 5_000): Promise<number> {
  for (;;) {
    const answer = await get(url)
    if (answer.body.toString().includes(text)) return performance.now() - since
    if (performance.now() - since > limitMs) throw new Error(`${url} still without "${text}" after ${limitMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function warm(server: Server) {
  for (const sub of ['calendar.ics', 'agenda']) {
    await get(`${server.baseUrl}/events/${SLUG}/${sub}`)
    expect((await get(`${server.baseUrl}/events/${SLUG}/${sub}`)).headers['x-cache']).toBe('hit')
  }
}

function serverEnv(database: { env: Record<string, string | undefined> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    LOG_LEVEL: 'warn',
    SESSION_SECRET: randomBytes(32).toString('hex'),
  }
  delete env.SMTP_URL
  if (!database.env.DATABASE_URL) delete env.DATABASE_URL
  return env
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two servers on one PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-published-'))
  let drop = async () => {}
  let one: Server
  let other: Server
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    const database = await createTestDatabaseEnv(dataDir)
    drop = database.drop
    env = serverEnv(database)
    one = await startConveneServer(env) // migrates and adds the demo data
    other = await startConveneServer({ ...env, DEMO_DATA: 'never' })
  })

  afterAll(async () => {
    await Promise.all([one?.stop(), other?.stop()])
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('publish through one: the other serves the new feed and agenda within a second', async () => {
    const token = organizerToken(env)
    await warm(other)
    const { title, publishedAt } = await renameAndPublish(one, token)
    const feed = await servedWithin(`${other.baseUrl}/events/${SLUG}/calendar.ics`, title, publishedAt)
    const agenda = await servedWithin(`${other.baseUrl}/events/${SLUG}/agenda`, title, publishedAt)
    expect(Math.max(feed, agenda)).toBeLessThan(1_000)
    // And it is kept again: the next request is answered from memory.
    expect((await get(`${other.baseUrl}/events/${SLUG}/agenda`)).headers['x-cache']).toBe('hit')
  })

  it('a visitor who arrives on a shared page and goes on to register gets a working form (JavaScript on)', () =>
    registersFromASharedPage(other.baseUrl))
})

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('one server on the embedded PGlite', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-published-pglite-'))
  let server: Server
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    env = serverEnv({ env: { DATA_DIR: dataDir } })
    server = await startConveneServer(env)
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves what was published from the very next request', async () => {
    // The CLI needs the database, which the server holds: the token is made before it starts, so stop it.
    await server.stop()
    const token = organizerToken(env)
    server = await startConveneServer(env)
    await warm(server)
    const { title, publishedAt } = await renameAndPublish(server, token)
    // No wait at all: the request that published dropped the entries before it answered.
    const feed = await get(`${server.baseUrl}/events/${SLUG}/calendar.ics`)
    expect(feed.body.toString()).toContain(title)
    expect(await servedWithin(`${server.baseUrl}/events/${SLUG}/agenda`, title, publishedAt)).toBeLessThan(1_000)
  })

  it('a visitor who arrives on a shared page and goes on to register gets a working form (JavaScript on)', () =>
    registersFromASharedPage(server.baseUrl))
})
