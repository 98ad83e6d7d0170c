import { strongEtag } from '~/utils/http-cache.server'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import ical, {
  escape,
  ICalEventStatus,
  ICalEventTransparency,
  type ICalCalendar,
  type ICalEventData,
} from 'ical-generator'
import { DateTime } from 'luxon'
import type { PublishedSession, Speaker } from '#db/schema'
import { db } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { getPublicEventBySlug, listPublicEvents, type PublicEvent } from '../events/event.server'
import { getPersonalFeedData } from './personal-feed.server'
import { linkedRecordingsForEvent } from '../recordings/recordings.server'
import { listPublishedSessions, publishedFingerprint } from '../agenda/schedule.server'
import { SESSION_KIND_LABELS } from '../agenda/session-schema'
import { getRegistrationIdByFeedToken } from '../agenda/stars.server'
import { eventPath, sessionPath } from '~/utils/paths'

/**
 * iCalendar (RFC 5545) feeds of the agenda.
 *
 * - Times carry the event's TZID with its VTIMEZONE (never floating, never the server's zone). Before a TZID is
 *   used, the VTIMEZONE that goes with it is checked against the time zone database luxon uses, at every instant
 *   written: a client reading the wall time with that VTIMEZONE must land on the same instant, and only on it (the
 *   VTIMEZONE files are from tzdata 2018g and miss later rule changes, e.g. Mexico dropping DST; and clients read
 *   the repeated hour of an autumn night differently). Where that fails, the entry is written in UTC instead,
 *   which every client reads right.
 * - UIDs never change (a session's random uid; an event's id and this site's host), SEQUENCE is the published
 *   sequence, and DTSTAMP/LAST-MODIFIED come from the content, never from "now": the same content gives the same
 *   bytes on every web instance, so ETags agree and clients see no spurious changes.
 * - Cancelled sessions stay in the feed with STATUS:CANCELLED, so calendars remove or strike them.
 */

const PRODID = '//Convene//Convene calendar feeds//EN'
const TTL_SECONDS = 60 * 60
const SITE = 'Convene'

export type CalendarFeed = {
  /** The .ics text, CRLF line ends, folded at 75 octets. */
  ics: string
  /** The newest change to anything that can appear in this feed; null when that cannot be told (see personalCalendar). */
  lastModified: Date | null
  /** A file name for Content-Disposition. */
  filename: string
  /** The strong ETag of `ics`, when already computed. */
  etag?: string
}

type FeedEvent = PublicEvent

// ---------------------------------------------------------------------------------------------------------------
// VTIMEZONE check

type Observance = {
  /** Offsets in minutes east of UTC. */
  from: number
  to: number
  /** DTSTART as wall-clock milliseconds (the wall time read as if it were UTC). */
  startWall: number
  rule: { month: number; nth: number; weekday: number } | null
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']

function parseOffset(value: string): number | null {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(value)
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60
  return m[1] === '-' ? -minutes : minutes
}

function parseLocalDateTime(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value)
  if (!m) return null
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
}

/**
 * Reads the observances of a VTIMEZONE of the simple shape the bundled files have (DTSTART, offsets, at most a
 * yearly "nth weekday of a month" RRULE). Anything else gives null: not understood, so not trusted.
 */
