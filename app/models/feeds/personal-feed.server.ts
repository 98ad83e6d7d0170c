import type { Event, PublishedSession, Registration } from '#db/schema'
import { db } from '~/utils/db.server'
import { publicEventColumns, type PublicEvent } from '../events/event.server'
import { linkedRecordingsForEvent, type RecordingLink } from '../recordings/links.server'

export type PersonalFeedEvent = PublicEvent & Pick<Event, 'online_url'>

export type PersonalFeedData = {
  registration: Pick<Registration, 'id' | 'status' | 'attendance_mode' | 'updated_at'>
  event: PersonalFeedEvent
  /** The published sessions this registration starred, in time order (cancelled ones included). */
  starred: PublishedSession[]
  /** The event's linked recordings by session id, each session's in order. */
  recordings: ReadonlyMap<number, RecordingLink[]>
}

/** What a personal calendar feed shows: the registration, its event (with the private meeting link) and its stars. */
export async function getPersonalFeedData(registrationId: number): Promise<PersonalFeedData | undefined> {
  const registration = await db
    .selectFrom('registrations')
    .select(['id', 'event_id', 'status', 'attendance_mode', 'updated_at'])
    .where('id', '=', registrationId)
    .executeTakeFirst()
  if (!registration) return undefined
  const [event, starred, recordings] = await Promise.all([
    db
      .selectFrom('events')
      .select([...publicEventColumns, 'online_url'])
      .where('id', '=', registration.event_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('published_sessions')
      .innerJoin('session_stars', 'session_stars.session_id', 'published_sessions.session_id')
      .selectAll('published_sessions')
      .where('session_stars.registration_id', '=', registrationId)
      .where('published_sessions.event_id', '=', registration.event_id)
      .orderBy('published_sessions.starts_at')
      .orderBy('published_sessions.room')
      .orderBy('published_sessions.session_id')
      .execute(),
    linkedRecordingsForEvent(registration.event_id),
  ])
  const { event_id: _eventId, ...rest } = registration
  return {
    registration: rest,
    event,
    starred,
    recordings,
  }
}
