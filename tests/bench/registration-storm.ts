import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { createBenchDatabase, prepareData } from './database'
import { figure, note, positiveIntFromEnv, yesNo, type BenchSection } from './section'
import { startServer } from './server'

/** What the issue asks of PostgreSQL; informational, never a failure. */
const TARGET = { registrationsPerSecond: 500, p99Ms: 500 }
const RATE_LIMIT_POINTS = '100000000'
const WARM_UP = { requests: 50, connections: 10 }
const DAY_MS = 24 * 60 * 60 * 1000

type Cannonade = {
  result: autocannon.Result
  /**
   * From the start to the last response (or request error). autocannon's own `duration` only notices the end at
   * its next once-a-second sample, which would skew short runs.
   */
  seconds: number
  /** Up to three bodies of non-2xx responses, to say what went wrong. */
  samples: string[]
}

/** `amount` POSTs of `body(i)` (i = 0, 1, …, each once) to `url` over `connections` keep-alive connections. */
function fire(options: {
  url: string
  amount: number
  connections: number
  timeoutSeconds: number
  stopAfterMs: number
  body: (i: number) => unknown
}): Promise<Cannonade> {
  let next = 0
  const samples: string[] = []
  const started = performance.now()
  let lastCompletion = started
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        amount: options.amount,
        connections: Math.min(options.connections, options.amount),
        timeout: options.timeoutSeconds,
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
        if (error) reject(error instanceof Error ? error : new Error(String(error)))
        else resolve({ result, seconds: (lastCompletion - started) / 1000, samples })
      },
    )
    const completed = () => (lastCompletion = performance.now())
    instance.on('response', completed)
    instance.on('reqError', completed)
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

const ms = (value: number) => `${Math.round(value)} ms`

/** Registrations already in the "full" event of the cost comparison (written directly, before the server starts). */
const COST_REGISTRATIONS = 10_000
/** Alternating rounds of the cost comparison: one registration into each event per round. */
const COST_ROUNDS = 30

/** Writes `count` confirmed registrations into the event in batches, straight into the table (the counters' trigger counts them). */
async function fillEvent(eventId: number, count: number, runId: string) {
  const { db } = await import('~/utils/db.server')
  const batch = 1000
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
      const email = `cost-${start + k}-${runId}@example.org`
      return {
        event_id: eventId,
        manage_token: randomBytes(18).toString('base64url'),
        name: `Cost Attendee ${start + k}`,
        email,
        email_normalized: email,
        attendance_mode: 'remote' as const,
        status: 'confirmed' as const,
      }
    })
    await db.insertInto('registrations').values(rows).execute()
  }
  await sql`analyze registrations`.execute(db)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** One registration, alone on its connection, timed from request to response. */
async function timedRegistration(baseUrl: string, slug: string, body: unknown): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${baseUrl}/api/v1/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
  await response.text()
  const elapsed = performance.now() - started
  if (response.status !== 201) throw new Error(`registering into ${slug} answered ${response.status}`)
  return elapsed
}

/**
 * The 1st against the 10,000th registration: the seat decision reads counters on the event row, so registering
 * into an event that already has 10,000 registrations should cost what registering into an empty one does.
 * Alternates the two (A/B/A/B…) one request at a time, so drift in the machine's load hits both alike.
 */
async function registrationCost(baseUrl: string, slugs: { empty: string; full: string }, runId: string) {
  const times = { empty: [] as number[], full: [] as number[] }
  for (let round = 0; round < COST_ROUNDS; round++) {
    for (const which of ['empty', 'full'] as const) {
      const body = { name: `Cost ${which} ${round}`, email: `cost-${which}-${round}-${runId}@example.org` }
      times[which].push(await timedRegistration(baseUrl, slugs[which], body))
    }
  }
  const empty = median(times.empty)
  const full = median(times.full)
  figure(
    `1st vs ${COST_REGISTRATIONS.toLocaleString('en')}th registration cost`,
    `${(full / empty).toFixed(2)} × (median ${empty.toFixed(1)} ms into an empty event, ` +
      `${full.toFixed(1)} ms into one with ${COST_REGISTRATIONS.toLocaleString(
        'en',
      )}; ${COST_ROUNDS} each, alternated)`,
  )
}

