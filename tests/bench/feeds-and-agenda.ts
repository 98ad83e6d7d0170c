/**
 * "feeds and agenda": requests/s and p99 of an event's calendar.ics (200, and 304 on If-None-Match) and of its agenda
 * page, for a published agenda of BENCH_SESSIONS (300) sessions, each beside a bare node:http server answering the
 * same bytes. BENCH_SECONDS (5) per run, BENCH_CONNECTIONS (50). Timings are printed, never asserted; the checks
 * are that the answers are what they should be.
 */
import { randomBytes } from 'node:crypto'
import http, { type IncomingHttpHeaders } from 'node:http'
import { availableParallelism } from 'node:os'
import autocannon from 'autocannon'
import { createPublishedAgenda, type PublishedAgenda } from './agenda-data'
import { startBareServer, type BareServer } from './bare-server'
import { createBenchDatabase, prepareData } from './database'
import { figure, note, positiveIntFromEnv, yesNo, type BenchSection } from './section'
import { startServer, type BenchServer } from './server'

/** Convene's requests/s as a share of a bare node:http server's answering the same bytes; informational. */
const TARGET_PERCENT = { feed: 50, agenda: 15 }
const WARM_UP = { seconds: 1, connections: 10 }
const REQUEST_TIMEOUT_SECONDS = 30

type Raw = { status: number; headers: IncomingHttpHeaders; body: Buffer }

/**
 * One GET over node:http, as autocannon sends it: no Accept-Encoding, so the bytes are the ones the benchmark
 * gets (fetch() would ask for gzip, which Convene's compression middleware would honour).
 */
