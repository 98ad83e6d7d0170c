import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateDown, migrateToLatest } from '#db/migrate'
import { migrations } from '#db/migrations'
import { db } from '~/utils/db.server'

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name`.execute(db)
  return rows.map((r) => r.table_name)
}

describe('migrations', () => {
  it('go down and up again to the same tables', async () => {
    const before = await tables()
    expect(before).toEqual(expect.arrayContaining(['events', 'users', 'event_organizers', 'rate_limits']))
    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(db)
    expect(await tables()).toEqual([])
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations))
    expect(await tables()).toEqual(before)
    expect(await migrateToLatest(db)).toEqual([])
  })
})