async function run(): Promise<{ ok: boolean }> {
  const registrations = positiveIntFromEnv('BENCH_REGISTRATIONS', 1000)
  const seats = positiveIntFromEnv('BENCH_SEATS', 100)
  const connections = Math.min(positiveIntFromEnv('BENCH_CONNECTIONS', 50), registrations)
  const stopAfterMs = positiveIntFromEnv('BENCH_TIMEOUT_SECONDS', 300) * 1000
  const runId = randomBytes(4).toString('hex')
  const slug = `storm-${runId}`
  const warmUpSlug = `storm-warm-up-${runId}`
  const costSlugs = { empty: `cost-empty-${runId}`, full: `cost-full-${runId}` }

  const database = await createBenchDatabase()
  try {
    figure('database', `${database.kind} (${database.description})`)
    figure('registrations (N)', registrations)
    figure('seats (M)', seats)
    figure('connections', connections)
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
      }
      await createEvent(
        EventInputSchema.parse({
          ...common,
          slug,
          title: 'Registration Storm',
          locationKind: 'hybrid',
          venueName: 'Bench Hall',
          onlineUrl: 'https://meet.example.org/storm',
          capacity: seats,
        }),
        organizer.id,
      )
      // A second event takes the warm-up registrations, so the storm's counts are exactly its own.
      await createEvent(
        EventInputSchema.parse({
          ...common,
          slug: warmUpSlug,
          title: 'Registration Storm warm-up',
          locationKind: 'online',
          onlineUrl: 'https://meet.example.org/warm-up',
        }),
        organizer.id,
      )
      for (const [which, slug] of Object.entries(costSlugs)) {
        const event = await createEvent(
          EventInputSchema.parse({
            ...common,
            slug,
            title: `Registration cost (${which})`,
            locationKind: 'online',
            onlineUrl: 'https://meet.example.org/cost',
            capacity: 2 * COST_REGISTRATIONS,
          }),
          organizer.id,
        )
        if (which === 'full') await fillEvent(event.id, COST_REGISTRATIONS, runId)
      }
    })

    const starting = performance.now()
    const server = await startServer(database, { REGISTRATION_RATE_LIMIT_POINTS: RATE_LIMIT_POINTS })
    figure(
      'server start',
      `${((performance.now() - starting) / 1000).toFixed(1)} s (includes a build when sources changed)`,
    )
    try {
      const warmUp = await fire({
        url: `${server.baseUrl}/api/v1/events/${warmUpSlug}/registrations`,
        amount: WARM_UP.requests,
        connections: WARM_UP.connections,
        timeoutSeconds: 30,
        stopAfterMs,
        body: (i) => ({ name: `Warm-up ${i}`, email: `warm-up-${i}-${runId}@example.org` }),
      })
      for (let i = 0; i < 3; i++) await fetchCounts(server.baseUrl, slug)
      figure('warm-up', `${WARM_UP.requests} registrations on another event (${warmUp.result['2xx']} × 2xx), 3 GETs`)

      const storm = await fire({
        url: `${server.baseUrl}/api/v1/events/${slug}/registrations`,
        amount: registrations,
        connections,
        timeoutSeconds: 60,
        stopAfterMs,
        body: (i) => ({
          name: `Storm Attendee ${i}`,
          email: `storm-${i}-${runId}@example.org`,
          affiliations: ['NumPy'],
          attendanceMode: i % 2 === 0 ? 'in_person' : 'remote',
        }),
      })
      const { result, seconds } = storm
      const status = (code: number) => result.statusCodeStats?.[`${code}`]?.count ?? 0
      const throughput = result['2xx'] / seconds
      figure('duration', `${seconds.toFixed(2)} s`)
      figure('throughput', `${throughput.toFixed(1)} registrations/s (completed 2xx / duration)`)
      const { p50, p90, p99, max } = result.latency
      figure('latency', `p50 ${ms(p50)} · p90 ${ms(p90)} · p99 ${ms(p99)} · max ${ms(max)}`)
      figure(
        'responses',
        `201: ${status(201)} · 200: ${status(200)} · 4xx: ${result['4xx']} · 5xx: ${result['5xx']} · ` +
          `errors: ${result.errors} (timeouts: ${result.timeouts})`,
      )
      for (const sample of storm.samples) note(`  e.g. ${sample}`)

      const counts = await fetchCounts(server.baseUrl, slug)
      const expectedConfirmed = Math.min(seats, registrations)
      const exactlyConfirmed = counts.confirmed === expectedConfirmed
      const allAccountedFor = counts.confirmed + counts.waitlisted === registrations
      figure(
        'event counts',
        `confirmed ${counts.confirmed} · waitlisted ${counts.waitlisted} · pending ${counts.pending}`,
      )
      figure(`exactly ${expectedConfirmed} confirmed`, yesNo(exactlyConfirmed))
      figure(`confirmed + waitlisted == ${registrations}`, yesNo(allAccountedFor))
      const met = throughput >= TARGET.registrationsPerSecond && p99 <= TARGET.p99Ms
      figure(
        `target (PostgreSQL: ≥ ${TARGET.registrationsPerSecond}/s, p99 ≤ ${TARGET.p99Ms} ms)`,
        `${met ? 'met' : 'not met'}${
          database.kind === 'PostgreSQL' ? '' : ' (informational: the target is for PostgreSQL)'
        }`,
      )
      await registrationCost(server.baseUrl, costSlugs, runId)
      if (server.problems.length > 0) {
        figure('server warnings/errors logged', server.problems.length)
        for (const line of server.problems.slice(0, 3)) note(`  ${line.slice(0, 300)}`)
      }
      return { ok: exactlyConfirmed && allAccountedFor }
    } finally {
      await server.stop()
    }
  } finally {
    await database.drop()
  }
}

export const registrationStorm: BenchSection = { id: 'registration-storm', name: 'registration storm', run }
