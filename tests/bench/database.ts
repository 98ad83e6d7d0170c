import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { cleanupOnInterrupt } from './section'

export type BenchDatabase = {
  kind: 'PostgreSQL' | 'PGlite'
  /** Where it lives, for the output. */
  description: string
  /** What the app (in this process and in the server) needs to reach it. */
  env: { DATABASE_URL: string | undefined; DATA_DIR: string }
  /** Drops the schema (PostgreSQL) and removes the temporary DATA_DIR. */
  drop: () => Promise<void>
}

/**
 * A database of its own for one benchmark section: with DATABASE_URL set, a fresh schema in that database
 * reached through search_path (as tests/support/test-database.ts does for TEST_DATABASE_URL); otherwise, or when
 * `kind` asks for it, an embedded PGlite in a fresh temporary DATA_DIR. DATA_DIR is temporary on PostgreSQL
 * too: the server writes its generated session secret there.
 */
export async function createBenchDatabase(kind?: BenchDatabase['kind']): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-bench-'))
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true })
  const base = kind === 'PGlite' ? undefined : process.env.DATABASE_URL
  if (!base) {
    const drop = async () => {
      forget()
      removeDataDir()
    }
    const forget = cleanupOnInterrupt(drop)
    return {
      kind: 'PGlite',
      description: `embedded, in ${dataDir}`,
      env: { DATABASE_URL: undefined, DATA_DIR: dataDir },
      drop,
    }
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`
  try {
    await adminQuery(base, `create schema ${schema}`)
  } catch (error) {
    removeDataDir()
    throw error
  }
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const drop = async () => {
    forget()
    try {
      await adminQuery(base, `drop schema if exists ${schema} cascade`)
    } finally {
      removeDataDir()
    }
  }
  const forget = cleanupOnInterrupt(drop)
  return {
    kind: 'PostgreSQL',
    description: `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}, schema ${schema}`,
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop,
  }
}

async function adminQuery(connectionString: string, text: string) {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

async function loadApp() {
  const [
    { db },
    { migrateToLatest },
    { createUser },
    { createApiToken },
    { createEvent, getPublicEventBySlug },
    { EventInputSchema },
    { createSession },
    { sessionInputSchema },
    { publishSchedule, listPublishedSessions },
    { eventCalendar },
    { eventCalendarIcs },
    { appBaseUrl },
    { strongEtag },
  ] = await Promise.all([
    import('~/utils/db.server'),
    import('#db/migrate'),
    import('~/models/users/user.server'),
    import('~/models/users/api-token.server'),
    import('~/models/events/event.server'),
    import('~/models/events/schema'),
    import('~/models/agenda/session.server'),
    import('~/models/agenda/session-schema'),
    import('~/models/agenda/schedule.server'),
    import('~/models/feeds/calendar-feed.server'),
    import('~/models/feeds/ics'),
    import('~/utils/url.server'),
    import('~/utils/http-cache.server'),
  ])
  return {
    db,
    migrateToLatest,
    createUser,
    createApiToken,
    createEvent,
    EventInputSchema,
    createSession,
    sessionInputSchema,
    publishSchedule,
    listPublishedSessions,
    eventCalendar,
    eventCalendarIcs,
    getPublicEventBySlug,
    appBaseUrl,
    strongEtag,
  }
}

export type AppModules = Omit<Awaited<ReturnType<typeof loadApp>>, 'db' | 'migrateToLatest'>

let opened = false

/**
 * Migrates the database and hands `prepare` the app's own model functions, in this process, then closes the
 * connection (on PGlite the server must be the only process holding the folder).
 *
 * The app reads its environment once and keeps one database handle per process, so this works once per
 * process; tests/bench/run.ts runs each section in a process of its own for that reason.
 */
export async function prepareData<T>(database: BenchDatabase, prepare: (app: AppModules) => Promise<T>): Promise<T> {
  if (opened) throw new Error('prepareData() can run once per process: the app binds to the first database it opens')
  opened = true
  // Set before the first import of an app module: env() is read once and cached.
  const env: Record<string, string | undefined> = { ...database.env, LOG_LEVEL: 'silent', DEMO_DATA: 'never' }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  const { db, migrateToLatest, ...app } = await loadApp()
  try {
    await migrateToLatest(db)
    return await prepare(app)
  } finally {
    await db.destroy()
  }
}
