import { randomBytes } from 'node:crypto'
import { db } from '~/utils/db.server'

/** Stars a published session of the registration's event for the personal agenda. */
export async function starSession(registrationId: number, eventId: number, sessionId: number): Promise<boolean> {
  const published = await db
    .selectFrom('published_sessions')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  if (!published) return false
  await db
    .insertInto('session_stars')
    .values({ registration_id: registrationId, session_id: sessionId })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return true
}

export async function unstarSession(registrationId: number, sessionId: number): Promise<void> {
  await db
    .deleteFrom('session_stars')
    .where('registration_id', '=', registrationId)
    .where('session_id', '=', sessionId)
    .execute()
}

export async function listStarredSessionIds(registrationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('session_stars')
    .select('session_id')
    .where('registration_id', '=', registrationId)
    .execute()
  return rows.map((r) => r.session_id)
}

/** The registration's calendar-feed token, created on first use (192 random bits). */
export async function ensureFeedToken(registrationId: number): Promise<string> {
  const row = await db
    .selectFrom('registrations')
    .select('feed_token')
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  if (row.feed_token) return row.feed_token
  return regenerateFeedToken(registrationId)
}

/** A new feed token; the old feed URL stops working at once. */
export async function regenerateFeedToken(registrationId: number): Promise<string> {
  const token = randomBytes(24).toString('base64url')
  await db.updateTable('registrations').set({ feed_token: token }).where('id', '=', registrationId).execute()
  return token
}

export async function getRegistrationIdByFeedToken(token: string): Promise<number | undefined> {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined
  const row = await db.selectFrom('registrations').select('id').where('feed_token', '=', token).executeTakeFirst()
  return row?.id
}
