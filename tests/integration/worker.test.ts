import { randomBytes } from 'node:crypto'
import { parseCrontab, runMigrations, runOnce, makeWorkerUtils } from 'graphile-worker'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { runTask, TaskInputError } from '../../jobs/tasks'
import { CRONTAB, graphileTaskList } from '~/server/worker'

describe('task registry', () => {
  it('validates payloads and names', async () => {
    await expect(runTask('no-such-task', {})).rejects.toBeInstanceOf(TaskInputError)
    await expect(runTask('send-email', { unexpected: true })).rejects.toThrow(/Bad payload for send-email/)
    expect(await runTask('send-email', {})).toEqual({ sent: 0, failed: 0 })
  })

  it('has a crontab graphile-worker accepts, naming only known tasks', () => {
    const items = parseCrontab(CRONTAB)
    expect(items.length).toBeGreaterThan(0)
    const known = Object.keys(graphileTaskList())
    expect(items.every((item) => known.includes(item.task))).toBe(true)
  })
})

// graphile-worker needs PostgreSQL (LISTEN/NOTIFY, SKIP LOCKED across connections); on the embedded PGlite the web
// process runs the same tasks itself. CI runs this file on PostgreSQL too.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('graphile-worker on PostgreSQL', () => {
  const connectionString = process.env.DATABASE_URL ?? ''
  const schema = `gw_${randomBytes(4).toString('hex')}`
  afterAll(async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.end()
  })

  it('runs our tasks and retries a failing one with backoff', async () => {
    await runMigrations({ connectionString, schema })
    const utils = await makeWorkerUtils({ connectionString, schema })
    try {
      let calls = 0
      const taskList = {
        ...graphileTaskList(),
        flaky: async () => {
          calls += 1
          if (calls === 1) throw new Error('SMTP server said 451, try later')
        },
      }
      await utils.addJob('send-email', {})
      const flaky = await utils.addJob('flaky', {}, { maxAttempts: 3 })
      await runOnce({ connectionString, schema, taskList })

      const pool = new pg.Pool({ connectionString })
      const jobs = async () =>
        (await pool.query(`select task_identifier, attempts, last_error, run_at from ${schema}.jobs`)).rows as {
          task_identifier: string
          attempts: number
          last_error: string | null
          run_at: Date
        }[]
      try {
        // send-email succeeded and is gone; flaky failed once and waits for its retry, later.
        const afterFirst = await jobs()
        expect(afterFirst.map((j) => j.task_identifier)).toEqual(['flaky'])
        expect(afterFirst[0]).toMatchObject({ attempts: 1, last_error: expect.stringContaining('451') })
        expect(afterFirst[0]!.run_at.getTime()).toBeGreaterThan(Date.now())

        // Make the retry due now rather than waiting for the backoff, then run again: it succeeds.
        await pool.query(`update ${schema}._private_jobs set run_at = now() where id = $1`, [flaky.id])
        await runOnce({ connectionString, schema, taskList })
        expect(await jobs()).toEqual([])
        expect(calls).toBe(2)
      } finally {
        await pool.end()
      }
    } finally {
      await utils.release()
    }
  })
})
