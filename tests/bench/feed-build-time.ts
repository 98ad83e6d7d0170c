/**
 * "feed build time": what an event's calendar.ics costs to build from scratch (query, rendering, ETag), in this
 * process (no server), for events of BENCH_FEED_SIZES (300, 3000, 10000) published sessions, medians of
 * BENCH_BUILDS (5) each, with the per-session cost and how it grows.
 */
import { randomBytes } from 'node:crypto'
import { createPublishedAgenda, type PublishedAgenda } from './agenda-data'
import { createBenchDatabase, prepareData } from './database'
import { number } from './compare'
import {
  BenchConfigError,
  figure,
  note,
  positiveIntFromEnv,
  yesNo,
  type BenchSection,
  type SectionResult,
} from './section'

const DEFAULT_SIZES = [300, 3000, 10_000]
/** "Roughly linear": the per-session cost of the largest feed within this factor of the smallest's; informational. */
const LINEAR_WITHIN = 2

function sizesFromEnv(): number[] {
  const raw = process.env.BENCH_FEED_SIZES
  if (raw === undefined || raw.trim() === '') return DEFAULT_SIZES
  const sizes = raw.split(',').map((part) => Number(part.trim()))
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new BenchConfigError(`BENCH_FEED_SIZES must be positive whole numbers separated by commas (got "${raw}")`)
  return [...new Set(sizes)].sort((a, b) => a - b)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

async function timed(times: number, action: () => unknown): Promise<number[]> {
  const durations: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await action()
    durations.push(performance.now() - started)
  }
  return durations
}

const ms = (value: number) => `${number(value, 1)} ms`

type SizeResult = { sessions: number; medianMs: number; microsPerSession: number }

async function run(): Promise<SectionResult> {
  const sizes = sizesFromEnv()
  const builds = positiveIntFromEnv('BENCH_BUILDS', 5)
  const runId = randomBytes(4).toString('hex')
  const database = await createBenchDatabase()
  try {
    figure('database', `${database.kind} (${database.description})`)
    figure('feeds', `${sizes.map((n) => number(n)).join(', ')} published sessions; median of ${builds} builds each`)
    return await prepareData(database, async (app) => {
      const organizer = await app.createUser({
        email: `bench-${runId}@example.org`,
        name: 'Bench Organizer',
        password: randomBytes(16).toString('hex'),
      })
      const agendas: PublishedAgenda[] = []
      for (const count of sizes) {
        const started = performance.now()
        const agenda = await createPublishedAgenda(app, {
          slug: `feed-${count}-${runId}`,
          title: `Feed Build Summit (${count} sessions)`,
          count,
          organizerId: organizer.id,
        })
        agendas.push(agenda)
        figure(
          `preparing ${number(count)} sessions`,
          `${((performance.now() - started) / 1000).toFixed(1)} s (createSession ${agenda.createSeconds.toFixed(
            1,
          )} s, ` + `publishSchedule ${agenda.publishSeconds.toFixed(1)} s; ${agenda.rooms} rooms)`,
        )
      }

      let ok = true
      const results: SizeResult[] = []
      // Largest first: its builds warm the JIT for the smaller ones, which would otherwise look dearer per session.
      for (const agenda of [...agendas].reverse()) {
        note('')
        note(`${number(agenda.sessions)} sessions`)
        // One build first, unmeasured: warms the JIT, luxon's zone and the VTIMEZONE caches.
        const first = await app.eventCalendar(agenda.slug)
        if (!first) throw new Error(`No feed for ${agenda.slug}`)
        const entries = first.ics.split('BEGIN:VEVENT').length - 1
        const complete = entries === agenda.sessions + 1
        ok &&= complete
        figure('  feed', `${number(Buffer.byteLength(first.ics) / 1024, 0)} KB, ${number(entries)} entries`)
        figure(`  has the event and ${number(agenda.sessions)} sessions`, yesNo(complete))

        // eventCalendar() keeps the last feed per published state, so a second call is a hit: time what a miss
        // does instead, the query, the rendering and the hash, each on its own.
        const event = await app.getPublicEventBySlug(agenda.slug)
        if (!event) throw new Error(`No public event ${agenda.slug}`)
        const sessions = await app.listPublishedSessions(agenda.eventId)
        const render = () =>
          app.eventCalendarIcs({ baseUrl: app.appBaseUrl(), event, sessions, track: null, recordings: new Map() })
        const query = median(await timed(builds, () => app.listPublishedSessions(agenda.eventId)))
        const rendering = median(await timed(builds, render))
        const etag = median(await timed(builds, () => app.strongEtag(first.ics)))
        const buildMs = query + rendering + etag
        const microsPerSession = (buildMs * 1000) / agenda.sessions
        figure('  a feed built from scratch', `${ms(buildMs)} · ${number(microsPerSession, 1)} µs/session (medians:)`)
        figure('    listPublishedSessions()', ms(query))
        figure('    eventCalendarIcs()', ms(rendering))
        figure('    strongEtag() (SHA-256)', ms(etag))
        results.unshift({ sessions: agenda.sessions, medianMs: buildMs, microsPerSession })
      }

      note('')
      note('summary')
      for (const r of results)
        note(
          `  ${number(r.sessions).padStart(7)} sessions  ${ms(r.medianMs).padStart(10)}  ` +
            `${number(r.microsPerSession, 1).padStart(7)} µs/session`,
        )
      const smallest = results[0]
      const largest = results.at(-1)
      if (!smallest || !largest || largest === smallest) return { ok, rows: [] }
      const growth = largest.microsPerSession / smallest.microsPerSession
      const linear = growth <= LINEAR_WITHIN && growth >= 1 / LINEAR_WITHIN
      figure(
        `per-session cost, ${number(largest.sessions)} vs ${number(smallest.sessions)}`,
        `${growth.toFixed(2)}× (roughly linear, within ${LINEAR_WITHIN}×: ${yesNo(linear)})`,
      )
      const perSession = (r: SizeResult) => `${number(r.microsPerSession, 1)} µs/session`
      const row = {
        figure: `feed build cost, ${number(largest.sessions)} vs ${number(smallest.sessions)} sessions`,
        convene: `${perSession(largest)} vs ${perSession(smallest)}: ${growth.toFixed(2)}×`,
        bare: '',
        target: `linear (within ${LINEAR_WITHIN}×)`,
        met: linear,
      }
      return { ok, rows: [row] }
    })
  } finally {
    await database.drop()
  }
}

export const feedBuildTime: BenchSection = { id: 'feed-build-time', name: 'feed build time', run }
