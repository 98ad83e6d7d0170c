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
import { eventPath, sessionPath } from '~/utils/paths'
import { SESSION_KIND_LABELS } from '../agenda/session-schema'
import { recordingLinkTitle } from '../recordings/facade'
import type { PublicEvent } from '../events/event.server'
import type { PersonalFeedData } from './personal-feed.server'
import { latest } from './latest'
import { entryZone } from './vtimezone'

/**
 * iCalendar (RFC 5545) text of the agenda, from loaded rows to bytes. `baseUrl` is the site's public origin:
 * links and event UIDs are built from it.
 *
 * - Times carry the event's TZID with its VTIMEZONE (never floating, never the server's zone), unless the bundled
 *   VTIMEZONE would make some client read another instant (see ./vtimezone): then the entry is written in UTC,
 *   which every client reads right.
 * - UIDs never change (a session's random uid; an event's id and this site's host), SEQUENCE is the published
 *   sequence, and DTSTAMP/LAST-MODIFIED come from the content, never from "now": the same content gives the same
 *   bytes on every web instance, so ETags agree and clients see no spurious changes.
 * - Cancelled sessions stay in the feed with STATUS:CANCELLED, so calendars remove or strike them.
 */

const PRODID = '//Convene//Convene calendar feeds//EN'
const TTL_SECONDS = 60 * 60
const SITE = 'Convene'

type FeedEvent = PublicEvent

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

function absolute(baseUrl: string, path: string): string {
  return new URL(path, baseUrl).toString()
}

function eventUrl(baseUrl: string, slug: string): string {
  return absolute(baseUrl, eventPath(slug))
}

function sessionUrl(baseUrl: string, slug: string, sessionId: number): string {
  return absolute(baseUrl, sessionPath(slug, sessionId))
}

/** An event's UID: stable across renames and moves, distinct between Convene sites. */
function eventUid(baseUrl: string, eventId: number): string {
  return `event-${eventId}@${new URL(baseUrl).host}`
}

/** A SEQUENCE for an entry without a stored one: grows with every change (minutes since 2024). */
function sequenceFrom(changedAt: Date): number {
  return Math.max(0, Math.floor((changedAt.getTime() - Date.UTC(2024, 0, 1)) / 60_000))
}

function speakerText(speakers: Speaker[]): string {
  return speakers.map((s) => (s.affiliation ? `${s.name} (${s.affiliation})` : s.name)).join(', ')
}

function venueText(event: Pick<FeedEvent, 'venue_name' | 'venue_address' | 'location_kind'>): string | null {
  if (event.location_kind === 'online') return null
  return [event.venue_name, event.venue_address].filter(Boolean).join(', ') || null
}

/** A linked recording as an entry's description lists it: `url` at the session's start in the video. */
export type FeedRecording = { url: string; partLabel: string | null }

/** A session's slide, file or link as its entry lists it: an absolute address. */
export type FeedAttachment = { title: string; url: string }

type SessionExtras = {
  meetingUrl?: string | null
  recordings?: readonly FeedRecording[]
  attachments?: readonly FeedAttachment[]
}

function sessionEntry(
  baseUrl: string,
  event: FeedEvent,
  s: PublishedSession,
  extras: SessionExtras = {},
): ICalEventData {
  const cancelled = s.status === 'cancelled'
  const url = sessionUrl(baseUrl, event.slug, s.session_id)
  const description = [
    cancelled ? 'This session has been cancelled.' : null,
    s.abstract_md.trim() || null,
    s.speakers.length ? `Speakers: ${speakerText(s.speakers)}` : null,
    s.track ? `Track: ${s.track}` : null,
    extras.meetingUrl ? `Join online: ${extras.meetingUrl}` : null,
    extras.recordings?.length ? extras.recordings.map((r) => `${recordingLinkTitle(r)}: ${r.url}`).join('\n') : null,
    extras.attachments?.length
      ? ['Slides and attachments:', ...extras.attachments.map((a) => `- ${a.title}: ${a.url}`)].join('\n')
      : null,
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
    // ATTACH by address (RFC 5545 §3.8.1.1); ical-generator writes no FMTTYPE, which is optional. It escapes the
    // value as text, which would put backslashes into an address: what it would escape is percent-encoded first.
    attachments: extras.attachments?.map((a) => a.url.replace(/[,;\\]/g, encodeURIComponent)) ?? [],
  }
}

type EventEntryOptions = {
  summary?: string
  status?: ICalEventStatus
  changedAt?: Date
  meetingUrl?: string | null
}

