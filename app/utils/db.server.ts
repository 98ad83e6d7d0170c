import { createDatabase } from '#db/client'
import { env } from '~/env.server'
import { logger } from './logger.server'
import { singleton } from './singleton.server'

export const db = singleton('db', () => {
  const { DATABASE_URL, DATA_DIR } = env()
  return createDatabase({
    databaseUrl: DATABASE_URL,
    dataDir: DATA_DIR,
    // Expected during a database restart or failover; the pool reconnects on the next query.
    onConnectionError: (error) =>
      logger.warn({ code: (error as { code?: unknown }).code, reason: error.message }, 'a database connection was lost'),
  })
})

export type { Kysely, Transaction } from 'kysely'
