import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import { create } from 'xmlbuilder2'
import type { PublishedSession, Speaker } from '#db/schema'
import { db } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { getPublicEventBySlug, type PublicEvent } from '../../events/event.server'
import { linkedRecordingsForEvent } from '../../recordings/recordings.server'
import { listPublishedSessions } from '../../agenda/schedule.server'
import { eventPath, sessionPath } from '~/utils/paths'

/**
 * The published agenda in the formats conference apps read (Giggity, ConfClerk, EventFahrplan, the c3voc tools):
 * frab's schedule.xml (checked against the C3VOC XSD) and the C3VOC schedule JSON (checked against its schema).
 *
 * - Only published events (drafts and cancelled events answer undefined, so 404) and only the published copy of
 *   their sessions.
 * - Cancelled sessions are left out: neither format has a status field, so an app would show them as happening.
 * - Times are in the event's zone: `date` carries the offset in force at that instant (it changes across a DST
 *   night), `start` is the wall time, `duration` the real elapsed time.
 * - A conference day runs from 06:00 to 06:00 the next day in the event's zone (frab's "day change"), so a session
 *   past midnight stays on the evening it belongs to. The days run without gaps over the event's dates and every
 *   session.
 * - Sessions without a room are in a room named after the venue, or "Main room".
 * - The acronym is the event slug with `_` for `-`: the JSON schema allows no `-` inside an acronym.
 * - Nothing depends on "now": the same content gives the same bytes on every web instance (ETags agree).
 */

type XMLBuilder = ReturnType<typeof create>

const DAY_CHANGE_HOUR = 6
const GENERATOR = 'Convene'
const JSON_SCHEMA_URL = 'https://c3voc.de/schedule/schema.json'
/** Namespace of the name-based (v5) UUIDs of rooms and speakers; sessions have random UUIDs of their own. */
const CONVENE_NAMESPACE = '4f1a3b6e-2c0d-4d8e-9a57-6b1e0c3f9d21'
/** The JSON schema's pattern for time_zone_name (zones such as Etc/GMT+2 do not match and are left out). */
const JSON_TIME_ZONE_PATTERN = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/
/** Kinds with nothing to record: marked as opted out. Other kinds say nothing, as Convene does not ask. */
const NOT_RECORDED_KINDS = new Set<PublishedSession['kind']>(['break', 'social'])

export type ScheduleExport = {
  body: string
  /** The newest change to anything in the body: the event, a published session or the schedule version. */
  lastModified: Date
}

type ExportPerson = { id: number; guid: string; name: string; url: string | null }

type ExportSession = {
  id: number
  guid: string
  title: string
  abstract: string
  type: string
  track: string | null
  room: string
  start: DateTime
  end: DateTime
  minutes: number
  slug: string
  url: string
  persons: ExportPerson[]
  doNotRecord: boolean | null
  recordingUrl: string | null
}

type ExportDay = {
  index: number
  date: string
  start: DateTime
  end: DateTime
  rooms: { name: string; sessions: ExportSession[] }[]
}

type ExportSchedule = {
  version: string
  acronym: string
  title: string
  description: string
  timeZone: string
  firstDate: string
  lastDate: string
  timeslot: string
  baseUrl: string
  eventUrl: string
  scheduleUrl: (format: 'xml' | 'json') => string
  rooms: { name: string; guid: string }[]
  tracks: { name: string; slug: string | null }[]
  days: ExportDay[]
  lastModified: Date
}

/** frab / C3VOC schedule XML of a published event; undefined for an unknown, draft or cancelled one. */
export async function scheduleXml(eventSlug: string): Promise<ScheduleExport | undefined> {
  const schedule = await loadSchedule(eventSlug)
  return schedule && { body: renderXml(schedule), lastModified: schedule.lastModified }
}

