import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * A database of its own for one test file (or one test server): on PostgreSQL (TEST_DATABASE_URL) a fresh
 * schema reached through search_path; otherwise an embedded PGlite, in memory or in the given folder.
 */
export async function createTestDatabaseEnv(pgliteDir = 'memory://'): Promise<{
  env: Record<string, string | undefined>
  drop: () => Promise<void>
}> {
  const base = process.env.TEST_DATABASE_URL
  if (!base) return { env: { DATABASE_URL: undefined, DATA_DIR: pgliteDir }, drop: async () => {} }
  const schema = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: pgliteDir },
    drop: async () => {
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    },
  }
}

export function applyEnv(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
}
