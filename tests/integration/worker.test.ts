import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { parseCrontab, runMigrations, runOnce, makeWorkerUtils } from 'graphile-worker'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import { runTask, TaskInputError } from '../../jobs/tasks'
import { listJobRuns } from '~/models/operations/job-runs.server'
import { queueEmail } from '~/models/outbox/outbox.server'
import { CRONTAB } from '../../jobs/schedule'
import { graphileTaskList } from '../../jobs/worker'
import { db } from '~/utils/db.server'
import { FakeYoutube, VALID_KEY } from '../support/fake-youtube'
import { eventWithRecordingDue } from '../support/job-recorded-event'
import { JobWorkerProcess } from '../support/job-worker-process'

describe('task registry', () => {
  it('validates payloads and names', async () => {
    await expect(runTask('no-such-task', {})).rejects.toBeInstanceOf(TaskInputError)
    await expect(runTask('send-email', { unexpected: true })).rejects.toThrow(/Bad payload for send-email/)
    expect(await runTask('send-email', {})).toEqual({ sent: 0, failed: 0 })
  })

  it("accepts graphile-worker's cron metadata and stays strict about every other key", async () => {
    const cron = { _cron: { ts: '2030-05-04T09:00:00.000Z', backfilled: false } }
    expect(await runTask('send-email', cron)).toEqual({ sent: 0, failed: 0 })
    expect(await runTask('schedule-recording-syncs', cron)).toEqual({})
    await expect(runTask('send-email', { ...cron, unexpected: true })).rejects.toThrow(/unexpected/)
    await expect(runTask('send-email', { _cron: 'every minute' })).rejects.toThrow(/_cron/)
    await expect(runTask('sync-recordings', { ...cron })).rejects.toThrow(/event/)
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

/** How far back each crontab line is backfilled below so that it is due exactly once, now. */
const BACKFILL: Record<string, string> = {
  'send-email': '1m',
  'schedule-recording-syncs': '3h',
  'purge-expired-records': '1d',
}

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('the crontab under graphile-worker', () => {
  const connectionString = process.env.DATABASE_URL ?? ''
  const schema = `gw_${randomBytes(4).toString('hex')}`
  const fake = new FakeYoutube()
  const received: { to: string[]; raw: string }[] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  let worker: JobWorkerProcess | undefined

  afterAll(async () => {
    await worker?.stop()
    await fake.stop()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.end()
  })

  it('runs every cron task successfully: due emails go out and recordings are looked up', async () => {
    await fake.start()
    smtp.listen(0, '127.0.0.1')
    await once(smtp.server, 'listening')
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`
    const { event, videoId } = await eventWithRecordingDue(fake)
    await queueEmail(db, {
      event_id: event.id,
      registration_id: null,
      kind: 'registration_confirmed',
      to_address: 'ada@example.org',
      subject: 'Your place',
      text: 'You are registered.',
      html: '<p>You are registered.</p>',
    })

    // graphile-worker backfills only crontab lines it has known since before the backfill window: as if this
    // crontab had been deployed a day ago and the worker had been down since.
    const items = parseCrontab(CRONTAB)
    expect(items.map((i) => i.task).sort()).toEqual(Object.keys(BACKFILL).sort())
    await runMigrations({ connectionString, schema })
    const pool = new pg.Pool({ connectionString })
    try {
      for (const item of items) {
        await pool.query(
          `insert into ${schema}._private_known_crontabs (identifier, known_since) values ($1, now() - interval '1 day 5 minutes')`,
          [item.identifier],
        )
      }
      // The real crontab, each line only told to catch up on its last due time.
      const crontab = CRONTAB.split('\n')
        .map((line) => `${line}${line.includes('?') ? '&' : ' ?'}fill=${BACKFILL[line.split(/\s+/)[5]!]}`)
        .join('\n')
      worker = await JobWorkerProcess.start(
        { schema, crontab, concurrency: 1 },
        { SMTP_URL: smtpUrl, YOUTUBE_API_KEY: VALID_KEY, YOUTUBE_API_ROOT_URL: fake.url },
      )

      const outcomes = await Promise.all(
        items.map((item) =>
          worker!.next(
            (m) =>
              m.job.task === item.task &&
              Boolean((m.job.payload as { _cron?: unknown })._cron) &&
              ['job:success', 'job:error', 'job:failed'].includes(m.event),
            `the first ${item.task} cron job to finish`,
          ),
        ),
      )
      expect(outcomes.map((o) => [o.job.task, o.event, o.error])).toEqual(
        items.map((item) => [item.task, 'job:success', undefined]),
      )

      // send-email sent the due email over SMTP and recorded it.
      const [email] = await db.selectFrom('email_outbox').selectAll().execute()
      expect(email).toMatchObject({ status: 'sent', attempts: 1 })
      expect(received.map((m) => m.to)).toEqual([['ada@example.org']])
      // schedule-recording-syncs looked the event's recordings up and linked the talk's video.
      const [run] = await listJobRuns(event.id, 'sync-recordings')
      expect(run).toMatchObject({ status: 'succeeded', result: { source: 'playlist', fetched: 1, linked: 1 } })
      const links = await db.selectFrom('recordings').select('video_id').where('event_id', '=', event.id).execute()
      expect(links).toEqual([{ video_id: videoId }])
      // No cron job failed in graphile-worker's queue either.
      const failed = await pool.query(
        `select task_identifier, last_error from ${schema}.jobs where last_error is not null`,
      )
      expect(failed.rows).toEqual([])
      expect(worker.messages.filter((m) => m.event !== 'job:start' && m.event !== 'job:success')).toEqual([])
    } finally {
      await pool.end()
    }
  }, 90_000)
})
