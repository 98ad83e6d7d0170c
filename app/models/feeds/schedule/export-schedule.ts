import { DateTime } from 'luxon'
import type { PublishedSession, ScheduleVersion, Speaker } from '#db/schema'
import { eventPath, sessionPath } from '~/utils/paths'
import { slugify } from '~/utils/slug'
import type { PublicEvent } from '../../events/event.server'
import { recordingLinkTitle } from '../../recordings/facade'
import type { PublicAttachmentLink } from '../../attachments/exports'
import { latest } from '../latest'
import { uuidV5 } from './uuid-v5'

/**
 * The published agenda as the conference-app formats see it (./frab-xml, ./c3voc-json), built from loaded rows.
 *
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

const DAY_CHANGE_HOUR = 6
export const GENERATOR = 'Convene'
/** Namespace of the name-based (v5) UUIDs of rooms and speakers; sessions have random UUIDs of their own. */
const CONVENE_NAMESPACE = '4f1a3b6e-2c0d-4d8e-9a57-6b1e0c3f9d21'
/** Kinds with nothing to record: marked as opted out. Other kinds say nothing, as Convene does not ask. */
const NOT_RECORDED_KINDS = new Set<PublishedSession['kind']>(['break', 'social'])

export type ExportPerson = { id: number; guid: string; name: string; url: string | null }

export type ExportSession = {
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
  /** The linked recordings, in order: each part, at the session's start in the video. */
  recordings: { url: string; title: string }[]
  /** Slides, files and links, in their order, with the C3VOC reference type (slides, media, related). */
  attachments: { url: string; title: string; type: string }[]
}

export type ExportDay = {
  index: number
  date: string
  start: DateTime
  end: DateTime
  rooms: { name: string; sessions: ExportSession[] }[]
}

export type ExportSchedule = {
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

/** Everything the export shows, as loaded: the event, its published sessions, newest version, linked recordings. */
export type ScheduleRows = {
  /** The site's public origin: links and name-based UUIDs are built from it. */
  baseUrl: string
  event: PublicEvent
  published: PublishedSession[]
  version: Pick<ScheduleVersion, 'version' | 'published_at'> | undefined
  /** Linked recordings by session id, each session's in order. */
  recordings: ReadonlyMap<number, readonly { url: string; partLabel: string | null }[]>
  /** Attachments by session id, each session's in order. */
  attachments?: ReadonlyMap<number, readonly PublicAttachmentLink[]>
}

/** The schedule both formats write: scheduled sessions only, in conference days and rooms. */
export function buildExportSchedule({
  baseUrl,
  event,
  published,
  version,
  recordings,
  attachments,
}: ScheduleRows): ExportSchedule {
  const zone = event.time_zone
  const base = baseUrl.replace(/\/+$/, '')
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
      recordings: (recordings.get(s.session_id) ?? []).map((r) => ({ url: r.url, title: recordingLinkTitle(r) })),
      attachments: (attachments?.get(s.session_id) ?? []).map((a) => ({
        url: a.url,
        title: clean(a.title),
        type: a.type,
      })),
    }))

  const rooms = unique(sessions.map((s) => s.room)).map((name) => ({
    name,
    guid: uuidV5(`room:${host}:${event.id}:${name}`, CONVENE_NAMESPACE),
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
    lastModified: latest(
      event.updated_at,
      version?.published_at,
      ...published.map((s) => s.last_modified),
      ...[...(attachments?.values() ?? [])].flat().map((a) => a.addedAt),
    ),
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
      const guid = uuidV5(`speaker:${host}:${name.toLowerCase()}`, CONVENE_NAMESPACE)
      return { id: Number.parseInt(guid.slice(0, 8), 16) % 2_147_483_647 || 1, guid, name, url }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Shared by both formats

/** The speakers' pages and, once linked, the session's recordings (every part). */
export function sessionLinks(s: ExportSession): { url: string; title: string }[] {
  return [...s.persons.flatMap((p) => (p.url ? [{ url: p.url, title: p.name }] : [])), ...s.recordings]
}

/** `2030-03-31T09:00:00+02:00`: the offset in force at that instant in the event's zone. */
export function isoWithOffset(moment: DateTime): string {
  return moment.toISO({ suppressMilliseconds: true })!
}

export function hoursMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

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

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
