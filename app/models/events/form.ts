import type { Event } from '#db/schema'
import { instantToWallTime } from '~/utils/time'

/** The organizer form's values for an existing event: wall times in the event's zone. */
export function eventFormDefaults(event: Event): Record<string, string> {
  const wall = (d: Date | null) => (d ? instantToWallTime(d, event.time_zone) : '')
  return {
    slug: event.slug,
    title: event.title,
    summary: event.summary_md,
    timeZone: event.time_zone,
    startsAt: wall(event.starts_at),
    endsAt: wall(event.ends_at),
    registrationOpensAt: wall(event.registration_opens_at),
    registrationClosesAt: wall(event.registration_closes_at),
    locationKind: event.location_kind,
    venueName: event.venue_name ?? '',
    venueAddress: event.venue_address ?? '',
    onlineUrl: event.online_url ?? '',
    capacity: event.capacity?.toString() ?? '',
    inPersonCapacity: event.in_person_capacity?.toString() ?? '',
    requiresApproval: event.requires_approval ? 'on' : '',
    status: event.status,
    youtubePlaylistId: event.youtube_playlist_id ?? '',
    youtubeChannelId: event.youtube_channel_id ?? '',
  }
}
