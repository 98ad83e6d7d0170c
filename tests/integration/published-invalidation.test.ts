import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '~/models/agenda/session.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { regenerateFeedToken, starSession } from '~/models/agenda/stars.server'
import { updateEvent } from '~/models/events/event.server'
import { saveNotes } from '~/models/notes/edits.server'
import { sessionNoteId } from '~/models/notes/notes.server'
import { registrationSchema } from '~/models/registration/schema'
import { cancelRegistration, registerForEvent, updateOwnRegistration } from '~/models/registration/seats.server'
import { eventTag, LISTING_TAG, registrationTag } from '~/models/operations/public-content.server'
import { PublishedCache } from '../../server/published-cache/cache'
import { publishedCacheListeners } from '../../server/published-cache/invalidation'
import {
  LISTENER_APPLICATION_NAME,
  listenOnEmbedded,
  listenOnPostgres,
  type StopListening,
} from '../../server/notifications'
import { eventInput, makeEvent, makeUser } from '../support/factories'

// Each web process hears of changes to published content by LISTEN/NOTIFY, on PostgreSQL and on PGlite alike;
// here one cache listens as a web process would, while the app's models make the changes.

const databaseUrl = process.env.DATABASE_URL
let cache: PublishedCache
let stop: StopListening

/** Resolves once `condition` holds, checking after every turn of the event loop; fails after `ms`. */
async function eventually(condition: () => boolean, ms = 2_000) {
  const deadline = performance.now() + ms
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not so within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function keep(key: string, tags: string[]) {
  const { startedAt, settle } = cache.startRender(key)
  const { entry, kept } = await cache.fill(key, startedAt, {
    status: 200,
    headers: [['content-type', 'text/plain']],
    body: Buffer.from(key),
    tags,
    maxAgeMs: 60_000,
  })
  settle(entry, true)
  expect(kept).toBe(true)
}

const has = (key: string) => cache.get(key) !== undefined

let organizerId: number
let eventA: Awaited<ReturnType<typeof makeEvent>>
let eventB: Awaited<ReturnType<typeof makeEvent>>
let sessionA: number

beforeAll(async () => {
  cache = new PublishedCache({ maxBytes: 1 << 20 })
  const listeners = publishedCacheListeners(cache)
  stop = databaseUrl ? listenOnPostgres(databaseUrl, listeners) : await listenOnEmbedded(listeners)
  await eventually(() => cache.enabled, 10_000)
  organizerId = (await makeUser()).id
  eventA = await makeEvent(organizerId, { locationKind: 'hybrid', onlineUrl: 'https://meet.example.org/a' })
  eventB = await makeEvent(organizerId)
  sessionA = (
    await createSession(
      eventA.id,
      sessionInputSchema(eventA.time_zone).parse({
        title: 'Array API dispatching',
        kind: 'discussion',
        room: 'Plenary',
        speakers: '',
        startsAt: '2030-05-04T10:00',
        endsAt: '2030-05-04T11:00',
      }),
    )
  ).id
  await publishSchedule(eventA.id, 'organizer')
})

afterAll(() => stop())

async function fillBoth() {
  await keep('/events/a', [eventTag(eventA.id)])
  await keep('/events/a/calendar.ics', [eventTag(eventA.id)])
  await keep('/events/b', [eventTag(eventB.id)])
  await keep('/', [LISTING_TAG])
}

describe('published content is dropped when it changes, in every listening process', () => {
  it('a publish drops exactly the event’s entries and the listings', async () => {
    await fillBoth()
    await publishSchedule(eventA.id, 'organizer')
    await eventually(() => !has('/events/a') && !has('/events/a/calendar.ics') && !has('/'))
    expect(has('/events/b')).toBe(true)
  })

  it('an event edit, a notes save: the event’s entries', async () => {
    await fillBoth()
    await updateEvent(
      eventA.id,
      eventInput({
        slug: eventA.slug,
        title: 'Renamed summit',
        locationKind: 'hybrid',
        onlineUrl: 'https://meet.example.org/a',
      }),
    )
    await eventually(() => !has('/events/a'))
    expect(has('/events/b')).toBe(true)

    await fillBoth()
    await saveNotes(
      await sessionNoteId(eventA.id, sessionA),
      { body: 'Decided: adopt the array API.', baseRevision: 0 },
      { name: 'Organizer' },
    )
    await eventually(() => !has('/events/a/calendar.ics'))
    expect(has('/events/b')).toBe(true)
  })

  it('a star, a new feed token, a cancellation: that person’s feed only', async () => {
    const person = (n: number) =>
      registrationSchema({ locationKind: 'hybrid' }, []).parse({
        name: `Attendee ${n}`,
        email: `published-${n}-${eventA.id}@example.org`,
        affiliations: ['SciPy'],
        attendanceMode: 'remote',
      })
    const me = (await registerForEvent(eventA.id, person(1))).registration
    const other = (await registerForEvent(eventA.id, person(2))).registration
    const feeds = async () => {
      await keep('/feeds/me', [eventTag(eventA.id), registrationTag(me.id)])
      await keep('/feeds/other', [eventTag(eventA.id), registrationTag(other.id)])
    }
    for (const change of [
      () => starSession(me.id, eventA.id, sessionA),
      () => regenerateFeedToken(me.id),
      () => updateOwnRegistration(me.id, { ...person(1), attendanceMode: 'in_person' }),
      () => cancelRegistration(me.id, { actor: 'attendee' }),
      () => registerForEvent(eventA.id, person(1)), // again, after cancelling
    ]) {
      await feeds()
      await change()
      await eventually(() => !has('/feeds/me'))
      expect(has('/feeds/other')).toBe(true)
    }
  })

  it('a rolled-back change drops nothing', async () => {
    await fillBoth()
    await expect(updateEvent(eventB.id, eventInput({ slug: eventA.slug, title: 'Taken slug' }))).rejects.toThrow()
    // A later change is heard; the failed one, which came first, did not drop B.
    await publishSchedule(eventA.id, 'organizer')
    await eventually(() => !has('/events/a'))
    expect(has('/events/b')).toBe(true)
  })
})

describe.skipIf(!databaseUrl)('on PostgreSQL, a lost LISTEN connection', () => {
  it('empties the cache and answers nothing from memory until it listens again', async () => {
    await fillBoth()
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    try {
      const { rows } = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where application_name = $1',
        [`${LISTENER_APPLICATION_NAME}:${process.pid}`],
      )
      expect(rows.length).toBeGreaterThan(0)
      await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [rows.map((r) => r.pid)])
    } finally {
      await admin.end()
    }
    await eventually(() => !cache.enabled)
    expect(cache.stats.entries).toBe(0)
    await eventually(() => cache.enabled, 15_000)
    // Listening again: changes are heard as before.
    await fillBoth()
    await publishSchedule(eventA.id, 'organizer')
    await eventually(() => !has('/events/a'))
    expect(has('/events/b')).toBe(true)
  })
})