function parseVtimezone(text: string): Observance[] | null {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/)
  const observances: Observance[] = []
  let current: Partial<Observance> | null = null
  for (const line of lines) {
    if (line === 'BEGIN:STANDARD' || line === 'BEGIN:DAYLIGHT') {
      current = { rule: null }
      continue
    }
    if (line === 'END:STANDARD' || line === 'END:DAYLIGHT') {
      if (!current || current.from === undefined || current.to === undefined || current.startWall === undefined)
        return null
      observances.push(current as Observance)
      current = null
      continue
    }
    if (!current) continue
    const colon = line.indexOf(':')
    const name = line.slice(0, colon)
    const value = line.slice(colon + 1)
    if (name === 'TZOFFSETFROM' || name === 'TZOFFSETTO') {
      const offset = parseOffset(value)
      if (offset === null) return null
      if (name === 'TZOFFSETFROM') current.from = offset
      else current.to = offset
    } else if (name === 'DTSTART') {
      const wall = parseLocalDateTime(value)
      if (wall === null) return null
      current.startWall = wall
    } else if (name === 'RRULE') {
      const m = /^FREQ=YEARLY;BYMONTH=(\d{1,2});BYDAY=([+-]?\d)(SU|MO|TU|WE|TH|FR|SA)$/.exec(value)
      if (!m) return null
      current.rule = { month: Number(m[1]), nth: Number(m[2]), weekday: WEEKDAYS.indexOf(m[3]!) }
    } else if (name === 'RDATE' || name === 'EXDATE' || name === 'EXRULE') {
      return null
    }
  }
  return observances.length ? observances : null
}

/** Wall-clock ms of the rule's day in `year` at the observance's time of day. */
function ruleWall(o: Observance, year: number): number | null {
  const rule = o.rule!
  const timeOfDay = ((o.startWall % 86_400_000) + 86_400_000) % 86_400_000
  let day: number
  if (rule.nth > 0) {
    const firstWeekday = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay()
    day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + 7 * (rule.nth - 1)
  } else {
    const lastDay = new Date(Date.UTC(year, rule.month, 0)).getUTCDate()
    const lastWeekday = new Date(Date.UTC(year, rule.month - 1, lastDay)).getUTCDay()
    day = lastDay - ((lastWeekday - rule.weekday + 7) % 7) + 7 * (rule.nth + 1)
  }
  const wall = Date.UTC(year, rule.month - 1, day) + timeOfDay
  if (new Date(wall - timeOfDay).getUTCMonth() !== rule.month - 1) return null
  return wall >= o.startWall ? wall : null
}

/** The UTC offset (minutes) a client computes from these observances at an instant. */
function vtimezoneOffsetAt(observances: Observance[], instant: number): number {
  let best: { onset: number; to: number } | null = null
  let earliest: { onset: number; from: number } | null = null
  const year = new Date(instant).getUTCFullYear()
  for (const o of observances) {
    const onsets = o.rule
      ? [year - 1, year, year + 1].map((y) => ruleWall(o, y)).filter((w): w is number => w !== null)
      : [o.startWall]
    for (const wall of onsets) {
      const onset = wall - o.from * 60_000
      if (onset <= instant && (!best || onset > best.onset)) best = { onset, to: o.to }
    }
    const first = o.startWall - o.from * 60_000
    if (!earliest || first < earliest.onset) earliest = { onset: first, from: o.from }
  }
  return best ? best.to : earliest!.from
}

/**
 * The one instant a wall time names with these observances, or null when it names none (a gap) or two (the
 * repeated hour when clocks go back). RFC 5545 §3.3.5 says a repeated time means its first occurrence, but
 * clients disagree (ical.js, for one, reads the second), so such times are not written with a TZID at all.
 */
function vtimezoneInstantOf(observances: Observance[], wall: number): number | null {
  const offsets = new Set(observances.flatMap((o) => [o.from, o.to]))
  const found: number[] = []
  for (const offset of offsets) {
    const instant = wall - offset * 60_000
    if (vtimezoneOffsetAt(observances, instant) === offset) found.push(instant)
  }
  return found.length === 1 ? found[0]! : null
}

const observanceCache = new Map<string, Observance[] | null>()

function observancesOf(zone: string): Observance[] | null {
  if (!observanceCache.has(zone)) {
    const component = getVtimezoneComponent(zone)
    observanceCache.set(zone, component ? parseVtimezone(component) : null)
  }
  return observanceCache.get(zone)!
}

/**
 * Whether `instant`, written as wall time with TZID=zone and the bundled VTIMEZONE, reads back as itself in every
 * client: the VTIMEZONE agrees with the time zone database there, and the wall time is not ambiguous.
 */
