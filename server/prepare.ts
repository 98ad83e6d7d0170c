import { migrateToLatest } from '#db/migrate'
import { databaseKind } from '#db/client'
import { env, EnvError } from '~/env.server'
import { db } from '~/utils/db.server'
import { EmbeddedDatabaseBusyError, lockEmbeddedDatabase } from './embedded-lock'

/**
 * What every entry point (server, CLIs) does first: validate the environment, take the embedded database's
 * lock when on PGlite, and migrate. Exits with a readable message, never a stack trace, on a known problem.
 * The web processes forked by the server pass `migrate: false`: their primary has migrated before forking them.
 */
export async function openDatabase(
  who: string,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<{ close: () => Promise<void>; applied: string[] }> {
  try {
    const { DATABASE_URL, DATA_DIR } = env()
    const release = DATABASE_URL ? async () => {} : await lockEmbeddedDatabase(DATA_DIR, who)
    const applied = migrate ? await migrateToLatest(db) : []
    let closed = false
    return {
      applied,
      close: async () => {
        if (closed) return
        closed = true
        await db.destroy()
        await release()
      },
    }
  } catch (error) {
    if (error instanceof EnvError || error instanceof EmbeddedDatabaseBusyError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

export function describeDatabase(): string {
  const { DATABASE_URL, DATA_DIR } = env()
  if (databaseKind({ databaseUrl: DATABASE_URL }) === 'pglite') return `embedded PGlite in ${DATA_DIR}`
  const url = new URL(DATABASE_URL ?? '')
  return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`
}
