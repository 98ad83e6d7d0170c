/**
 * "registration storm": BENCH_REGISTRATIONS (1,000) registrations for BENCH_SEATS (100) seats, over
 * BENCH_CONNECTIONS (50) connections at once, beside a bare node:http + pg server doing one INSERT each, A/B/A/B
 * (each Convene round on an event of its own). Checks that every round confirmed exactly the seats there were.
 *
 * The storm is a fixed number of distinct POSTs, which wrk cannot send, so it uses autocannon (amount mode, one
 * body per request); both sides get the same client, and at these rates (hundreds per second, small answers) it is
 * far from its own limit. On PGlite it runs for information, against the same bare PostgreSQL server.
 */
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { startBareInsertServer, type BareServer } from './bare-server'
import { alternate, mean, number, type SummaryRow } from './compare'
import { createBenchDatabase, prepareData, type BenchDatabase } from './database'
import { figure, note, positiveIntFromEnv, yesNo, type BenchSection, type SectionResult } from './section'
import { startServer } from './server'

const ROUNDS = 2
/** Issue 11: at least this share of the bare INSERT server's registrations/s, with p99 at most this many times its. */
const TARGET = { percent: 50, p99Factor: 2 }
const RATE_LIMIT_POINTS = '100000000'
const WARM_UP = { requests: 50, connections: 10 }
const DAY_MS = 24 * 60 * 60 * 1000

type Storm = {
  /** 2xx answers per second, from the first request to the last answer. */
  perSecond: number
  p50: number
  p99: number
  result: autocannon.Result
  /** Up to three bodies of non-2xx answers, to say what went wrong. */
  samples: string[]
}

/** `amount` POSTs of `body(i)` (i = 0, 1, …, each once) to `url` over `connections` keep-alive connections. */
function fire(options: {
  url: string
  amount: number
  connections: number
  stopAfterMs: number
  body: (i: number) => unknown
}): Promise<Storm> {
  let next = 0
  const samples: string[] = []
  const started = performance.now()
  // autocannon's own `duration` only notices the end at its next once-a-second sample, which would skew short runs.
  let lastAnswer = started
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        amount: options.amount,
        connections: Math.min(options.connections, options.amount),
        timeout: 60,
        requests: [
          {
            // Called once per request sent (autocannon builds each request just before sending it).
            setupRequest: (request) => ({ ...request, body: JSON.stringify(options.body(next++)) }),
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && samples.length < 3) samples.push(`${status} ${body.slice(0, 300)}`)
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(watchdog)
        if (error) return reject(error instanceof Error ? error : new Error(String(error)))
        const seconds = (lastAnswer - started) / 1000
        resolve({
          perSecond: result['2xx'] / seconds,
          p50: result.latency.p50,
          p99: result.latency.p99,
          result,
          samples,
        })
      },
    )
    const answered = () => (lastAnswer = performance.now())
    instance.on('response', answered)
    instance.on('reqError', answered)
    const watchdog = setTimeout(() => {
      note(`stopping autocannon: not done after ${options.stopAfterMs / 1000} s (BENCH_TIMEOUT_SECONDS)`)
      instance.stop()
    }, options.stopAfterMs)
  })
}

type RegistrationCounts = { capacity: number | null; confirmed: number; waitlisted: number; pending: number }

async function fetchCounts(baseUrl: string, slug: string): Promise<RegistrationCounts> {
  const response = await fetch(`${baseUrl}/api/v1/events/${slug}`, { signal: AbortSignal.timeout(30_000) })
  if (!response.ok) throw new Error(`GET /api/v1/events/${slug} answered ${response.status}: ${await response.text()}`)
  const body = (await response.json()) as { registration: RegistrationCounts }
  return body.registration
}

function describe(storm: Storm): string {
  const { result } = storm
  const others = result.non2xx + result.errors
  return (
    `${number(storm.perSecond, 1).padStart(7)}/s · p50 ${number(storm.p50)} ms · p99 ${number(storm.p99)} ms · ` +
    `${number(result['2xx'])} × 2xx${others ? ` · ${number(others)} other answers or errors` : ''}`
  )
}

