import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect, type KyselyPlugin } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'

export type DatabaseConfig = {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string
  poolSize?: number
  /**
   * Told of every error on a connection nobody is using at that moment (an idle connection the server
   * terminated, or one lost between two statements of a transaction). Such errors must never go unheard: an
   * EventEmitter 'error' without a listener ends the process.
   */
  onConnectionError?: (error: Error) => void
  plugins?: KyselyPlugin[]
}

export type DatabaseKind = 'postgres' | 'pglite'

export function databaseKind(config: Pick<DatabaseConfig, 'databaseUrl'>): DatabaseKind {
  return config.databaseUrl ? 'postgres' : 'pglite'
}

const INT8_OID = 20

/**
 * pg hands back bigint (count(*), sums) as strings while PGlite hands back numbers; both become numbers here,
 * once, so no caller has to care which database it runs on. Our counts never approach 2^53.
 */
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  }
}

export function pglitePath(dataDir: string): string {
  return dataDir.startsWith('memory://') ? dataDir : path.join(path.resolve(dataDir), 'pgdata')
}

/**
 * A pg Pool that survives the database going away. pg emits 'error' on the pool for an idle client the server
 * terminated (restart, failover, `pg_terminate_backend`, a pooler's idle timeout) and on a checked-out client
 * that loses its connection between queries; with no listener either one is an uncaught exception that takes
 * the whole process down. We listen on both: the broken client is discarded by the pool, the next request
 * connects afresh, and a request that meets the outage fails with an error `isDatabaseUnavailable` recognises
 * (answered 503). A connection attempt gives up after 5 s so requests do not pile up behind a dead host.
 */
export function createPool(config: DatabaseConfig & { databaseUrl: string }): pg.Pool {
  const onError = config.onConnectionError ?? ((error: Error) => console.warn(`database connection: ${error.message}`))
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.poolSize ?? 10,
    types: pgTypes(),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  })
  pool.on('error', onError)
  // A client in use has no pool listener (pg-pool removes its idle listener on checkout); ours stays for the
  // client's whole life. The query in flight, if any, still rejects with the error.
  pool.on('connect', (client) => client.on('error', onError))
  return pool
}

/** The PGlite instance behind each embedded database handle, for what Kysely does not offer (LISTEN). */
const embeddedInstances = new WeakMap<Kysely<Database>, () => Promise<PGlite>>()

/** The PGlite behind `db`, or undefined when `db` is on PostgreSQL. */
export function embeddedInstanceOf(db: Kysely<Database>): Promise<PGlite> | undefined {
  return embeddedInstances.get(db)?.()
}

export function createDatabase(config: DatabaseConfig): Kysely<Database> {
  if (config.databaseUrl) {
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPool({ ...config, databaseUrl: config.databaseUrl }) }),
      plugins: config.plugins,
    })
  }
  const dataPath = pglitePath(config.dataDir)
  let instance: Promise<PGlite> | undefined
  const open = () => {
    if (!dataPath.startsWith('memory://')) mkdirSync(dataPath, { recursive: true })
    return (instance ??= PGlite.create(dataPath))
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: open }), plugins: config.plugins })
  embeddedInstances.set(db, open)
  return db
}
