import { createHash, randomBytes } from 'node:crypto'
import { db } from '~/utils/db.server'
import type { PublicUser } from './user.server'

const TOKEN_PREFIX = 'cvn_'

// Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Creates a token and returns it in clear; only its hash is stored, so this is the one time it is seen. */
export async function createApiToken(userId: number, label: string): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  await db
    .insertInto('api_tokens')
    .values({ user_id: userId, label, token_hash: hashToken(token) })
    .execute()
  return token
}

export async function getUserByApiToken(token: string): Promise<PublicUser | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined
  const row = await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .returning('user_id')
    .executeTakeFirst()
  if (!row) return undefined
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'is_admin'])
    .where('id', '=', row.user_id)
    .executeTakeFirst()
}
