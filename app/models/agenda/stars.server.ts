import { randomBytes } from 'node:crypto'
import { db } from '~/utils/db.server'
import { publicContentChanged } from '../operations/public-content.server'

/** Stars a published session of the registration's event for the personal agenda. */
export async function starSession(registrationId: number, eventId: number, sessionId: number): Promise<boolean> {
  const published = await db
    .selectFrom('published_sessions')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  if (!published) return false
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('session_stars')
      .values({ registration_id: registrationId, session_id: sessionId })
      .onConflict((oc) => oc.doNothing())
      .execute()
    // Their personal feed shows their stars.
    await publicContentChanged(trx, { registrationId })
  })
  return true
}

export async function unstarSession(registrationId: number, sessionId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('session_stars')
      .where('registration_id', '=', registrationId)
      .where('session_id', '=', sessionId)
      .execute()
    await publicContentChanged(trx, { registrationId })
  })
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
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('registrations').set({ feed_token: token }).where('id', '=', registrationId).execute()
    // The old address must stop answering at once, from memory too.
    await publicContentChanged(trx, { registrationId })
  })
  return token
}

export async function getRegistrationIdByFeedToken(token: string): Promise<number | undefined> {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined
  const row = await db.selectFrom('registrations').select('id').where('feed_token', '=', token).executeTakeFirst()
  return row?.id
}
