import { randomBytes } from 'node:crypto'
import { db } from '~/utils/db.server'
import type { PublicUser } from './user.server'

export const AUTH_SESSION_DAYS = 14

export async function createAuthSession(userId: number): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + AUTH_SESSION_DAYS * 24 * 3600 * 1000)
  await db.insertInto('auth_sessions').values({ id, user_id: userId, expires_at: expiresAt }).execute()
  return { id, expiresAt }
}

/** The user of a live session; expired sessions count as none. */
export async function getAuthSessionUser(sessionId: string): Promise<PublicUser | undefined> {
  return db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.is_admin'])
    .where('auth_sessions.id', '=', sessionId)
    .where('auth_sessions.expires_at', '>', new Date())
    .executeTakeFirst()
}

export async function deleteAuthSession(sessionId: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('id', '=', sessionId).execute()
}

export async function deleteExpiredAuthSessions(): Promise<number> {
  const result = await db.deleteFrom('auth_sessions').where('expires_at', '<=', new Date()).executeTakeFirst()
  return Number(result.numDeletedRows)
}
