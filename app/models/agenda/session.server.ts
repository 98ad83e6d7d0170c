import type { Session } from '#db/schema'
import { db } from '~/utils/db.server'
import { findScheduleWarnings, type ScheduleWarning } from './conflicts'
import type { SessionInput } from './session-schema'
import { DomainError } from '~/utils/domain-error'

export class SessionError extends DomainError<'not_found' | 'published'> {}

function toRow(input: SessionInput) {
  return {
    title: input.title,
    abstract_md: input.abstract,
    kind: input.kind,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    room: input.room,
    track: input.track,
    capacity: input.capacity,
    tags: input.tags,
    speakers: JSON.stringify(input.speakers),
    status: input.status,
  }
}

/** The organizers' working copy of the agenda, in time order. */
export async function listSessions(eventId: number): Promise<Session[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('room')
    .orderBy('id')
    .execute()
}

export async function getSession(eventId: number, sessionId: number): Promise<Session | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
}

export async function createSession(eventId: number, input: SessionInput): Promise<Session> {
  return db
    .insertInto('sessions')
    .values({ event_id: eventId, ...toRow(input) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateSession(eventId: number, sessionId: number, input: SessionInput): Promise<Session> {
  const session = await db
    .updateTable('sessions')
    .set({ ...toRow(input), updated_at: new Date() })
    .where('event_id', '=', eventId)
    .where('id', '=', sessionId)
    .returningAll()
    .executeTakeFirst()
  if (!session) throw new SessionError('There is no such session.', 'not_found')
  return session
}

/** Deletes a session that was never published; published ones are cancelled instead, so feeds can say so. */
export async function deleteSession(eventId: number, sessionId: number): Promise<void> {
  const published = await db
    .selectFrom('published_sessions')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .executeTakeFirst()
  if (published)
    throw new SessionError('This session has been published: cancel it instead, so calendars learn of it.', 'published')
  const result = await db
    .deleteFrom('sessions')
    .where('event_id', '=', eventId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (Number(result.numDeletedRows) === 0) throw new SessionError('There is no such session.', 'not_found')
}

/** Room, speaker and date warnings for the event's working agenda. */
export async function scheduleWarnings(event: {
  id: number
  starts_at: Date
  ends_at: Date
}): Promise<ScheduleWarning[]> {
  const sessions = await listSessions(event.id)
  return findScheduleWarnings(
    { startsAt: event.starts_at, endsAt: event.ends_at },
    sessions.map((s) => ({
      id: s.id,
      title: s.title,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      room: s.room,
      speakers: s.speakers,
      status: s.status,
    })),
  )
}

/** The warnings that involve one session, for the API's answer about that session. */
export function warningsFor(warnings: ScheduleWarning[], sessionId: number): ScheduleWarning[] {
  return warnings.filter((w) => w.sessionIds.includes(sessionId))
}
