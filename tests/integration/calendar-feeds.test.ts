import ICAL from 'ical.js'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Event, PublishedSession } from '#db/schema'
import * as communityFeed from '~/routes/calendar[.ics]'
import * as eventFeed from '~/routes/events.$slug.calendar[.ics]'
import * as personalFeed from '~/routes/feeds.$token.calendar[.ics]'
import { isRepresentableInZone } from '~/models/feeds/vtimezone'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { listPublishedSessions, publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, updateSession } from '~/models/agenda/session.server'
import { ensureFeedToken, regenerateFeedToken, starSession } from '~/models/agenda/stars.server'
import { cachedTextResponse, etagMatches } from '~/utils/http-cache.server'
import { toZonedIso } from '~/utils/time'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest } from '../support/routes'

type Component = InstanceType<typeof ICAL.Component>
type Time = InstanceType<typeof ICAL.Time>

const BASE = 'http://localhost:3000'
const UNICODE_TITLE =
  'Ünïcödé arrays — 数値計算ライブラリの未来 🧮📈 and the Array API: 共通インターフェース, ß, ø, 😀 '.repeat(3).trim()

function session(zone: string, overrides: Record<string, unknown>) {
  return sessionInputSchema(zone).parse({ kind: 'discussion', room: 'Plenary', speakers: '', ...overrides })
}

function parse(ics: string): Component {
  return new ICAL.Component(ICAL.parse(ics))
}

function vevents(calendar: Component): Component[] {
  return calendar.getAllSubcomponents('vevent')
}

function byUid(calendar: Component, uid: string): Component {
  const found = vevents(calendar).find((v) => v.getFirstPropertyValue('uid') === uid)
  if (!found) throw new Error(`No VEVENT ${uid}`)
  return found
}

function time(vevent: Component, name: 'dtstart' | 'dtend'): Time {
  return vevent.getFirstPropertyValue(name) as Time
}

function text(vevent: Component, name: string): string {
  return String(vevent.getFirstPropertyValue(name) ?? '')
}

/** The time as a calendar client reads it, with its offset: comparable to toZonedIso. */
function zonedIso(t: Time): string {
  const offset = t.utcOffset()
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0')
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0')
  return `${t.toString().replace(/Z$/, '')}${sign}${hh}:${mm}`
}

/** Each session's start and end instants in the feed equal the published ones, and read in the event's zone. */
function expectSessionTimes(calendar: Component, published: PublishedSession[], zone: string) {
  for (const p of published) {
    const v = byUid(calendar, `${p.uid}@convene`)
    const start = time(v, 'dtstart')
    const end = time(v, 'dtend')
    expect(start.toJSDate().toISOString(), p.title).toBe(p.starts_at.toISOString())
    expect(end.toJSDate().toISOString(), p.title).toBe(p.ends_at.toISOString())
    const tzid = v.getFirstProperty('dtstart')?.getParameter('tzid')
    if (tzid) {
      expect(tzid).toBe(zone)
      expect(zonedIso(start)).toBe(toZonedIso(p.starts_at, zone))
      expect(zonedIso(end)).toBe(toZonedIso(p.ends_at, zone))
    } else {
      expect(start.zone.tzid).toBe('UTC')
    }
  }
}

/** RFC 5545 framing: CRLF everywhere, lines of at most 75 octets, a VTIMEZONE for every TZID used. */
function expectWellFormed(ics: string) {
  expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
  const unfolded = ics.replace(/\r\n[ \t]/g, '')
  const used = new Set([...unfolded.matchAll(/;TZID=([^:;]+)/g)].map((m) => m[1]))
  const defined = new Set([...unfolded.matchAll(/^TZID:(.+)$/gm)].map((m) => m[1]))
  for (const tzid of used) expect(defined, `VTIMEZONE for ${tzid}`).toContain(tzid)
  for (const line of unfolded.split('\r\n').filter((l) => /^(DTSTAMP|LAST-MODIFIED)[:;]/.test(l))) {
    expect(line).toMatch(/:\d{8}T\d{6}Z$/)
  }
}