async function run(kind: BenchDatabase['kind']): Promise<SectionResult> {
  const postgresUrl = process.env.DATABASE_URL
  if (kind === 'PostgreSQL' && !postgresUrl) {
    note('skipped: set DATABASE_URL=postgres://… (the bare INSERT server needs PostgreSQL too)')
    return { ok: true, rows: [] }
  }
  const registrations = positiveIntFromEnv('BENCH_REGISTRATIONS', 1000)
  const seats = positiveIntFromEnv('BENCH_SEATS', 100)
  const connections = Math.min(positiveIntFromEnv('BENCH_CONNECTIONS', 50), registrations)
  const stopAfterMs = positiveIntFromEnv('BENCH_TIMEOUT_SECONDS', 300) * 1000
  const runId = randomBytes(4).toString('hex')
  const stormSlug = (round: number) => `storm-${round + 1}-${runId}`
  const warmUpSlug = `storm-warm-up-${runId}`

  const database = await createBenchDatabase(kind)
  // The bare server's table lives in a PostgreSQL schema: Convene's own on PostgreSQL, one of its own beside PGlite.
  const bareDatabase = kind === 'PostgreSQL' ? database : postgresUrl ? await createBenchDatabase('PostgreSQL') : null
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  let bare: BareServer | undefined
  try {
    figure('database', `${database.kind} (${database.description})`)
    figure('bare server', bareDatabase ? `node:http + pg, one INSERT each (${bareDatabase.description})` : 'none')
    figure('registrations, seats, connections', `${registrations}, ${seats}, ${connections}; ${ROUNDS} rounds A/B/A/B`)
    figure('per-IP registration limit', `REGISTRATION_RATE_LIMIT_POINTS=${RATE_LIMIT_POINTS} (kept out of the way)`)

    await prepareData(database, async ({ createUser, createEvent, EventInputSchema }) => {
      const organizer = await createUser({
        email: `bench-${runId}@example.org`,
        name: 'Bench Organizer',
        password: randomBytes(16).toString('hex'),
      })
      const now = Date.now()
      const common = {
        timeZone: 'UTC',
        startsAt: new Date(now + 30 * DAY_MS).toISOString(),
        endsAt: new Date(now + 32 * DAY_MS).toISOString(),
        registrationOpensAt: new Date(now - 60_000).toISOString(),
        status: 'published',
        locationKind: 'hybrid',
        venueName: 'Bench Hall',
        onlineUrl: 'https://meet.example.org/storm',
      }
      for (let round = 0; round < ROUNDS; round++)
        await createEvent(
          EventInputSchema.parse({ ...common, slug: stormSlug(round), title: 'Registration Storm', capacity: seats }),
          organizer.id,
        )
      // Another event takes the warm-up registrations, so each storm's counts are exactly its own.
      await createEvent(
        EventInputSchema.parse({ ...common, slug: warmUpSlug, title: 'Registration Storm warm-up' }),
        organizer.id,
      )
    })

    const starting = performance.now()
    server = await startServer(database, { REGISTRATION_RATE_LIMIT_POINTS: RATE_LIMIT_POINTS })
    figure(
      'server start',
      `${((performance.now() - starting) / 1000).toFixed(1)} s (includes a build when sources changed)`,
    )
    if (bareDatabase?.env.DATABASE_URL) bare = await startBareInsertServer(bareDatabase.env.DATABASE_URL)

    const attendee = (prefix: string) => (i: number) => ({
      name: `Storm Attendee ${i}`,
      email: `${prefix}-${i}-${runId}@example.org`,
      affiliations: ['NumPy'],
      attendanceMode: i % 2 === 0 ? 'in_person' : 'remote',
    })
    const warmUp = { amount: WARM_UP.requests, connections: WARM_UP.connections, stopAfterMs }
    await fire({
      ...warmUp,
      url: `${server.baseUrl}/api/v1/events/${warmUpSlug}/registrations`,
      body: attendee('warm'),
    })
    await fetchCounts(server.baseUrl, warmUpSlug)
    if (bare) await fire({ ...warmUp, url: `${bare.baseUrl}/registrations`, body: attendee('warm') })
    figure('warm-up', `${WARM_UP.requests} registrations each, on another event`)

    const storm = { amount: registrations, connections, stopAfterMs }
    const conveneRound = async (round: number) => {
      const result = await fire({
        ...storm,
        url: `${server!.baseUrl}/api/v1/events/${stormSlug(round)}/registrations`,
        body: attendee(`storm-${round}`),
      })
      figure(`  round ${round + 1}, Convene`, describe(result))
      for (const sample of result.samples) note(`    e.g. ${sample}`)
      return result
    }
    const bareRound = async (round: number) => {
      if (!bare) return undefined
      const result = await fire({ ...storm, url: `${bare.baseUrl}/registrations`, body: attendee(`storm-${round}`) })
      figure(`  round ${round + 1}, bare node:http + pg`, describe(result))
      for (const sample of result.samples) note(`    e.g. ${sample}`)
      return result
    }
    const results = await alternate(ROUNDS, conveneRound, bareRound)

    let ok = true
    for (let round = 0; round < ROUNDS; round++) {
      const counts = await fetchCounts(server.baseUrl, stormSlug(round))
      const exact = counts.confirmed === Math.min(seats, registrations)
      const accounted = counts.confirmed + counts.waitlisted === registrations
      ok &&= exact && accounted
      figure(
        `  round ${round + 1}: confirmed, waitlisted, pending`,
        `${counts.confirmed}, ${counts.waitlisted}, ${counts.pending} · exactly ${Math.min(seats, registrations)} ` +
          `confirmed: ${yesNo(exact)} · all ${registrations} accounted for: ${yesNo(accounted)}`,
      )
    }
    if (server.problems.length > 0) {
      figure('server warnings/errors logged', server.problems.length)
      for (const line of server.problems.slice(0, 3)) note(`  ${line.slice(0, 300)}`)
    }

    const convene = {
      perSecond: mean(results.convene.map((r) => r.perSecond)),
      p99: Math.max(...results.convene.map((r) => r.p99)),
    }
    const bareRuns = results.bare.filter((r): r is Storm => r !== undefined)
    const baseline = bareRuns.length
      ? { perSecond: mean(bareRuns.map((r) => r.perSecond)), p99: Math.max(...bareRuns.map((r) => r.p99)) }
      : undefined
    const shown = (side: { perSecond: number; p99: number }) =>
      `${number(side.perSecond)}/s, p99 ${number(side.p99)} ms`
    const percent = baseline ? (100 * convene.perSecond) / baseline.perSecond : undefined
    const forInformation = kind === 'PGlite'
    const row: SummaryRow = {
      figure: `registration storm, ${kind}${forInformation ? ' (information)' : ''}${ok ? '' : ' SEATS WRONG'}`,
      convene: shown(convene),
      bare: baseline ? shown(baseline) : '(no PostgreSQL)',
      percent,
      target: `≥ ${TARGET.percent} %, p99 ≤ ${TARGET.p99Factor}× bare`,
      met:
        forInformation || !baseline || percent === undefined
          ? undefined
          : ok && percent >= TARGET.percent && convene.p99 <= TARGET.p99Factor * baseline.p99,
    }
    return { ok, rows: [row] }
  } finally {
    await bare?.stop()
    await server?.stop()
    if (bareDatabase && bareDatabase !== database) await bareDatabase.drop()
    await database.drop()
  }
}

export const registrationStorm: BenchSection = {
  id: 'registration-storm',
  name: 'registration storm on PostgreSQL',
  run: () => run('PostgreSQL'),
}

export const registrationStormOnPglite: BenchSection = {
  id: 'registration-storm-pglite',
  name: 'registration storm on PGlite (information)',
  run: () => run('PGlite'),
}
