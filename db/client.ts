import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'

export type DatabaseConfig = {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string
  poolSize?: number
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

export function createDatabase(config: DatabaseConfig): Kysely<Database> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      types: pgTypes(),
    })
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  }
  const dataPath = pglitePath(config.dataDir)
  return new Kysely<Database>({
    dialect: new PGliteDialect({
      pglite: async () => {
        if (!dataPath.startsWith('memory://')) mkdirSync(dataPath, { recursive: true })
        return PGlite.create(dataPath)
      },
    }),
  })
}