async function eventIcs(slug: string, query = '') {
  const result = await callRoute(eventFeed.loader, getRequest(`/events/${slug}/calendar.ics${query}`), { slug })
  return { ...result, ics: String(result.data) }
}

let organizerId: number
let berlin: Event
let losAngeles: Event
let tokyo: Event
let mexico: Event
const ids = { night: 0, unicode: 0, move: 0, cancel: 0 }

beforeAll(async () => {
  organizerId = (await makeUser()).id
  berlin = await makeEvent(organizerId, {
    title: 'Domain Stacks Summit',
    timeZone: 'Europe/Berlin',
    startsAt: '2030-03-29T09:00',
    endsAt: '2030-03-31T17:00',
    locationKind: 'hybrid',
    venueName: 'Humboldt Hall',
    onlineUrl: 'https://meet.example.org/secret-room',
    capacity: 1,
  })
  const z = 'Europe/Berlin'
  // Clocks go from 02:00 to 03:00 on 31 March 2030: this session lasts one hour.
  ids.night = (
    await createSession(
      berlin.id,
      session(z, {
        title: 'Night owls across the DST change',
        kind: 'social',
        startsAt: '2030-03-31T01:30',
        endsAt: '2030-03-31T03:30',
        track: 'Social',
      }),
    )
  ).id
  ids.unicode = (
    await createSession(
      berlin.id,
      session(z, {
        title: UNICODE_TITLE,
        startsAt: '2030-03-30T10:00',
        endsAt: '2030-03-30T11:00',
        track: 'Array API',
        speakers: 'Stéfan van der Walt, scikit-image\nRalf Gommers, SciPy',
        abstract: 'Where *dispatching* stands; commas, semicolons; and back\\slashes.',
      }),
    )
  ).id
  ids.move = (
    await createSession(
      berlin.id,
      session(z, {
        title: 'Dispatching backends',
        startsAt: '2030-03-30T14:00',
        endsAt: '2030-03-30T15:00',
        room: 'Room B',
        track: 'Array API',
      }),
    )
  ).id
  ids.cancel = (
    await createSession(
      berlin.id,
      session(z, {
        title: 'Packaging clinic',
        startsAt: '2030-03-29T14:00',
        endsAt: '2030-03-29T15:00',
        track: 'Packaging',
      }),
    )
  ).id
  await publishSchedule(berlin.id, 'Org')

  losAngeles = await makeEvent(organizerId, {
    title: 'Sparse Arrays Day',
    timeZone: 'America/Los_Angeles',
    startsAt: '2030-11-03T00:00',
    endsAt: '2030-11-03T18:00',
    venueName: 'Berkeley',
  })
  const la = 'America/Los_Angeles'
  // Clocks go back from 02:00 PDT to 01:00 PST on 3 November 2030: this session lasts three hours.
  await createSession(
    losAngeles.id,
    session(la, { title: 'Across the fall-back hour', startsAt: '2030-11-03T00:30', endsAt: '2030-11-03T02:30' }),
  )
  // 01:30 happens twice that night: clients disagree on which one a TZID wall time names, so these go in UTC.
  await createSession(
    losAngeles.id,
    session(la, { title: 'The first 01:30', room: 'Room 2', startsAt: '2030-11-03T01:30', endsAt: '2030-11-03T02:30' }),
  )
  await createSession(
    losAngeles.id,
    session(la, {
      title: 'The repeated hour',
      room: 'Room 3',
      startsAt: '2030-11-03T01:30:00-08:00',
      endsAt: '2030-11-03T03:00:00-08:00',
    }),
  )
  await createSession(
    losAngeles.id,
    session(la, { title: 'Morning session', startsAt: '2030-11-03T09:00', endsAt: '2030-11-03T10:30' }),
  )
  await publishSchedule(losAngeles.id, 'Org')

  tokyo = await makeEvent(organizerId, {
    title: 'Array API Summit',
    timeZone: 'Asia/Tokyo',
    startsAt: '2030-09-10T09:00',
    endsAt: '2030-09-12T17:00',
    venueName: 'Tokyo Hall',
  })
  await createSession(
    tokyo.id,
    session('Asia/Tokyo', { title: 'Opening', startsAt: '2030-09-10T09:00', endsAt: '2030-09-10T09:30' }),
  )
  await createSession(
    tokyo.id,
    session('Asia/Tokyo', { title: 'Late discussion', startsAt: '2030-09-11T23:00', endsAt: '2030-09-12T00:30' }),
  )
  await publishSchedule(tokyo.id, 'Org')

  // Mexico abolished DST in 2022; the bundled VTIMEZONE (tzdata 2018g) still has it.
  mexico = await makeEvent(organizerId, {
    title: 'Mexico Sprint',
    timeZone: 'America/Mexico_City',
    startsAt: '2030-07-01T09:00',
    endsAt: '2030-07-01T17:00',
    venueName: 'UNAM',
  })
  await createSession(
    mexico.id,
    session('America/Mexico_City', {
      title: 'Sprint kickoff',
      startsAt: '2030-07-01T09:00',
      endsAt: '2030-07-01T10:00',
    }),
  )
  await publishSchedule(mexico.id, 'Org')
})