export function isRepresentableInZone(instant: Date, zone: string): boolean {
  const observances = observancesOf(zone)
  if (!observances) return false
  const seconds = Math.floor(instant.getTime() / 1000) * 1000
  const local = DateTime.fromMillis(seconds, { zone })
  if (!local.isValid) return false
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  return vtimezoneInstantOf(observances, wall) === seconds
}

/** The zone to write an entry in (its TZID), or null to write it in UTC. */
function entryZone(zone: string, instants: Date[]): string | null {
  if (zone === 'UTC' || zone === 'Etc/UTC') return null
  return instants.every((instant) => isRepresentableInZone(instant, zone)) ? zone : null
}

function timedFields(start: Date, end: Date, zone: string): Pick<ICalEventData, 'start' | 'end' | 'timezone'> {
  const tz = entryZone(zone, [start, end])
  if (!tz) return { start, end, timezone: null }
  // Luxon values in the event's zone: ical-generator formats JS Dates with the server's zone.
  return { start: DateTime.fromJSDate(start, { zone: tz }), end: DateTime.fromJSDate(end, { zone: tz }), timezone: tz }
}

// ---------------------------------------------------------------------------------------------------------------
// Entries

function newCalendar(name: string): ICalCalendar {
  return ical({
    prodId: PRODID,
    // NAME and X-WR-CALNAME are written unescaped by ical-generator.
    name: escape(name, false),
    // No calendar-wide zone (it would make DTSTAMP local time): each entry names its own, and the generator adds
    // one VTIMEZONE per TZID used.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: TTL_SECONDS,
  })
}

function render(calendar: ICalCalendar): string {
  // Every content line ends with CRLF, the last one too (RFC 5545 §3.1).
  return `${calendar.toString()}\r\n`
}

function siteHost(): string {
  return new URL(appBaseUrl()).host
}

function absolute(path: string): string {
  return new URL(path, appBaseUrl()).toString()
}

export function eventUrl(slug: string): string {
  return absolute(eventPath(slug))
}

export function sessionUrl(slug: string, sessionId: number): string {
  return absolute(sessionPath(slug, sessionId))
}

/** An event's UID: stable across renames and moves, distinct between Convene sites. */
function eventUid(eventId: number): string {
  return `event-${eventId}@${siteHost()}`
}

/** A SEQUENCE for an entry without a stored one: grows with every change (minutes since 2024). */
function sequenceFrom(changedAt: Date): number {
  return Math.max(0, Math.floor((changedAt.getTime() - Date.UTC(2024, 0, 1)) / 60_000))
}

function latest(...dates: (Date | null | undefined)[]): Date | null {
  let found: Date | null = null
  for (const d of dates) if (d && (!found || d > found)) found = d
  return found
}

function speakerText(speakers: Speaker[]): string {
  return speakers.map((s) => (s.affiliation ? `${s.name} (${s.affiliation})` : s.name)).join(', ')
}

function venueText(event: Pick<FeedEvent, 'venue_name' | 'venue_address' | 'location_kind'>): string | null {
  if (event.location_kind === 'online') return null
  return [event.venue_name, event.venue_address].filter(Boolean).join(', ') || null
}

type SessionExtras = { meetingUrl?: string | null; recordingUrl?: string | null }

function sessionEntry(event: FeedEvent, s: PublishedSession, extras: SessionExtras = {}): ICalEventData {
  const cancelled = s.status === 'cancelled'
  const url = sessionUrl(event.slug, s.session_id)
  const description = [
    cancelled ? 'This session has been cancelled.' : null,
    s.abstract_md.trim() || null,
    s.speakers.length ? `Speakers: ${speakerText(s.speakers)}` : null,
    s.track ? `Track: ${s.track}` : null,
    extras.meetingUrl ? `Join online: ${extras.meetingUrl}` : null,
    extras.recordingUrl ? `Recording: ${extras.recordingUrl}` : null,
    `${event.title}: ${url}`,
  ]
    .filter(Boolean)
    .join('\n\n')
  const location = [s.room, event.location_kind === 'online' ? null : event.venue_name].filter(Boolean).join(', ')
  return {
    id: `${s.uid}@convene`,
    sequence: s.sequence,
    stamp: s.last_modified,
    lastModified: s.last_modified,
    ...timedFields(s.starts_at, s.ends_at, event.time_zone),
    summary: cancelled ? `Cancelled: ${s.title}` : s.title,
    description,
    location: location || null,
    url,
    categories: [...new Set([SESSION_KIND_LABELS[s.kind], s.track].filter((c): c is string => !!c))].map((name) => ({
      name,
    })),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: cancelled ? ICalEventTransparency.TRANSPARENT : null,
  }
}

