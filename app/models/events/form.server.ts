import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { Event } from '#db/schema'
import { instantToWallTime } from '~/utils/time'
import { EventInputSchema, type EventInput } from './schema'
import { createEvent, SlugTakenError, updateEvent } from './event.server'

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

/**
 * Validates the form and saves; on failure returns the conform reply (field messages, slug clashes) to show
 * beside the fields.
 */
export async function saveEventFromForm(
  formData: FormData,
  save: (input: EventInput) => Promise<Event>,
): Promise<{ ok: true; event: Event } | { ok: false; reply: SubmissionResult<string[]> }> {
  const submission = parseWithZod(formData, { schema: EventInputSchema })
  if (submission.status !== 'success') return { ok: false, reply: submission.reply() }
  try {
    return { ok: true, event: await save(submission.value) }
  } catch (error) {
    if (error instanceof SlugTakenError) {
      return { ok: false, reply: submission.reply({ fieldErrors: { slug: [error.message] } }) }
    }
    throw error
  }
}

export const createEventFromForm = (formData: FormData, userId: number) =>
  saveEventFromForm(formData, (input) => createEvent(input, userId))

export const updateEventFromForm = (formData: FormData, eventId: number) =>
  saveEventFromForm(formData, (input) => updateEvent(eventId, input))
