import { sql, type Kysely } from 'kysely'
import { Migrator, type MigrationResultSet } from 'kysely/migration'
import { migrations } from './migrations'
import type { Database } from './schema'

/**
 * Kysely looks for its bookkeeping tables in every schema but creates them in the first one on search_path;
 * naming the current schema keeps databases that share a server apart (per-test schemas, several apps).
 */
async function migrator(db: Kysely<Database>) {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: rows[0]?.schema ?? 'public',
  })
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateToLatest())
}

export async function migrateDown(db: Kysely<Database>): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateDown())
}
