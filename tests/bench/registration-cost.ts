/**
 * "registration cost": the 1st against the 10,000th registration. Seat decisions read the counters kept on the
 * event row (ADR 015), so registering into an event that already holds 10,000 registrations should cost what
 * registering into an empty one does. One registration at a time, alternating the two events (A/B/A/B…) so that
 * drift in the machine's load hits both alike; printed as the ratio of the medians.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createBenchDatabase, prepareData } from './database'
import { figure, positiveIntFromEnv, type BenchSection, type SectionResult } from './section'
import { startServer } from './server'

const DAY_MS = 24 * 60 * 60 * 1000
/** Within this factor the 10,000th costs "about the same" as the 1st (informational, never a failure). */
const TARGET_FACTOR = 1.2

/** Writes `count` confirmed registrations straight into the table, in batches (the counters' trigger counts them). */
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

async function run(): Promise<SectionResult> {
  const existing = positiveIntFromEnv('BENCH_COST_REGISTRATIONS', 10_000)
  const rounds = positiveIntFromEnv('BENCH_COST_ROUNDS', 30)
  const runId = randomBytes(4).toString('hex')
  const slugs = { empty: `cost-empty-${runId}`, full: `cost-full-${runId}` }
  const database = await createBenchDatabase()
  try {
    figure('database', `${database.kind} (${database.description})`)
    await prepareData(database, async ({ createUser, createEvent, EventInputSchema }) => {
      const organizer = await createUser({
        email: `bench-${runId}@example.org`,
        name: 'Bench Organizer',
        password: randomBytes(16).toString('hex'),
      })
      const now = Date.now()
      for (const [which, slug] of Object.entries(slugs)) {
        const event = await createEvent(
          EventInputSchema.parse({
            slug,
            title: `Registration cost (${which})`,
            timeZone: 'UTC',
            startsAt: new Date(now + 30 * DAY_MS).toISOString(),
            endsAt: new Date(now + 32 * DAY_MS).toISOString(),
            registrationOpensAt: new Date(now - 60_000).toISOString(),
            status: 'published',
            locationKind: 'online',
            onlineUrl: 'https://meet.example.org/cost',
            capacity: 2 * existing + 2 * rounds,
          }),
          organizer.id,
        )
        if (which === 'full') await fillEvent(event.id, existing, runId)
      }
    })
    const server = await startServer(database, { REGISTRATION_RATE_LIMIT_POINTS: '100000000' })
    try {
      const times = { empty: [] as number[], full: [] as number[] }
      for (let round = 0; round < rounds; round++) {
        for (const which of ['empty', 'full'] as const) {
          const body = { name: `Cost ${which} ${round}`, email: `cost-${which}-${round}-${runId}@example.org` }
          times[which].push(await timedRegistration(server.baseUrl, slugs[which], body))
        }
      }
      const empty = median(times.empty)
      const full = median(times.full)
      const factor = full / empty
      const nth = `${existing.toLocaleString('en')}th`
      figure(
        `1st vs ${nth} registration`,
        `${factor.toFixed(2)} × (median ${empty.toFixed(1)} ms vs ${full.toFixed(1)} ms, ${rounds} each, alternated)`,
      )
      return {
        ok: true,
        rows: [
          {
            figure: `registration into an event of ${existing.toLocaleString('en')} vs an empty one`,
            convene: `${full.toFixed(1)} ms`,
            bare: `${empty.toFixed(1)} ms`,
            target: `≤ ${TARGET_FACTOR}× the 1st`,
            met: factor <= TARGET_FACTOR,
          },
        ],
      }
    } finally {
      await server.stop()
    }
  } finally {
    await database.drop()
  }
}

export const registrationCost: BenchSection = { id: 'registration-cost', name: 'registration cost', run }
