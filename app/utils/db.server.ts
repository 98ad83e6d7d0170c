import { createDatabase } from '#db/client'
import { env } from '~/env.server'
import type { KyselyPlugin } from 'kysely'
import { logger } from './logger.server'
import { currentRequestScope } from './request-scope.server'
import { singleton } from './singleton.server'

/**
 * Counts the statements each request sends, in its request scope: the server reports them under NODE_ENV=test,
 * and the tests prove with them that a cached answer touches no database (server/published-cache).
 */
const countStatementsPerRequest: KyselyPlugin = {
  transformQuery({ node }) {
    const scope = currentRequestScope()
    if (scope) scope.queries++
    return node
  },
  transformResult: async ({ result }) => result,
}

export const db = singleton('db', () => {
  const { DATABASE_URL, DATA_DIR } = env()
  return createDatabase({
    databaseUrl: DATABASE_URL,
    dataDir: DATA_DIR,
    // Expected during a database restart or failover; the pool reconnects on the next query.
    onConnectionError: (error) =>
      logger.warn({ code: (error as { code?: unknown }).code, reason: error.message }, 'a database connection was lost'),
    plugins: [countStatementsPerRequest],
  })
})

export type { Kysely, Transaction } from 'kysely'