/** C3VOC schedule JSON of a published event; undefined for an unknown, draft or cancelled one. */
export async function scheduleJson(eventSlug: string): Promise<ScheduleExport | undefined> {
  const schedule = await loadSchedule(eventSlug)
  return schedule && { body: `${JSON.stringify(toJson(schedule), null, 2)}\n`, lastModified: schedule.lastModified }
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

async function latestVersion(eventId: number): Promise<{ version: number; publishedAt: Date } | undefined> {
  const row = await db
    .selectFrom('schedule_versions')
    .select(['version', 'published_at'])
    .where('event_id', '=', eventId)
    .orderBy('version', 'desc')
    .executeTakeFirst()
  return row && { version: row.version, publishedAt: row.published_at }
}

async function loadSchedule(eventSlug: string): Promise<ExportSchedule | undefined> {
  const event = await getPublicEventBySlug(eventSlug)
  if (!event || event.status !== 'published') return undefined
  const [published, version, recordings] = await Promise.all([
    listPublishedSessions(event.id),
    latestVersion(event.id),
    linkedRecordingsForEvent(event.id),
  ])
  const zone = event.time_zone
  const base = appBaseUrl().replace(/\/+$/, '')
  const host = new URL(base).host
  const eventUrl = `${base}${eventPath(event.slug)}`
  const acronym = acronymOf(event.slug)
  const defaultRoom = clean(event.venue_name ?? '').trim() || 'Main room'

  const sessions: ExportSession[] = published
    .filter((s) => s.status === 'scheduled')
    .map((s) => ({
      id: s.session_id,
      guid: s.uid.toLowerCase(),
      title: clean(s.title),
      abstract: clean(s.abstract_md),
      type: s.kind,
      track: clean(s.track ?? '').trim() || null,
      room: clean(s.room ?? '').trim() || defaultRoom,
      start: DateTime.fromJSDate(s.starts_at, { zone }),
      end: DateTime.fromJSDate(s.ends_at, { zone }),
      minutes: Math.max(0, Math.round((s.ends_at.getTime() - s.starts_at.getTime()) / 60_000)),
      slug: sessionSlug(acronym, s.session_id, s.title),
      url: `${base}${sessionPath(event.slug, s.session_id)}`,
      persons: persons(s.speakers, host),
      doNotRecord: NOT_RECORDED_KINDS.has(s.kind) ? true : null,
      recordingUrl: recordings.get(s.session_id)?.url ?? null,
    }))

  const rooms = unique(sessions.map((s) => s.room)).map((name) => ({
    name,
    guid: uuidV5(`room:${host}:${event.id}:${name}`),
  }))
  const tracks = unique(sessions.flatMap((s) => (s.track ? [s.track] : []))).map((name) => {
    const slug = slugify(name)
    return { name, slug: /^[a-z][a-z0-9-]*[a-z0-9]$/.test(slug) ? slug : null }
  })

  return {
    version: String(version?.version ?? 0),
    acronym,
    title: clean(event.title),
    description: clean(event.summary_md),
    timeZone: zone,
    ...days(event, sessions, rooms),
    timeslot: timeslot(sessions),
    baseUrl: `${base}/`,
    eventUrl,
    scheduleUrl: (format) => `${eventUrl}/schedule.${format}`,
    rooms,
    tracks,
    lastModified: latest([event.updated_at, version?.publishedAt, ...published.map((s) => s.last_modified)]),
  }
}

/** The conference day a moment belongs to: before the day change it is still the day before. */
function conferenceDate(moment: DateTime): string {
  return (moment.hour < DAY_CHANGE_HOUR ? moment.minus({ days: 1 }) : moment).toISODate()!
}

function days(
  event: PublicEvent,
  sessions: ExportSession[],
  rooms: { name: string }[],
): Pick<ExportSchedule, 'days' | 'firstDate' | 'lastDate'> {
  const zone = event.time_zone
  const eventFirst = DateTime.fromJSDate(event.starts_at, { zone }).toISODate()!
  const eventLast = conferenceDate(DateTime.fromJSDate(new Date(event.ends_at.getTime() - 1), { zone }))
  const dates = [eventFirst, eventLast, ...sessions.map((s) => conferenceDate(s.start))].sort()
  const first = DateTime.fromISO(dates[0]!, { zone })
  const last = DateTime.fromISO(dates.at(-1)!, { zone })

  const byDate = new Map<string, ExportSession[]>()
  for (const s of sessions) {
    const date = conferenceDate(s.start)
    byDate.set(date, [...(byDate.get(date) ?? []), s])
  }
  const result: ExportDay[] = []
  for (let day = first, index = 1; day <= last; day = day.plus({ days: 1 }), index++) {
    const date = day.toISODate()!
    const onDay = byDate.get(date) ?? []
    result.push({
      index,
      date,
      start: day.set({ hour: DAY_CHANGE_HOUR }),
      end: day.plus({ days: 1 }).set({ hour: DAY_CHANGE_HOUR }),
      // The event's room order on every day; only rooms in use that day.
      rooms: rooms
        .map((room) => ({ name: room.name, sessions: onDay.filter((s) => s.room === room.name) }))
        .filter((room) => room.sessions.length > 0),
    })
  }
  return { days: result, firstDate: first.toISODate()!, lastDate: last.toISODate()! }
}

/** The grid the agenda fits: the largest step (at most an hour) dividing every start minute and duration. */
function timeslot(sessions: ExportSession[]): string {
  if (sessions.length === 0) return '00:15'
  let step = 60
  for (const s of sessions) step = gcd(gcd(step, s.start.minute), s.minutes)
  return hoursMinutes(step || 60)
}

function persons(speakers: Speaker[], host: string): ExportPerson[] {
  return speakers
    .map((speaker) => ({ name: clean(speaker.name).trim(), url: speaker.url || null }))
    .filter((speaker) => speaker.name)
    .map(({ name, url }) => {
      // The same name is the same person across sessions and events of this site, as in conflict warnings.
      const guid = uuidV5(`speaker:${host}:${name.toLowerCase()}`)
      return { id: Number.parseInt(guid.slice(0, 8), 16) % 2_147_483_647 || 1, guid, name, url }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// XML

function renderXml(schedule: ExportSchedule): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('schedule')
  root.ele('generator', { name: GENERATOR })
  root.ele('url').txt(schedule.scheduleUrl('xml'))
  root.ele('version').txt(schedule.version)

  const conference = root.ele('conference')
  text(conference, 'acronym', schedule.acronym)
  text(conference, 'title', schedule.title)
  text(conference, 'start', schedule.firstDate)
  text(conference, 'end', schedule.lastDate)
  text(conference, 'days', String(schedule.days.length))
  text(conference, 'timeslot_duration', schedule.timeslot)
  text(conference, 'base_url', schedule.baseUrl)
  text(conference, 'url', schedule.eventUrl)
  text(conference, 'time_zone_name', schedule.timeZone)
  for (const track of schedule.tracks) {
    conference.ele('track', track.slug ? { name: track.name, slug: track.slug } : { name: track.name })
  }

  const roomGuids = new Map(schedule.rooms.map((r) => [r.name, r.guid]))
  for (const day of schedule.days) {
    const dayElement = root.ele('day', {
      index: String(day.index),
      date: day.date,
      start: isoWithOffset(day.start),
      end: isoWithOffset(day.end),
    })
    for (const room of day.rooms) {
      const roomElement = dayElement.ele('room', { name: room.name, guid: roomGuids.get(room.name)! })
      for (const s of room.sessions) xmlEvent(roomElement, s)
    }
  }
  // wellFormed: refuses rather than writes anything an XML parser would reject.
  return `${root.end({ prettyPrint: true, wellFormed: true })}\n`
}

function xmlEvent(parent: XMLBuilder, s: ExportSession): void {
  const event = parent.ele('event', { id: String(s.id), guid: s.guid })
  text(event, 'date', isoWithOffset(s.start))
  text(event, 'start', s.start.toFormat('HH:mm'))
  text(event, 'duration', hoursMinutes(s.minutes))
  text(event, 'room', s.room)
  text(event, 'slug', s.slug)
  text(event, 'url', s.url)
  text(event, 'title', s.title)
  text(event, 'subtitle', '')
  text(event, 'track', s.track ?? '')
  text(event, 'type', s.type)
  text(event, 'language', 'en')
  text(event, 'abstract', s.abstract)
  text(event, 'description', '')
  if (s.doNotRecord) {
    const recording = event.ele('recording')
    text(recording, 'license', '')
    text(recording, 'optout', 'true')
  }
  const persons = event.ele('persons')
  for (const p of s.persons) persons.ele('person', { id: String(p.id), guid: p.guid }).txt(p.name)
  const links = event.ele('links')
  for (const link of sessionLinks(s)) links.ele('link', { href: link.url }).txt(link.title)
  event.ele('attachments')
}

function text(parent: XMLBuilder, name: string, value: string): void {
  parent.ele(name).txt(value)
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

function toJson(schedule: ExportSchedule) {
  return {
    $schema: JSON_SCHEMA_URL,
    generator: { name: GENERATOR },
    schedule: {
      version: schedule.version,
      base_url: schedule.baseUrl,
      url: schedule.scheduleUrl('json'),
      conference: {
        acronym: schedule.acronym,
        title: schedule.title,
        description: schedule.description,
        start: schedule.firstDate,
        end: schedule.lastDate,
        daysCount: schedule.days.length,
        timeslot_duration: schedule.timeslot,
        ...(JSON_TIME_ZONE_PATTERN.test(schedule.timeZone) ? { time_zone_name: schedule.timeZone } : {}),
        url: schedule.eventUrl,
        tracks: schedule.tracks.map((t) => (t.slug ? { name: t.name, slug: t.slug } : { name: t.name })),
        rooms: schedule.rooms.map((r) => ({ name: r.name, guid: r.guid })),
        days: schedule.days.map((day) => ({
          index: day.index,
          date: day.date,
          day_start: isoWithOffset(day.start),
          day_end: isoWithOffset(day.end),
          rooms: Object.fromEntries(day.rooms.map((room) => [room.name, room.sessions.map(jsonEvent)])),
        })),
      },
    },
  }
}

function jsonEvent(s: ExportSession) {
  return {
    id: s.id,
    guid: s.guid,
    date: isoWithOffset(s.start),
    start: s.start.toFormat('HH:mm'),
    end: isoWithOffset(s.end),
    duration: hoursMinutes(s.minutes),
    room: s.room,
    slug: s.slug,
    url: s.url,
    title: s.title,
    subtitle: '',
    track: s.track,
    type: s.type,
    language: 'en',
    abstract: s.abstract,
    description: '',
    ...(s.doNotRecord ? { recording_license: '' } : {}),
    do_not_record: s.doNotRecord,
    // pretalx-style persons (`name`): the schema's oneOf refuses a person that is also frab-style (`public_name`).
    persons: s.persons.map((p) => ({ id: p.id, guid: p.guid, name: p.name, ...(p.url ? { url: p.url } : {}) })),
    links: sessionLinks(s).map((link) => ({ url: link.url, title: link.title, type: 'web' })),
    attachments: [],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** The speakers' pages and, once linked, the session's recording. */
function sessionLinks(s: ExportSession): { url: string; title: string }[] {
  return [
    ...s.persons.flatMap((p) => (p.url ? [{ url: p.url, title: p.name }] : [])),
    ...(s.recordingUrl ? [{ url: s.recordingUrl, title: 'Recording' }] : []),
  ]
}

/** `2030-03-31T09:00:00+02:00`: the offset in force at that instant in the event's zone. */
function isoWithOffset(moment: DateTime): string {
  return moment.toISO({ suppressMilliseconds: true })!
}

function hoursMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/FFFF) are dropped. */
function clean(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
}

/** The slug as an acronym both schemas accept: `[a-z0-9_]`, at least 4 characters. */
function acronymOf(slug: string): string {
  return slug
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .padEnd(4, '_')
}

/** `<acronym>-<id>-<title>`: unique by the id, and of the shape the XSD's voc-slug-new and the JSON schema want. */
function sessionSlug(acronym: string, id: number, title: string): string {
  const words = slugify(title).slice(0, 50).replace(/-+$/, '')
  return `${acronym}-${id}-${words.length >= 2 ? words : 'session'}`
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** A name-based UUID (RFC 4122 version 5) in Convene's namespace: the same name gives the same UUID everywhere. */
function uuidV5(name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(CONVENE_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

function latest(dates: (Date | null | undefined)[]): Date {
  let found = new Date(0)
  for (const d of dates) if (d && d > found) found = d
  return found
}
