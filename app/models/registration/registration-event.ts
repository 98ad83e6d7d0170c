import type { Event } from '#db/schema'

/** The event columns seat decisions, the manage page and registration emails need, to select. */
export const registrationEventColumns = [
  'id',
  'title',
  'slug',
  'time_zone',
  'starts_at',
  'ends_at',
  'location_kind',
  'venue_name',
  'venue_address',
  'online_url',
  'capacity',
  'in_person_capacity',
  'requires_approval',
  'status',
  'registration_opens_at',
  'registration_closes_at',
] as const

export type RegistrationEvent = Pick<Event, (typeof registrationEventColumns)[number]>
