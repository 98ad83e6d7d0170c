import { mkdirSync } from 'node:fs'
import path from 'node:path'
import lockfile from 'proper-lockfile'

export class EmbeddedDatabaseBusyError extends Error {}

/**
 * Only one process may open the embedded PGlite folder; a second one would corrupt it. The server and every
 * CLI take this lock first and refuse clearly when another process holds it. A crashed holder's lock goes
 * stale after 15 seconds.
 */
export async function lockEmbeddedDatabase(dataDir: string, who: string): Promise<() => Promise<void>> {
  if (dataDir.startsWith('memory://')) return async () => {}
  const dir = path.resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  try {
    return await lockfile.lock(dir, {
      lockfilePath: path.join(dir, 'convene.lock'),
      stale: 15_000,
      update: 5_000,
      realpath: false,
      onCompromised: (error) => {
        console.error(`The lock on the embedded database in ${dataDir} was lost (${error.message}); stopping ${who}.`)
        process.exit(1)
      },
    })
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new EmbeddedDatabaseBusyError(
        `Another Convene process (most likely the running server) holds the embedded database in ${dataDir}.\n` +
          `Only one process can open it at a time. Stop the server (Ctrl-C) and run ${who} again, ` +
          'or set DATABASE_URL to use PostgreSQL, where any number of processes can connect.',
      )
    }
    throw error
  }
}