function eventEntry(baseUrl: string, event: FeedEvent, options: EventEntryOptions = {}): ICalEventData {
  const cancelled = event.status === 'cancelled'
  const url = eventUrl(baseUrl, event.slug)
  const changedAt = options.changedAt ?? event.updated_at
  const online = options.meetingUrl ? `Join online: ${options.meetingUrl}` : null
  return {
    id: eventUid(baseUrl, event.id),
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
function communityEntry(baseUrl: string, event: FeedEvent): ICalEventData {
  const first = DateTime.fromJSDate(event.starts_at, { zone: event.time_zone }).startOf('day')
  // An event ending at midnight ends on the day before.
  const last = DateTime.fromJSDate(new Date(event.ends_at.getTime() - 1), { zone: event.time_zone }).startOf('day')
  const entry = eventEntry(baseUrl, event)
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
// Calendars

/** The agenda of one event: the event itself and its published sessions, optionally only those of one track. */
export function eventCalendarIcs(input: {
  baseUrl: string
  event: FeedEvent
  sessions: PublishedSession[]
  /** Sessions of this track only (any case); null for all. */
  track: string | null
  /** Linked recordings by session id, each session's in order. */
  recordings: ReadonlyMap<number, readonly FeedRecording[]>
  /** Attachments by session id, each session's in order. */
  attachments?: ReadonlyMap<number, readonly FeedAttachment[]>
}): string {
  const { baseUrl, event, sessions, track, recordings } = input
  const shown = track ? sessions.filter((s) => (s.track ?? '').toLowerCase() === track.toLowerCase()) : sessions
  const calendar = newCalendar(track ? `${event.title}: ${track} — ${SITE}` : `${event.title} — ${SITE}`)
  calendar.url(eventUrl(baseUrl, event.slug))
  calendar.createEvent(eventEntry(baseUrl, event))
  for (const s of shown)
    calendar.createEvent(
      sessionEntry(baseUrl, event, s, {
        recordings: recordings.get(s.session_id),
        attachments: input.attachments?.get(s.session_id),
      }),
    )
  return render(calendar)
}

/**
 * One session, for "add to my calendar" from its page: the same entry (UID, SEQUENCE) as in the event's feed, so a
 * calendar that has both shows it once.
 */
export function sessionCalendarIcs(input: {
  baseUrl: string
  event: FeedEvent
  session: PublishedSession
  /** Its linked recordings, in order. */
  recordings?: readonly FeedRecording[]
  /** Its attachments, in order. */
  attachments?: readonly FeedAttachment[]
}): string {
  const { baseUrl, event, session, recordings } = input
  const calendar = newCalendar(`${session.title} — ${event.title}`)
  calendar.url(sessionUrl(baseUrl, event.slug, session.session_id))
  calendar.createEvent(sessionEntry(baseUrl, event, session, { recordings, attachments: input.attachments }))
  return render(calendar)
}

/** Every public summit, one entry each. */
export function communityCalendarIcs(baseUrl: string, publicEvents: FeedEvent[]): string {
  // One order whatever the day: upcoming/past depends on "now", the bytes must not.
  const events = [...publicEvents].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime() || a.id - b.id)
  const calendar = newCalendar(`Summits — ${SITE}`)
  calendar.url(absolute(baseUrl, '/'))
  for (const event of events) calendar.createEvent(communityEntry(baseUrl, event))
  return render(calendar)
}

/**
 * One person's calendar: their event while they are confirmed (or waitlisted, marked tentative) and the sessions
 * they starred, with their recordings; the private meeting link only while confirmed.
 */
export function personalCalendarIcs(
  baseUrl: string,
  { registration, event, starred, recordings }: PersonalFeedData,
): string {
  const calendar = newCalendar(`${event.title} (my agenda) — ${SITE}`)
  calendar.url(eventUrl(baseUrl, event.slug))
  const visible = event.status !== 'draft'
  const confirmed = registration.status === 'confirmed'
  const waitlisted = registration.status === 'waitlisted'
  const meetingUrl = confirmed && event.location_kind !== 'in_person' ? event.online_url : null
  if (visible && (confirmed || waitlisted)) {
    calendar.createEvent(
      eventEntry(baseUrl, event, {
        summary: event.status === 'cancelled' ? undefined : waitlisted ? `${event.title} (waiting list)` : undefined,
        status: waitlisted ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        changedAt: latest(event.updated_at, registration.updated_at),
        meetingUrl,
      }),
    )
  }
  // A cancelled or declined registration keeps its feed URL working, with nothing in it.
  if (visible && (confirmed || waitlisted || registration.status === 'pending')) {
    for (const s of starred)
      calendar.createEvent(sessionEntry(baseUrl, event, s, { meetingUrl, recordings: recordings.get(s.session_id) }))
  }
  return render(calendar)
}
