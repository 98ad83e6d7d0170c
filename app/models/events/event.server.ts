import type { Event, EventUpdate, NewEvent } from '#db/schema'
import { isUniqueViolation } from '#db/errors'
import { db } from '~/utils/db.server'
import { containsNul } from '~/utils/text'
import type { EventInput } from './schema'
import { fillFreedSeats } from '../registration/seats.server'
import { getUserByEmail, type PublicUser } from '../users/user.server'
import { DomainError } from '~/utils/domain-error'
import { publicContentChanged } from '../operations/public-content.server'

export class SlugTakenError extends DomainError<'slug_taken'> {
  constructor(readonly slug: string) {
    super(`The address /events/${slug} is already taken`, 'slug_taken')
  }
}

/** What public pages and the public API may show: no private meeting link. */
export const publicEventColumns = [
  'id',
  'slug',
  'title',
  'summary_md',
  'time_zone',
  'starts_at',
  'ends_at',
  'location_kind',
  'venue_name',
  'venue_address',
  'capacity',
  'registration_opens_at',
  'registration_closes_at',
  'status',
  'youtube_playlist_id',
  'youtube_channel_id',
  'in_person_capacity',
  'requires_approval',
  'updated_at',
] as const

export type PublicEvent = Pick<Event, (typeof publicEventColumns)[number]>
/** What lists of events (home page, organizer overview) show. */
const listColumns = [
  'id',
  'slug',
  'title',
  'summary_md',
  'time_zone',
  'starts_at',
  'ends_at',
  'location_kind',
  'venue_name',
  'status',
] as const

export type EventListItem = Pick<Event, (typeof listColumns)[number]>

function toRow(input: EventInput): Omit<NewEvent, 'id'> {
  return {
    slug: input.slug,
    title: input.title,
    summary_md: input.summary,
    time_zone: input.timeZone,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    location_kind: input.locationKind,
    venue_name: input.venueName,
    venue_address: input.venueAddress,
    online_url: input.onlineUrl,
    capacity: input.capacity,
    registration_opens_at: input.registrationOpensAt,
    registration_closes_at: input.registrationClosesAt,
    status: input.status,
    youtube_playlist_id: input.youtubePlaylistId,
    youtube_channel_id: input.youtubeChannelId,
    in_person_capacity: input.inPersonCapacity,
    requires_approval: input.requiresApproval,
  }
}

/** Published and cancelled events for the home page: upcoming (not yet ended) soonest first, past latest first. */
export async function listPublicEvents(now = new Date()): Promise<{ upcoming: PublicEvent[]; past: PublicEvent[] }> {
  const base = db.selectFrom('events').select(publicEventColumns).where('status', 'in', ['published', 'cancelled'])
  const [upcoming, past] = await Promise.all([
    base.where('ends_at', '>', now).orderBy('starts_at', 'asc').execute(),
    base.where('ends_at', '<=', now).orderBy('starts_at', 'desc').execute(),
  ])
  return { upcoming, past }
}

/** A published (or cancelled) event by slug; drafts do not exist for the public. */
export async function getPublicEventBySlug(slug: string): Promise<PublicEvent | undefined> {
  // A slug from the URL with a NUL names no event; PostgreSQL would refuse the query itself (a 500).
  if (containsNul(slug)) return undefined
  return db
    .selectFrom('events')
    .select(publicEventColumns)
    .where('slug', '=', slug)
    .where('status', 'in', ['published', 'cancelled'])
    .executeTakeFirst()
}

export async function getEventBySlug(slug: string): Promise<Event | undefined> {
  if (containsNul(slug)) return undefined
  return db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function getEventById(id: number): Promise<Event | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Every event an admin may manage, or the ones an organizer organizes; newest first. */
export async function listManagedEvents(user: PublicUser): Promise<EventListItem[]> {
  let query = db.selectFrom('events').select(listColumns).orderBy('starts_at', 'desc')
  if (!user.is_admin) {
    query = query.where('id', 'in', db.selectFrom('event_organizers').select('event_id').where('user_id', '=', user.id))
  }
  return query.execute()
}

export async function isEventOrganizer(userId: number, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom('event_organizers')
    .select('event_id')
    .where('user_id', '=', userId)
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  return row !== undefined
}

/** Creates the event with its creator as first organizer. */
export async function createEvent(input: EventInput, createdBy: number): Promise<Event> {
  try {
    return await db.transaction().execute(async (trx) => {
      const event = await trx.insertInto('events').values(toRow(input)).returningAll().executeTakeFirstOrThrow()
      await publicContentChanged(trx, { eventId: event.id })
      await trx.insertInto('event_organizers').values({ event_id: event.id, user_id: createdBy }).execute()
      return event
    })
  } catch (error) {
    if (isUniqueViolation(error, 'events_slug_key')) throw new SlugTakenError(input.slug)
    throw error
  }
}

/** Saves the event; seats it adds (a higher capacity) go to the waiting list in the same transaction. */
export async function updateEvent(id: number, input: EventInput): Promise<Event> {
  const changes: EventUpdate = { ...toRow(input), updated_at: new Date() }
  try {
    return await db.transaction().execute(async (trx) => {
      const event = await trx
        .updateTable('events')
        .set(changes)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await fillFreedSeats(trx, id)
      await publicContentChanged(trx, { eventId: id })
      return event
    })
  } catch (error) {
    if (isUniqueViolation(error, 'events_slug_key')) throw new SlugTakenError(input.slug)
    throw error
  }
}

export type EventOrganizer = { id: number; name: string; email: string }

export async function listEventOrganizers(eventId: number): Promise<EventOrganizer[]> {
  return db
    .selectFrom('event_organizers')
    .innerJoin('users', 'users.id', 'event_organizers.user_id')
    .select(['users.id', 'users.name', 'users.email'])
    .where('event_organizers.event_id', '=', eventId)
    .orderBy('event_organizers.created_at')
    .execute()
}

export class OrganizerError extends DomainError<'unknown_account' | 'last_organizer'> {}

export async function addEventOrganizer(eventId: number, email: string): Promise<EventOrganizer> {
  const user = await getUserByEmail(email)
  if (!user) {
    throw new OrganizerError(
      'No Convene account has this email. An admin can create one with `npm run admin -- create-user`.',
      'unknown_account',
    )
  }
  await db
    .insertInto('event_organizers')
    .values({ event_id: eventId, user_id: user.id })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return { id: user.id, name: user.name, email: user.email }
}

export async function removeEventOrganizer(eventId: number, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Lock the event's organizer rows so two concurrent removals cannot leave it with none.
    const organizers = await trx
      .selectFrom('event_organizers')
      .select('user_id')
      .where('event_id', '=', eventId)
      .forUpdate()
      .execute()
    if (!organizers.some((o) => o.user_id === userId)) return
    if (organizers.length <= 1) throw new OrganizerError('An event needs at least one organizer.', 'last_organizer')
    await trx.deleteFrom('event_organizers').where('event_id', '=', eventId).where('user_id', '=', userId).execute()
  })
}
