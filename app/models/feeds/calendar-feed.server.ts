import type { PublishedSession } from '#db/schema'
import { strongEtag } from '~/utils/http-cache.server'
import { db } from '~/utils/db.server'
import { slugify } from '~/utils/slug'
import { appBaseUrl } from '~/utils/url.server'
import { getPublicEventBySlug, listPublicEvents, type PublicEvent } from '../events/event.server'
import { linkedRecordingsForEvent, recordingsForSession } from '../recordings/links.server'
import { attachmentsForEvent, listSessionAttachments } from '../attachments/attachments.server'
import { publicAttachmentLink, publicAttachmentLinks } from '../attachments/exports'
import { listPublishedSessions, publishedFingerprint } from '../agenda/schedule.server'
import { getRegistrationIdByFeedToken } from '../agenda/stars.server'
import { communityCalendarIcs, eventCalendarIcs, personalCalendarIcs, sessionCalendarIcs } from './ics'
import { latest } from './latest'
import { getPersonalFeedData } from './personal-feed.server'

/**
 * The iCalendar feeds as served: loads what each shows, has ./ics write it, and keeps the event feeds built for
 * each published state of their agenda.
 */

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

/**
 * Built feeds by event and track, reused while the event and its published agenda are unchanged: a calendar
 * client polling a 300-session feed must not cost a full rebuild (or even a hash) per poll.
 */
const eventFeedCache = new Map<string, { fingerprint: string; feed: CalendarFeed }>()
const EVENT_FEED_CACHE_SIZE = 200

/** The agenda of one public event: the event itself and its published sessions, optionally of one track. */
export async function eventCalendarFor(
  event: PublicEvent,
  options: { track?: string | null } = {},
): Promise<CalendarFeed> {
  const baseUrl = appBaseUrl()
  const track = options.track?.trim() || null
  const key = `${event.id}|${track?.toLowerCase() ?? ''}`
  const [published, recordings, attachmentRows] = await Promise.all([
    publishedFingerprint(event.id),
    linkedRecordingsForEvent(event.id),
    attachmentsForEvent(event.id),
  ])
  const attachments = publicAttachmentLinks(baseUrl, event.slug, attachmentRows)
  // Offsets and parts are in the entries' text: a changed one is a changed feed.
  const recordingsKey = [...recordings]
    .map(([sessionId, links]) => `${sessionId}:${links.map((r) => `${r.url}~${r.partLabel ?? ''}`).join(';')}`)
    .join(',')
  const siteRoot = new URL('/', baseUrl).toString()
  // Attachments are listed in the entries too (added, removed, renamed, moved).
  const attachmentsKey = [...attachments]
    .map(([sessionId, links]) => `${sessionId}:${links.map((a) => `${a.url}~${a.title}`).join(';')}`)
    .join(',')
  const fingerprint = `${event.updated_at.getTime()}|${
    event.status
  }|${published}|${recordingsKey}|${attachmentsKey}|${siteRoot}`
  const cached = eventFeedCache.get(key)
  if (cached?.fingerprint === fingerprint) return cached.feed

  const sessions = await listPublishedSessions(event.id)
  const ics = eventCalendarIcs({ baseUrl, event, sessions, track, recordings, attachments })
  const feed: CalendarFeed = {
    ics,
    etag: strongEtag(ics),
    // Over all sessions, not only the track's: a session moved out of the track changes this feed too.
    lastModified: latest(event.updated_at, ...sessions.map((s) => s.last_modified)),
    filename: track ? `${event.slug}-${slugify(track) || 'track'}.ics` : `${event.slug}.ics`,
  }
  if (eventFeedCache.size >= EVENT_FEED_CACHE_SIZE) eventFeedCache.delete(eventFeedCache.keys().next().value!)
  eventFeedCache.set(key, { fingerprint, feed })
  return feed
}

/** eventCalendarFor by slug; undefined for an unknown or draft event. For callers without the event at hand. */
export async function eventCalendar(
  eventSlug: string,
  options: { track?: string | null } = {},
): Promise<CalendarFeed | undefined> {
  const event = await getPublicEventBySlug(eventSlug)
  return event && eventCalendarFor(event, options)
}

/** One published session of a public event as a calendar file (the session page's "Apple / .ics" link). */
export async function sessionCalendar(event: PublicEvent, session: PublishedSession): Promise<CalendarFeed> {
  const baseUrl = appBaseUrl()
  const [recordings, attachmentRows] = await Promise.all([
    recordingsForSession(session.session_id),
    listSessionAttachments(session.session_id),
  ])
  const attachments = attachmentRows.map((a) => publicAttachmentLink(baseUrl, event.slug, a))
  const ics = sessionCalendarIcs({ baseUrl, event, session, recordings, attachments })
  return {
    ics,
    etag: strongEtag(ics),
    lastModified: latest(event.updated_at, session.last_modified),
    filename: `${event.slug}-${slugify(session.title) || 'session'}.ics`,
  }
}

/** Every published or cancelled summit, one entry each. */
export async function communityCalendar(): Promise<CalendarFeed> {
  const [{ upcoming, past }, changed] = await Promise.all([listPublicEvents(), latestEventChange()])
  const ics = communityCalendarIcs(appBaseUrl(), [...upcoming, ...past])
  return { ics, lastModified: changed, filename: 'convene-summits.ics' }
}

/**
 * One person's calendar, behind their feed token (see personalCalendarIcs for what it shows). Undefined for an
 * unknown token.
 *
 * `lastModified` is null: removing a star leaves no timestamp behind, so only the ETag can tell whether this feed
 * changed.
 */
export async function personalCalendar(
  feedToken: string,
): Promise<(CalendarFeed & { registrationId: number; eventId: number }) | undefined> {
  const registrationId = await getRegistrationIdByFeedToken(feedToken)
  if (registrationId === undefined) return undefined
  const data = await getPersonalFeedData(registrationId)
  if (!data) return undefined
  const ics = personalCalendarIcs(appBaseUrl(), data)
  return {
    ics,
    lastModified: null,
    filename: `${data.event.slug}-my-agenda.ics`,
    registrationId,
    eventId: data.event.id,
  }
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
