import { afterAll, beforeAll } from 'vitest'
import { applyEnv, createTestDatabaseEnv } from './test-database'

// Runs before each test file: a database of the file's own, migrated, so files never see each other's rows.
const testDatabase = await createTestDatabaseEnv()
// No SMTP from the developer's shell: tests that send email start their own SMTP server.
applyEnv({
  ...testDatabase.env,
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'x'.repeat(40),
  SMTP_URL: undefined,
  YOUTUBE_API_KEY: undefined,
  YOUTUBE_API_ROOT_URL: undefined,
})
for (const name of ['db', 'logger', 'session-secret', 'auth-session-storage', 'csrf', 'login-limiter']) {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for(`convene.${name}`)]
}

const { db } = await import('~/utils/db.server')
const { migrateToLatest } = await import('#db/migrate')

beforeAll(async () => {
  await migrateToLatest(db)
})

afterAll(async () => {
  await db.destroy()
  await testDatabase.drop()
})
