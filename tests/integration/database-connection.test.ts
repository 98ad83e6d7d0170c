import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/client'
import { isDatabaseUnavailable, isUnstorableText } from '#db/errors'
import type { Database } from '#db/schema'

describe('isDatabaseUnavailable', () => {
  it('knows an outage from a bad query', () => {
    expect(isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true)
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true)
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: { code: '57P03' } }))).toBe(true)
    expect(isDatabaseUnavailable({ code: '23505', message: 'duplicate key' })).toBe(false)
    expect(isDatabaseUnavailable({ code: '42P01', message: 'relation does not exist' })).toBe(false)
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false)
    expect(isUnstorableText({ code: '22021' })).toBe(true)
    expect(isUnstorableText({ code: '23505' })).toBe(false)
  })
})

// Terminating a connection needs a PostgreSQL server; PGlite runs inside this process and has none to drop.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('a pg pool whose connections the server terminates', () => {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  const lost: Error[] = []
  let noticeLoss: () => void = () => {}
  const db = createDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: 'memory://',
    poolSize: 2,
    onConnectionError: (error) => {
      lost.push(error)
      noticeLoss()
    },
  })
  const nextLoss = () => new Promise<void>((resolve) => (noticeLoss = resolve))
  const terminate = async (pid: number) => {
    await admin.query('select pg_terminate_backend($1)', [pid])
  }
  const backendPid = async (executor: Kysely<Database> = db) =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(executor)).rows[0]!.pid

  afterAll(async () => {
    await db.destroy()
    await admin.end()
  })

  it('survives an idle connection being terminated and connects afresh on the next query', async () => {
    await admin.connect()
    const pid = await backendPid() // the connection now waits idle in the pool
    const loss = nextLoss()
    await terminate(pid)
    await loss // without a listener this 'error' would have been an uncaught exception ending the process
    expect(lost.at(-1)?.message).toMatch(/terminat/i)
    const next = await backendPid()
    expect(next).not.toBe(pid)
  })

  it('survives a connection lost inside a transaction: the transaction fails as "unavailable", the pool goes on', async () => {
    const loss = nextLoss()
    const failure = await db
      .transaction()
      .execute(async (trx) => {
        const pid = await backendPid(trx)
        // Between two statements the client is checked out and no query is running: pg emits 'error' on the
        // client itself, which pg-pool does not listen to while the client is in use.
        await terminate(pid)
        await loss
        await sql`select 1`.execute(trx)
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(isDatabaseUnavailable(failure)).toBe(true)
    expect(await backendPid()).toBeGreaterThan(0)
  })
})