type EventEntryOptions = {
  summary?: string
  status?: ICalEventStatus
  changedAt?: Date
  meetingUrl?: string | null
}

function eventEntry(event: FeedEvent, options: EventEntryOptions = {}): ICalEventData {
  const cancelled = event.status === 'cancelled'
  const url = eventUrl(event.slug)
  const changedAt = options.changedAt ?? event.updated_at
  const online = options.meetingUrl ? `Join online: ${options.meetingUrl}` : null
  return {
    id: eventUid(event.id),
    sequence: sequenceFrom(changedAt),
    stamp: changedAt,
    lastModified: changedAt,
    ...timedFields(event.starts_at, event.ends_at, event.time_zone),
    summary: options.summary ?? (cancelled ? `Cancelled: ${event.title}` : event.title),
    description: [cancelled ? 'This event has been cancelled.' : null, event.summary_md.trim() || null, online, url]
      .filter(Boolean)
      .join('\n\n'),
    location: (event.location_kind === 'online' ? options.meetingUrl : venueText(event)) || null,
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : options.status ?? ICalEventStatus.CONFIRMED,
  }
}

/**
 * An entry for the community calendar: a multi-day summit as all-day dates (DTEND the day after the last, as
 * RFC 5545 wants), a one-day one as a timed entry in its zone.
 */
