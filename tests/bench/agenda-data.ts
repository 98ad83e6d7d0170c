import type { AppModules } from './database'

/** The event's days, in its zone; sessions are spread evenly over them. */
const DAYS = ['2030-05-06', '2030-05-07', '2030-05-08']
const TIME_ZONE = 'Europe/Berlin'
/** 30-minute slots from 08:00: 20 a day per room, so 300 sessions fit in 6 rooms; larger agendas get more rooms. */
const SLOTS_PER_DAY = 20
const MIN_ROOMS = 6
const TRACKS = ['Array API', 'Dispatching', 'Packaging', 'Performance', 'Documentation']
const KINDS = ['talk', 'discussion', 'breakout', 'talk', 'tutorial', 'working_session', 'talk', 'discussion', 'social']
const PROJECTS = ['NumPy', 'SciPy', 'scikit-learn', 'NetworkX', 'pandas', 'Matplotlib', 'scikit-image', 'Dask']
/** Concurrent createSession calls: the pool (10 on PostgreSQL) stays busy without queueing thousands of queries. */
const CHUNK = 50

export type PublishedAgenda = {
  eventId: number
  slug: string
  sessions: number
  rooms: number
  tracks: number
  days: number
  /** Seconds spent creating the sessions and publishing them. */
  createSeconds: number
  publishSeconds: number
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Wall time in the event's zone of `slot` (0, 1, …) on `day`, plus `minutes`. */
function wall(day: number, slot: number, minutes = 0): string {
  const total = 8 * 60 + slot * 30 + minutes
  return `${DAYS[day]}T${pad(Math.floor(total / 60))}:${pad(total % 60)}`
}

/** The fields of session `i` of `count`, as the session form or the API would send them. */
function sessionFields(i: number, count: number, rooms: number): Record<string, unknown> {
  const perDay = Math.ceil(count / DAYS.length)
  const day = Math.floor(i / perDay)
  const within = i % perDay
  const room = within % rooms
  const slot = Math.floor(within / rooms)
  const common = { startsAt: wall(day, slot), room: `Room ${room + 1}` }
  if (i % 10 === 9) return { ...common, title: `Coffee break ${i}`, kind: 'break', endsAt: wall(day, slot, 20) }
  const project = PROJECTS[i % PROJECTS.length]!
  const other = PROJECTS[(i + 3) % PROJECTS.length]!
  return {
    ...common,
    endsAt: wall(day, slot, 25),
    title: `Session ${i}: ${project} and ${other}, shared interfaces and what comes next`,
    kind: KINDS[i % KINDS.length],
    track: TRACKS[i % TRACKS.length],
    abstract:
      `Where **${project}** and *${other}* stand on shared interfaces, what blocks adoption and which ` +
      `[proposals](https://example.org/proposals/${i}) need a decision at this summit.\n\n` +
      `- status of the work so far\n- open questions, with owners\n- next steps before the next release`,
    speakers:
      i % 3 === 0
        ? `Speaker ${i}, ${project}, https://example.org/people/${i}\nSecond Speaker ${i}, ${other}`
        : `Speaker ${i}, ${project}`,
    tags: `${project.toLowerCase()}, interoperability`,
  }
}

/**
 * A published event (Europe/Berlin, three days) with `count` sessions in several rooms and tracks, created as
 * organizers do: each session through sessionInputSchema and createSession (in concurrent chunks), then one
 * publishSchedule. Runs inside prepareData().
 */
export async function createPublishedAgenda(
  app: AppModules,
  options: { slug: string; title: string; count: number; organizerId: number },
): Promise<PublishedAgenda> {
  const { count } = options
  const rooms = Math.max(MIN_ROOMS, Math.ceil(count / DAYS.length / SLOTS_PER_DAY))
  const event = await app.createEvent(
    app.EventInputSchema.parse({
      slug: options.slug,
      title: options.title,
      summary: `A benchmark summit with ${count} sessions.`,
      timeZone: TIME_ZONE,
      startsAt: `${DAYS[0]}T08:00`,
      endsAt: `${DAYS.at(-1)}T19:00`,
      locationKind: 'hybrid',
      venueName: 'Bench Hall',
      venueAddress: 'Benchstraße 1, Berlin',
      onlineUrl: 'https://meet.example.org/bench',
      status: 'published',
    }),
    options.organizerId,
  )
  const schema = app.sessionInputSchema(event.time_zone)
  const creating = performance.now()
  for (let start = 0; start < count; start += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => start + k)
    await Promise.all(chunk.map((i) => app.createSession(event.id, schema.parse(sessionFields(i, count, rooms)))))
  }
  const publishing = performance.now()
  await app.publishSchedule(event.id, 'Bench Organizer')
  const done = performance.now()
  return {
    eventId: event.id,
    slug: event.slug,
    sessions: count,
    rooms,
    tracks: TRACKS.length,
    days: DAYS.length,
    createSeconds: (publishing - creating) / 1000,
    publishSeconds: (done - publishing) / 1000,
  }
}