function getRaw(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, timeout: 60_000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      )
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no answer after 60 s`)))
    request.on('error', reject)
  })
}

type Case = {
  label: string
  path: string
  headers: Record<string, string>
  expectedStatus: number
  targetPercent: number
}

type Measurement = {
  requestsPerSecond: number
  p50: number
  p99: number
  total: number
  expected: number
  /** Responses with another status, request errors and timeouts. */
  unexpected: number
}

async function measure(url: string, test: Case, connections: number, seconds: number): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: test.headers,
    timeout: REQUEST_TIMEOUT_SECONDS,
  })
  const total = result.requests.total
  const expected = result.statusCodeStats?.[`${test.expectedStatus}`]?.count ?? 0
  return {
    requestsPerSecond: result.duration > 0 ? total / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    expected,
    unexpected: total - expected + result.errors,
  }
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const kb = (bytes: number) => `${number(bytes / 1024, 1)} KB`

function describe(m: Measurement, status: number): string {
  const others = m.unexpected ? ` · ${number(m.unexpected)} other responses or errors` : ''
  return (
    `${number(m.requestsPerSecond, 1).padStart(9)} req/s · p50 ${number(m.p50)} ms · p99 ${number(m.p99)} ms · ` +
    `${number(m.expected)} × ${status}${others}`
  )
}

async function run(): Promise<{ ok: boolean }> {
  const sessionCount = positiveIntFromEnv('BENCH_SESSIONS', 300)
  const seconds = positiveIntFromEnv('BENCH_SECONDS', 5)
  const connections = positiveIntFromEnv('BENCH_CONNECTIONS', 50)
  const runId = randomBytes(4).toString('hex')
  const checks: { label: string; held: boolean }[] = []
  const check = (label: string, held: boolean) => {
    checks.push({ label, held })
    figure(label, yesNo(held))
  }

  const database = await createBenchDatabase()
  try {
    figure('database', `${database.kind} (${database.description})`)
    figure('CPUs', `${availableParallelism()} (autocannon, Convene and the bare server share them)`)
    figure('per run', `${seconds} s (BENCH_SECONDS), ${connections} connections (BENCH_CONNECTIONS)`)

    const preparing = performance.now()
    const agenda: PublishedAgenda = await prepareData(database, async (app) => {
      const organizer = await app.createUser({
        email: `bench-${runId}@example.org`,
        name: 'Bench Organizer',
        password: randomBytes(16).toString('hex'),
      })
      return createPublishedAgenda(app, {
        slug: `feeds-${runId}`,
        title: 'Feeds and Agenda Summit',
        count: sessionCount,
        organizerId: organizer.id,
      })
    })
    figure(
      'agenda',
      `${agenda.sessions} published sessions, ${agenda.rooms} rooms, ${agenda.tracks} tracks, ${agenda.days} days`,
    )
    figure(
      'preparing',
      `${((performance.now() - preparing) / 1000).toFixed(1)} s (sessions ${agenda.createSeconds.toFixed(1)} s, ` +
        `publishing ${agenda.publishSeconds.toFixed(1)} s)`,
    )

    const starting = performance.now()
    const server: BenchServer = await startServer(database)
    let bare: BareServer | undefined
    try {
      figure(
        'server start',
        `${((performance.now() - starting) / 1000).toFixed(1)} s (includes a build when sources changed)`,
      )
      const feedPath = `/events/${agenda.slug}/calendar.ics`
      const agendaPath = `/events/${agenda.slug}/agenda`

      // The bytes the bare server will answer with, fetched once from Convene.
      const feed = await getRaw(`${server.baseUrl}${feedPath}`)
      const etag = String(feed.headers.etag ?? '')
      const notModified = await getRaw(`${server.baseUrl}${feedPath}`, { 'if-none-match': etag })
      const page = await getRaw(`${server.baseUrl}${agendaPath}`)
      const feedType = String(feed.headers['content-type'] ?? '')
      const pageType = String(page.headers['content-type'] ?? '')
      const entries = feed.body.toString('utf8').split('BEGIN:VEVENT').length - 1
      figure('calendar.ics', `${feed.status}, ${feedType}, ${kb(feed.body.length)}, ETag ${etag || '(none)'}`)
      figure('agenda page', `${page.status}, ${pageType}, ${kb(page.body.length)}`)
      check('calendar.ics answers 200 with an ETag', feed.status === 200 && etag !== '')
      check(`calendar.ics has the event and ${agenda.sessions} sessions`, entries === agenda.sessions + 1)
      check('conditional GET answers 304, no body', notModified.status === 304 && !notModified.body.length)
      check('agenda page answers 200 with HTML', page.status === 200 && pageType.startsWith('text/html'))

      bare = await startBareServer([
        { path: feedPath, contentType: feedType, body: feed.body, etag },
        { path: agendaPath, contentType: pageType, body: page.body },
      ])

      const cases: Case[] = [
        {
          label: 'calendar.ics → 200',
          path: feedPath,
          headers: {},
          expectedStatus: 200,
          targetPercent: TARGET_PERCENT.feed,
        },
        {
          label: 'calendar.ics, If-None-Match → 304',
          path: feedPath,
          headers: { 'if-none-match': etag },
          expectedStatus: 304,
          targetPercent: TARGET_PERCENT.feed,
        },
        {
          label: 'agenda page → 200',
          path: agendaPath,
          headers: {},
          expectedStatus: 200,
          targetPercent: TARGET_PERCENT.agenda,
        },
      ]
      const summary: string[] = []
      for (const test of cases) {
        note('')
        note(`${test.label}  (GET ${test.path})`)
        const results: Measurement[] = []
        for (const [name, baseUrl] of [
          ['Convene', server.baseUrl],
          ['bare node:http', bare.baseUrl],
        ] as const) {
          await measure(`${baseUrl}${test.path}`, test, WARM_UP.connections, WARM_UP.seconds)
          const m = await measure(`${baseUrl}${test.path}`, test, connections, seconds)
          figure(`  ${name}`, describe(m, test.expectedStatus))
          results.push(m)
        }
        const [convene, baseline] = results as [Measurement, Measurement]
        const percent =
          baseline.requestsPerSecond > 0 ? (100 * convene.requestsPerSecond) / baseline.requestsPerSecond : 0
        const met = percent >= test.targetPercent
        const verdict = `${number(percent, 1)} % (target ≥ ${test.targetPercent} %: ${met ? 'met' : 'not met'})`
        figure('  Convene / bare (req/s)', verdict)
        check(`  every response was ${test.expectedStatus}`, convene.unexpected === 0 && baseline.unexpected === 0)
        summary.push(
          `${test.label.padEnd(36)} ${number(convene.requestsPerSecond, 1).padStart(9)} vs ` +
            `${number(baseline.requestsPerSecond, 1).padStart(9)} req/s  p99 ${number(convene.p99).padStart(5)} vs ` +
            `${number(baseline.p99).padStart(3)} ms  ${verdict}`,
        )
      }
      note('')
      note('summary (Convene vs bare node:http; targets are informational)')
      for (const line of summary) note(`  ${line}`)
      if (server.problems.length > 0) {
        figure('server warnings/errors logged', server.problems.length)
        for (const line of server.problems.slice(0, 3)) note(`  ${line.slice(0, 300)}`)
      }
      return { ok: checks.every((c) => c.held) }
    } finally {
      await bare?.stop()
      await server.stop()
    }
  } finally {
    await database.drop()
  }
}

export const feedsAndAgenda: BenchSection = { id: 'feeds-and-agenda', name: 'feeds and agenda', run }