describe('event feed', () => {
  it('serves every published session at its published instants, in its zone, with a VTIMEZONE', async () => {
    for (const event of [berlin, losAngeles, tokyo, mexico]) {
      const result = await eventIcs(event.slug)
      expect(result.status).toBe(200)
      expect(result.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
      expect(result.headers.get('content-disposition')).toBe(`inline; filename="${event.slug}.ics"`)
      expectWellFormed(result.ics)
      const calendar = parse(result.ics)
      const published = await listPublishedSessions(event.id)
      expect(published.length).toBeGreaterThan(0)
      expectSessionTimes(calendar, published, event.time_zone)
      // The event itself, timed in its zone.
      const self = byUid(calendar, `event-${event.id}@localhost:3000`)
      expect(time(self, 'dtstart').toJSDate().toISOString()).toBe(event.starts_at.toISOString())
      expect(time(self, 'dtend').toJSDate().toISOString()).toBe(event.ends_at.toISOString())
      expect(vevents(calendar)).toHaveLength(published.length + 1)
    }
  })

  it('writes the DST-spanning session as wall time in Europe/Berlin lasting one hour', async () => {
    const { ics } = await eventIcs(berlin.slug)
    const [night] = (await listPublishedSessions(berlin.id)).filter((p) => p.session_id === ids.night)
    const v = byUid(parse(ics), `${night!.uid}@convene`)
    expect(v.getFirstProperty('dtstart')?.toICALString()).toBe('DTSTART;TZID=Europe/Berlin:20300331T013000')
    expect(v.getFirstProperty('dtend')?.toICALString()).toBe('DTEND;TZID=Europe/Berlin:20300331T033000')
    expect(time(v, 'dtend').toUnixTime() - time(v, 'dtstart').toUnixTime()).toBe(3600)
  })

  it('falls back to UTC where a TZID wall time would name another instant', async () => {
    const laCalendar = parse((await eventIcs(losAngeles.slug)).ics)
    const la = await listPublishedSessions(losAngeles.id)
    const entry = (title: string) => byUid(laCalendar, `${la.find((p) => p.title === title)!.uid}@convene`)
    for (const title of ['The first 01:30', 'The repeated hour']) {
      expect(entry(title).getFirstProperty('dtstart')?.toICALString(), title).toMatch(/^DTSTART:\d{8}T\d{6}Z$/)
    }
    expect(entry('The first 01:30').getFirstProperty('dtstart')?.toICALString()).toBe('DTSTART:20301103T083000Z')
    expect(entry('The repeated hour').getFirstProperty('dtstart')?.toICALString()).toBe('DTSTART:20301103T093000Z')
    const across = entry('Across the fall-back hour')
    expect(across.getFirstProperty('dtstart')?.toICALString()).toBe('DTSTART;TZID=America/Los_Angeles:20301103T003000')
    expect(across.getFirstProperty('dtend')?.toICALString()).toBe('DTEND;TZID=America/Los_Angeles:20301103T023000')
    expect(time(across, 'dtend').toUnixTime() - time(across, 'dtstart').toUnixTime()).toBe(3 * 3600)
    expect(isRepresentableInZone(new Date('2030-11-03T08:30:00Z'), 'America/Los_Angeles')).toBe(false)
    expect(isRepresentableInZone(new Date('2030-11-03T10:00:00Z'), 'America/Los_Angeles')).toBe(true)

    // The stale Mexico City VTIMEZONE would put a July session an hour early: the feed uses UTC instead.
    expect(isRepresentableInZone(new Date('2030-07-01T15:00:00Z'), 'America/Mexico_City')).toBe(false)
    expect(isRepresentableInZone(new Date('2030-01-15T15:00:00Z'), 'America/Mexico_City')).toBe(true)
    const mx = parse((await eventIcs(mexico.slug)).ics)
    const kickoff = vevents(mx).find((v) => text(v, 'summary') === 'Sprint kickoff')!
    expect(kickoff.getFirstProperty('dtstart')?.toICALString()).toBe('DTSTART:20300701T150000Z')
  })

  it('describes sessions: stable UID, content-derived stamps, URL, location, categories, description', async () => {
    const { ics } = await eventIcs(berlin.slug)
    const [p] = (await listPublishedSessions(berlin.id)).filter((s) => s.session_id === ids.unicode)
    const v = byUid(parse(ics), `${p!.uid}@convene`)
    expect(text(v, 'summary')).toBe(UNICODE_TITLE)
    expect(text(v, 'url')).toBe(`${BASE}/events/${berlin.slug}/sessions/${ids.unicode}`)
    expect(text(v, 'location')).toBe('Plenary, Humboldt Hall')
    expect(v.getFirstProperty('categories')?.getValues()).toEqual(['Discussion', 'Array API'])
    expect(text(v, 'status')).toBe('CONFIRMED')
    expect(v.getFirstPropertyValue('sequence')).toBe(0)
    const stamp = (v.getFirstPropertyValue('dtstamp') as Time).toJSDate()
    expect(stamp.toISOString()).toBe(new Date(Math.floor(p!.last_modified.getTime() / 1000) * 1000).toISOString())
    expect((v.getFirstPropertyValue('last-modified') as Time).toJSDate()).toEqual(stamp)
    const description = text(v, 'description')
    expect(description).toContain('Where *dispatching* stands; commas, semicolons; and back\\slashes.')
    expect(description).toContain('Speakers: Stéfan van der Walt (scikit-image), Ralf Gommers (SciPy)')
    expect(description).toContain(`${BASE}/events/${berlin.slug}/sessions/${ids.unicode}`)
    // The private meeting link never reaches a public feed.
    expect(ics).not.toContain('secret-room')
    const calendar = parse(ics)
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Domain Stacks Summit — Convene')
    expect(calendar.getFirstPropertyValue('name')).toBe('Domain Stacks Summit — Convene')
    expect(ics).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n')
    expect(ics).toContain('\r\nX-PUBLISHED-TTL:PT1H\r\n')
    expect(ics).toContain('\r\nPRODID:-//Convene//Convene calendar feeds//EN\r\n')
  })

  it('folds long multi-byte lines at 75 octets without splitting characters', async () => {
    const { ics } = await eventIcs(berlin.slug)
    const summaryStart = ics.indexOf('SUMMARY:Ünïcödé')
    const folded = ics.slice(summaryStart, ics.indexOf('\r\n', ics.indexOf('\r\n', summaryStart) + 2) + 2)
    expect(folded).toContain('\r\n ')
    expect(Buffer.from(ics, 'utf8').toString('utf8')).toBe(ics)
    expect(ics).not.toContain('\uFFFD')
    expectWellFormed(ics)
  })

  it('keeps a moved session’s UID and raises its SEQUENCE; keeps a cancelled session, marked', async () => {
    const before = parse((await eventIcs(berlin.slug)).ics)
    const published = await listPublishedSessions(berlin.id)
    const moveUid = `${published.find((p) => p.session_id === ids.move)!.uid}@convene`
    const cancelUid = `${published.find((p) => p.session_id === ids.cancel)!.uid}@convene`
    const sequenceBefore = byUid(before, moveUid).getFirstPropertyValue('sequence') as unknown as number

    const z = 'Europe/Berlin'
    await updateSession(
      berlin.id,
      ids.move,
      session(z, {
        title: 'Dispatching backends',
        startsAt: '2030-03-30T16:00',
        endsAt: '2030-03-30T17:00',
        room: 'Plenary',
        track: 'Array API',
      }),
    )
    await updateSession(
      berlin.id,
      ids.cancel,
      session(z, {
        title: 'Packaging clinic',
        startsAt: '2030-03-29T14:00',
        endsAt: '2030-03-29T15:00',
        track: 'Packaging',
        status: 'cancelled',
      }),
    )
    await publishSchedule(berlin.id, 'Org')

    const after = parse((await eventIcs(berlin.slug)).ics)
    const moved = byUid(after, moveUid)
    expect(moved.getFirstPropertyValue('sequence') as unknown as number).toBeGreaterThan(sequenceBefore)
    expect(zonedIso(time(moved, 'dtstart'))).toBe('2030-03-30T16:00:00+01:00')
    expect(text(moved, 'location')).toBe('Plenary, Humboldt Hall')
    const cancelled = byUid(after, cancelUid)
    expect(text(cancelled, 'status')).toBe('CANCELLED')
    expect(text(cancelled, 'summary')).toBe('Cancelled: Packaging clinic')
    expectSessionTimes(after, await listPublishedSessions(berlin.id), z)
  })

  it('filters by ?track=', async () => {
    const { ics, status, headers } = await eventIcs(berlin.slug, '?track=array%20api')
    expect(status).toBe(200)
    expect(headers.get('content-disposition')).toBe(`inline; filename="${berlin.slug}-array-api.ics"`)
    const calendar = parse(ics)
    const arrayApi = (await listPublishedSessions(berlin.id)).filter((p) => p.track === 'Array API')
    const uids = vevents(calendar).map((v) => text(v, 'uid'))
    expect(uids.sort()).toEqual(
      [`event-${berlin.id}@localhost:3000`, ...arrayApi.map((p) => `${p.uid}@convene`)].sort(),
    )
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Domain Stacks Summit: array api — Convene')
  })

  it('answers 404 in plain text for drafts and unknown events', async () => {
    const draft = await makeEvent(organizerId, { status: 'draft' })
    for (const slug of [draft.slug, 'no-such-summit']) {
      const result = await eventIcs(slug)
      expect(result.status).toBe(404)
      // The 404 comes from the access guard, which lets Response spell the type (`text/plain;charset=UTF-8`).
      expect(result.headers.get('content-type')?.replace(/\s/g, '').toLowerCase()).toBe('text/plain;charset=utf-8')
    }
  })
})

describe('caching', () => {
  it('renders identical bytes and ETags twice; answers 304 to If-None-Match and If-Modified-Since', async () => {
    const first = await eventIcs(tokyo.slug)
    const second = await eventIcs(tokyo.slug)
    expect(second.ics).toBe(first.ics)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{43}"$/)
    expect(second.headers.get('etag')).toBe(etag)
    expect(first.headers.get('cache-control')).toBe('public, max-age=300')
    const lastModified = first.headers.get('last-modified')!
    const newest = Math.max(
      tokyo.updated_at.getTime(),
      ...(await listPublishedSessions(tokyo.id)).map((p) => p.last_modified.getTime()),
    )
    expect(Date.parse(lastModified)).toBe(Math.floor(newest / 1000) * 1000)

    const conditional = (headers: Record<string, string>) =>
      callRoute(eventFeed.loader, new Request(`http://localhost/events/${tokyo.slug}/calendar.ics`, { headers }), {
        slug: tokyo.slug,
      })
    for (const ifNoneMatch of [etag, `"other", W/${etag}`, '*']) {
      const result = await conditional({ 'if-none-match': ifNoneMatch })
      expect(result.status, ifNoneMatch).toBe(304)
      expect(result.data).toBe('')
      expect(result.headers.get('etag')).toBe(etag)
      expect(result.headers.get('cache-control')).toBe('public, max-age=300')
    }
    expect((await conditional({ 'if-modified-since': lastModified })).status).toBe(304)
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString()
    expect((await conditional({ 'if-modified-since': earlier })).status).toBe(200)
    // If-None-Match wins over If-Modified-Since.
    expect((await conditional({ 'if-none-match': '"stale"', 'if-modified-since': lastModified })).status).toBe(200)
  })

  it('parses entity-tag lists', () => {
    expect(etagMatches('"a", W/"b" ,"c"', '"b"')).toBe(true)
    expect(etagMatches('W/"b"', 'W/"b"')).toBe(true)
    expect(etagMatches('"a","c"', '"b"')).toBe(false)
    expect(etagMatches('garbage', '"b"')).toBe(false)
    const response = cachedTextResponse(new Request('http://x/'), 'body', { contentType: 'text/plain', maxAge: 60 })
    expect(response.headers.get('cache-control')).toBe('public, max-age=60')
    expect(response.headers.get('last-modified')).toBeNull()
  })
})

describe('community feed', () => {
  it('lists every public summit: all-day dates for multi-day ones, timed for one-day ones', async () => {
    const cancelledEvent = await makeEvent(organizerId, {
      title: 'Cancelled Summit',
      status: 'cancelled',
      startsAt: '2030-06-01T09:00',
      endsAt: '2030-06-01T12:00',
    })
    const draft = await makeEvent(organizerId, { title: 'Secret draft', status: 'draft' })
    const result = await callRoute(communityFeed.loader, getRequest('/calendar.ics'))
    expect(result.status).toBe(200)
    const ics = String(result.data)
    expectWellFormed(ics)
    const calendar = parse(ics)
    const uid = (e: Event) => `event-${e.id}@localhost:3000`

    const b = byUid(calendar, uid(berlin))
    expect(time(b, 'dtstart').isDate).toBe(true)
    expect(time(b, 'dtstart').toString()).toBe('2030-03-29')
    expect(time(b, 'dtend').toString()).toBe('2030-04-01')
    const t = byUid(calendar, uid(tokyo))
    expect(time(t, 'dtstart').toString()).toBe('2030-09-10')
    expect(time(t, 'dtend').toString()).toBe('2030-09-13')

    const l = byUid(calendar, uid(losAngeles))
    expect(time(l, 'dtstart').isDate).toBe(false)
    expect(time(l, 'dtstart').toJSDate()).toEqual(losAngeles.starts_at)
    expect(time(l, 'dtend').toJSDate()).toEqual(losAngeles.ends_at)
    expect(zonedIso(time(l, 'dtstart'))).toBe(toZonedIso(losAngeles.starts_at, 'America/Los_Angeles'))

    expect(text(byUid(calendar, uid(cancelledEvent)), 'status')).toBe('CANCELLED')
    expect(vevents(calendar).some((v) => text(v, 'uid') === uid(draft))).toBe(false)
    expect(ics).not.toContain('Secret draft')
    expect(ics).not.toContain('secret-room')

    const again = await callRoute(communityFeed.loader, getRequest('/calendar.ics'))
    expect(again.data).toBe(ics)
    expect(again.headers.get('etag')).toBe(result.headers.get('etag'))
  })
})

describe('personal feed', () => {
  let counter = 0
  const person = () =>
    registrationSchema({ locationKind: 'hybrid' }, []).parse({
      name: `Attendee ${(counter += 1)}`,
      email: `attendee${counter}@example.org`,
      affiliations: ['NumPy'],
      attendanceMode: 'remote',
    })
  const personalIcs = async (token: string) => {
    const result = await callRoute(personalFeed.loader, getRequest(`/feeds/${token}/calendar.ics`), { token })
    return { ...result, ics: String(result.data) }
  }

  it('carries exactly the person’s event and starred sessions; the meeting link only when confirmed', async () => {
    const confirmed = await registerForEvent(berlin.id, person())
    const waitlisted = await registerForEvent(berlin.id, person())
    expect(confirmed.registration.status).toBe('confirmed')
    expect(waitlisted.registration.status).toBe('waitlisted')
    const published = await listPublishedSessions(berlin.id)
    const uidOf = (id: number) => `${published.find((p) => p.session_id === id)!.uid}@convene`

    expect(await starSession(confirmed.registration.id, berlin.id, ids.night)).toBe(true)
    expect(await starSession(confirmed.registration.id, berlin.id, ids.cancel)).toBe(true)
    expect(await starSession(waitlisted.registration.id, berlin.id, ids.unicode)).toBe(true)
    // A session of another event cannot be starred into this feed.
    const tokyoSession = (await listPublishedSessions(tokyo.id))[0]!
    expect(await starSession(confirmed.registration.id, berlin.id, tokyoSession.session_id)).toBe(false)

    const token = await ensureFeedToken(confirmed.registration.id)
    expect(await ensureFeedToken(confirmed.registration.id)).toBe(token)
    const mine = await personalIcs(token)
    expect(mine.status).toBe(200)
    expect(mine.headers.get('cache-control')).toBe('private, max-age=300')
    expectWellFormed(mine.ics)
    const calendar = parse(mine.ics)
    expect(
      vevents(calendar)
        .map((v) => text(v, 'uid'))
        .sort(),
    ).toEqual([`event-${berlin.id}@localhost:3000`, uidOf(ids.night), uidOf(ids.cancel)].sort())
    const self = byUid(calendar, `event-${berlin.id}@localhost:3000`)
    expect(text(self, 'summary')).toBe('Domain Stacks Summit')
    expect(text(self, 'status')).toBe('CONFIRMED')
    expect(text(self, 'description')).toContain('https://meet.example.org/secret-room')
    expect(text(byUid(calendar, uidOf(ids.cancel)), 'status')).toBe('CANCELLED')
    expectSessionTimes(
      calendar,
      published.filter((p) => [ids.night, ids.cancel].includes(p.session_id)),
      'Europe/Berlin',
    )

    const theirs = await personalIcs(await ensureFeedToken(waitlisted.registration.id))
    expect(theirs.status).toBe(200)
    const waiting = parse(theirs.ics)
    expect(
      vevents(waiting)
        .map((v) => text(v, 'uid'))
        .sort(),
    ).toEqual([`event-${berlin.id}@localhost:3000`, uidOf(ids.unicode)].sort())
    const waitingSelf = byUid(waiting, `event-${berlin.id}@localhost:3000`)
    expect(text(waitingSelf, 'summary')).toBe('Domain Stacks Summit (waiting list)')
    expect(text(waitingSelf, 'status')).toBe('TENTATIVE')
    expect(theirs.ics).not.toContain('secret-room')
    expect(theirs.ics).not.toContain('meet.example.org')

    // Same content, same bytes; the ETag answers conditional requests (no Last-Modified here).
    const again = await personalIcs(token)
    expect(again.ics).toBe(mine.ics)
    expect(mine.headers.get('last-modified')).toBeNull()
    const notModified = await callRoute(
      personalFeed.loader,
      new Request(`http://localhost/feeds/${token}/calendar.ics`, {
        headers: { 'if-none-match': mine.headers.get('etag')! },
      }),
      { token },
    )
    expect(notModified.status).toBe(304)

    // A new link kills the old one at once.
    const fresh = await regenerateFeedToken(confirmed.registration.id)
    expect((await personalIcs(token)).status).toBe(404)
    const renewed = await personalIcs(fresh)
    expect(renewed.status).toBe(200)
    expect(renewed.ics).toBe(mine.ics)
    expect((await personalIcs('not-a-token')).status).toBe(404)
    expect((await personalIcs('x'.repeat(32))).status).toBe(404)
  })
})
