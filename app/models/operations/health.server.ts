import { sql } from 'kysely'
import { db } from '~/utils/db.server'

/** Throws unless the database answers a query. */
export async function checkDatabase(): Promise<void> {
  await sql`select 1`.execute(db)
}
