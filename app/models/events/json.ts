import type { Event } from '#db/schema'
import { toZonedIso } from '~/utils/time'
import type { PublicEvent } from './event.server'
import { eventPath } from '~/utils/paths'

/** The API's view of an event: times in ISO 8601 with the event zone's offset. */
export function eventToJson(event: PublicEvent, baseUrl: string) {
  const iso = (d: Date | null) => (d ? toZonedIso(d, event.time_zone) : null)
  return {
    slug: event.slug,
    title: event.title,
    summary: event.summary_md,
    timeZone: event.time_zone,
    startsAt: iso(event.starts_at),
    endsAt: iso(event.ends_at),
    locationKind: event.location_kind,
    venueName: event.venue_name,
    venueAddress: event.venue_address,
    capacity: event.capacity,
    inPersonCapacity: event.in_person_capacity,
    requiresApproval: event.requires_approval,
    registrationOpensAt: iso(event.registration_opens_at),
    registrationClosesAt: iso(event.registration_closes_at),
    status: event.status,
    youtubePlaylistId: event.youtube_playlist_id,
    youtubeChannelId: event.youtube_channel_id,
    url: new URL(eventPath(event.slug), baseUrl).toString(),
    updatedAt: event.updated_at.toISOString(),
  }
}

/** The organizer's view: adds what only organizers may see. */
export function managedEventToJson(event: Event, baseUrl: string) {
  return { ...eventToJson(event, baseUrl), onlineUrl: event.online_url }
}

/** The body a PATCH starts from: the stored event in the input's shape, so unspecified fields stay. */
export function eventAsInput(event: Event): Record<string, unknown> {
  const { url: _url, updatedAt: _updatedAt, ...input } = managedEventToJson(event, 'http://localhost')
  return input
}
