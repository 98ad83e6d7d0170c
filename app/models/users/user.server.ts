import { hash, verify } from '@node-rs/argon2'
import type { User } from '#db/schema'
import { db } from '~/utils/db.server'

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'is_admin'>

const publicColumns = ['id', 'email', 'name', 'is_admin'] as const

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

// argon2id with OWASP's second recommended profile (19 MiB, 2 passes).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function createUser(input: {
  email: string
  name: string
  password: string
  isAdmin?: boolean
}): Promise<PublicUser> {
  return db
    .insertInto('users')
    .values({
      email: input.email.trim(),
      name: input.name.trim(),
      password_hash: await hashPassword(input.password),
      is_admin: input.isAdmin ?? false,
    })
    .returning(publicColumns)
    .executeTakeFirstOrThrow()
}


export async function getUserByEmail(email: string): Promise<PublicUser | undefined> {
  return db
    .selectFrom('users')
    .select(publicColumns)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', normalizeEmail(email)))
    .executeTakeFirst()
}

// Verified against when the email is unknown, so a login takes as long whether or not the account exists.
let decoyHash: Promise<string> | undefined

/** The user whose email and password these are, or undefined. */
export async function verifyLogin(email: string, password: string): Promise<PublicUser | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...publicColumns, 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', normalizeEmail(email)))
    .executeTakeFirst()
  if (!row) {
    decoyHash ??= hashPassword('decoy password for timing')
    await verify(await decoyHash, password)
    return undefined
  }
  if (!(await verify(row.password_hash, password))) return undefined
  const { password_hash: _unused, ...user } = row
  return user
}

export async function setUserPassword(userId: number, password: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', userId)
    .execute()
}

export async function countUsers(): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return n
}
