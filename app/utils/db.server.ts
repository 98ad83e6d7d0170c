import { createDatabase } from '#db/client'
import { env } from '~/env.server'
import { singleton } from './singleton.server'

export const db = singleton('db', () => {
  const { DATABASE_URL, DATA_DIR } = env()
  return createDatabase({ databaseUrl: DATABASE_URL, dataDir: DATA_DIR })
})

export type { Kysely, Transaction } from 'kysely'
