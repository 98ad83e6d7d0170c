import type { PublishedSession, ScheduleChange, ScheduleVersion, Session } from '#db/schema'
import { db } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import { publicContentChanged } from '../operations/public-content.server'

export type ScheduleState = { version: number; publishedAt: Date | null; unpublishedChanges: number }

function sameTime(a: Date, b: Date) {
  return a.getTime() === b.getTime()
}

/** The difference between what the public sees and the working copy, as changelog entries. */
export function diffSchedule(published: PublishedSession[], working: Session[]): ScheduleChange[] {
  const before = new Map(published.map((p) => [p.session_id, p]))
  const changes: ScheduleChange[] = []
  for (const s of working) {
    const old = before.get(s.id)
    if (!old) {
      if (s.status === 'scheduled') {
        changes.push({
          type: 'added',
          sessionId: s.id,
          title: s.title,
          startsAt: s.starts_at.toISOString(),
          room: s.room,
        })
      }
      continue
    }
    if (old.status !== s.status) {
      changes.push({ type: s.status === 'cancelled' ? 'cancelled' : 'restored', sessionId: s.id, title: s.title })
    }
    if (
      !sameTime(old.starts_at, s.starts_at) ||
      !sameTime(old.ends_at, s.ends_at) ||
      (old.room ?? null) !== (s.room ?? null)
    ) {
      changes.push({
        type: 'moved',
        sessionId: s.id,
        title: s.title,
        from: { startsAt: old.starts_at.toISOString(), endsAt: old.ends_at.toISOString(), room: old.room },
        to: { startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(), room: s.room },
      })
    }
    if (old.title !== s.title) changes.push({ type: 'retitled', sessionId: s.id, from: old.title, to: s.title })
  }
  return changes
}

/** Whether a calendar client must treat the session as changed (RFC 5545 SEQUENCE). */
function needsNewSequence(old: PublishedSession, s: Session): boolean {
  return (
    !sameTime(old.starts_at, s.starts_at) ||
    !sameTime(old.ends_at, s.ends_at) ||
    (old.room ?? null) !== (s.room ?? null) ||
    old.title !== s.title ||
    old.status !== s.status
  )
}

function contentChanged(old: PublishedSession, s: Session): boolean {
  return (
    needsNewSequence(old, s) ||
    old.abstract_md !== s.abstract_md ||
    old.kind !== s.kind ||
    (old.track ?? null) !== (s.track ?? null) ||
    (old.capacity ?? null) !== (s.capacity ?? null) ||
    JSON.stringify(old.tags) !== JSON.stringify(s.tags) ||
    JSON.stringify(old.speakers) !== JSON.stringify(s.speakers)
  )
}

export async function scheduleState(eventId: number): Promise<ScheduleState> {
  const [latest, published, working] = await Promise.all([
    latestScheduleVersion(eventId),
    db.selectFrom('published_sessions').selectAll().where('event_id', '=', eventId).execute(),
    db.selectFrom('sessions').selectAll().where('event_id', '=', eventId).execute(),
  ])
  const byId = new Map(published.map((p) => [p.session_id, p]))
  const unpublished = working.filter((s) => {
    const old = byId.get(s.id)
    return old ? contentChanged(old, s) : s.status === 'scheduled'
  }).length
  return { version: latest?.version ?? 0, publishedAt: latest?.published_at ?? null, unpublishedChanges: unpublished }
}

/**
 * Makes the working agenda public as a new version: records the changelog and bumps SEQUENCE for sessions
 * whose time, place, title or status changed. Serialized per event by locking the event row.
 */
export async function publishSchedule(
  eventId: number,
  publishedBy: string,
  now = new Date(),
): Promise<{ version: number; changes: ScheduleChange[] }> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new Error(`There is no event ${eventId} to publish.`)
    const [published, working, latest] = await Promise.all([
      trx.selectFrom('published_sessions').selectAll().where('event_id', '=', eventId).execute(),
      trx
        .selectFrom('sessions')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('starts_at')
        .orderBy('id')
        .execute(),
      trx
        .selectFrom('schedule_versions')
        .select('version')
        .where('event_id', '=', eventId)
        .orderBy('version', 'desc')
        .executeTakeFirst(),
    ])
    const version = (latest?.version ?? 0) + 1
    const changes = diffSchedule(published, working)
    const before = new Map(published.map((p) => [p.session_id, p]))
    for (const s of working) {
      const old = before.get(s.id)
      // A session cancelled before it was ever published never reaches the public.
      if (!old && s.status === 'cancelled') continue
      if (old && !contentChanged(old, s)) continue
      const row = {
        event_id: eventId,
        uid: s.uid,
        title: s.title,
        abstract_md: s.abstract_md,
        kind: s.kind,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        room: s.room,
        track: s.track,
        capacity: s.capacity,
        tags: s.tags,
        speakers: JSON.stringify(s.speakers),
        status: s.status,
        version,
        last_modified: now,
      }
      if (old) {
        await trx
          .updateTable('published_sessions')
          .set({ ...row, sequence: needsNewSequence(old, s) ? old.sequence + 1 : old.sequence })
          .where('session_id', '=', s.id)
          .execute()
      } else {
        await trx
          .insertInto('published_sessions')
          .values({ session_id: s.id, ...row, sequence: 0 })
          .execute()
      }
    }
    await trx
      .insertInto('schedule_versions')
      .values({
        event_id: eventId,
        version,
        published_by: publishedBy,
        published_at: now,
        changes: JSON.stringify(changes),
      })
      .execute()
    await publicContentChanged(trx, { eventId })
    return { version, changes }
  })
}

/** The public agenda: sessions as last published (cancelled ones included, marked), in time order. */
export async function listPublishedSessions(eventId: number): Promise<PublishedSession[]> {
  return db
    .selectFrom('published_sessions')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('room')
    .orderBy('session_id')
    .execute()
}

export async function getPublishedSession(eventId: number, sessionId: number): Promise<PublishedSession | undefined> {
  return db
    .selectFrom('published_sessions')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst()
}

/** The newest published version of an event's agenda; undefined before the first publish. */
export async function latestScheduleVersion(
  eventId: number,
): Promise<Pick<ScheduleVersion, 'version' | 'published_at'> | undefined> {
  return db
    .selectFrom('schedule_versions')
    .select(['version', 'published_at'])
    .where('event_id', '=', eventId)
    .orderBy('version', 'desc')
    .executeTakeFirst()
}

/** Published versions, newest first, with their changelogs. */
export async function listScheduleVersions(eventId: number): Promise<ScheduleVersion[]> {
  return db
    .selectFrom('schedule_versions')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('version', 'desc')
    .execute()
}

/**
 * A cheap summary that changes whenever the published agenda does (any publish touches last_modified or the
 * count): lets feeds and pages reuse what they built for the same published state.
 */
export async function publishedFingerprint(eventId: number): Promise<string> {
  const row = await db
    .selectFrom('published_sessions')
    .select((eb) => [eb.fn.max('last_modified').as('latest'), eb.fn.countAll<number>().as('n')])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow()
  const latest = row.latest ? new Date(row.latest as Date | string).getTime() : 0
  return `${latest}:${row.n}`
}