function communityEntry(event: FeedEvent): ICalEventData {
  const first = DateTime.fromJSDate(event.starts_at, { zone: event.time_zone }).startOf('day')
  // An event ending at midnight ends on the day before.
  const last = DateTime.fromJSDate(new Date(event.ends_at.getTime() - 1), { zone: event.time_zone }).startOf('day')
  const entry = eventEntry(event)
  if (last <= first) return entry
  return {
    ...entry,
    allDay: true,
    timezone: null,
    // Plain dates in the event's zone (ical-generator keeps a luxon value's own zone for DATE values).
    start: first,
    end: last.plus({ days: 1 }),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Feeds

/** The agenda of one published event: the event itself and its published sessions, optionally of one track. */
/**
 * Built feeds by event and track, reused while the event and its published agenda are unchanged: a calendar
 * client polling a 300-session feed must not cost a full rebuild (or even a hash) per poll.
 */
const eventFeedCache = new Map<string, { fingerprint: string; feed: CalendarFeed }>()
const EVENT_FEED_CACHE_SIZE = 200

export async function eventCalendar(
  eventSlug: string,
  options: { track?: string | null } = {},
): Promise<CalendarFeed | undefined> {
  const event = await getPublicEventBySlug(eventSlug)
  if (!event) return undefined
  const track = options.track?.trim() || null
  const key = `${event.id}|${track?.toLowerCase() ?? ''}`
  const [published, recordings] = await Promise.all([
    publishedFingerprint(event.id),
    linkedRecordingsForEvent(event.id),
  ])
  const recordingsKey = [...recordings].map(([sessionId, r]) => `${sessionId}:${r.videoId}`).join(',')
  const fingerprint = `${event.updated_at.getTime()}|${event.status}|${published}|${recordingsKey}|${absolute('/')}`
  const cached = eventFeedCache.get(key)
  if (cached?.fingerprint === fingerprint) return cached.feed

  const sessions = await listPublishedSessions(event.id)
  const shown = track ? sessions.filter((s) => (s.track ?? '').toLowerCase() === track.toLowerCase()) : sessions
  const calendar = newCalendar(track ? `${event.title}: ${track} — ${SITE}` : `${event.title} — ${SITE}`)
  calendar.url(eventUrl(event.slug))
  calendar.createEvent(eventEntry(event))
  for (const s of shown)
    calendar.createEvent(sessionEntry(event, s, { recordingUrl: recordings.get(s.session_id)?.url }))
  const ics = render(calendar)
  const feed: CalendarFeed = {
    ics,
    etag: strongEtag(ics),
    // Over all sessions, not only the track's: a session moved out of the track changes this feed too.
    lastModified: latest(event.updated_at, ...sessions.map((s) => s.last_modified)),
    filename: track ? `${event.slug}-${slugify(track)}.ics` : `${event.slug}.ics`,
  }
  if (eventFeedCache.size >= EVENT_FEED_CACHE_SIZE) eventFeedCache.delete(eventFeedCache.keys().next().value!)
  eventFeedCache.set(key, { fingerprint, feed })
  return feed
}

/** Every published or cancelled summit, one entry each. */
export async function communityCalendar(): Promise<CalendarFeed> {
  const [{ upcoming, past }, changed] = await Promise.all([listPublicEvents(), latestEventChange()])
  // One order whatever the day: upcoming/past depends on "now", the bytes must not.
  const events: PublicEvent[] = [...upcoming, ...past].sort(
    (a, b) => a.starts_at.getTime() - b.starts_at.getTime() || a.id - b.id,
  )
  const calendar = newCalendar(`Summits — ${SITE}`)
  calendar.url(absolute('/'))
  for (const event of events) calendar.createEvent(communityEntry(event))
  return { ics: render(calendar), lastModified: changed, filename: 'convene-summits.ics' }
}

/**
 * One person's calendar, behind their feed token: their event while they are confirmed (or waitlisted, marked
 * tentative) and the sessions they starred; the private meeting link only while confirmed. Undefined for an
 * unknown token.
 *
 * `lastModified` is null: removing a star leaves no timestamp behind, so only the ETag can tell whether this feed
 * changed.
 */
export async function personalCalendar(feedToken: string): Promise<CalendarFeed | undefined> {
  const registrationId = await getRegistrationIdByFeedToken(feedToken)
  if (registrationId === undefined) return undefined
  const data = await getPersonalFeedData(registrationId)
  if (!data) return undefined
  const { registration, event, starred } = data
  const calendar = newCalendar(`${event.title} (my agenda) — ${SITE}`)
  calendar.url(eventUrl(event.slug))
  const visible = event.status !== 'draft'
  const confirmed = registration.status === 'confirmed'
  const waitlisted = registration.status === 'waitlisted'
  const meetingUrl = confirmed && event.location_kind !== 'in_person' ? event.online_url : null
  if (visible && (confirmed || waitlisted)) {
    calendar.createEvent(
      eventEntry(event, {
        summary: event.status === 'cancelled' ? undefined : waitlisted ? `${event.title} (waiting list)` : undefined,
        status: waitlisted ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        changedAt: latest(event.updated_at, registration.updated_at) ?? event.updated_at,
        meetingUrl,
      }),
    )
  }
  // A cancelled or declined registration keeps its feed URL working, with nothing in it.
  if (visible && (confirmed || waitlisted || registration.status === 'pending')) {
    for (const s of starred) calendar.createEvent(sessionEntry(event, s, { meetingUrl }))
  }
  return { ics: render(calendar), lastModified: null, filename: `${event.slug}-my-agenda.ics` }
}

/** Newest change of any event, drafts included, so an event leaving the public list also counts. */
async function latestEventChange(): Promise<Date | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('updated_at').as('latest'))
    .executeTakeFirst()
  const value: Date | string | null | undefined = row?.latest
  return value ? new Date(value) : null
}

function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'track'
  )
}
