import { randomBytes } from 'node:crypto'
import { makeWorkerUtils, runMigrations, type WorkerUtils } from 'graphile-worker'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_JOB_RUN_TIMING,
  INTERRUPTED_RUN_ERROR,
  keepJobRunAlive,
  listJobRuns,
  startJobRun,
} from '~/models/operations/job-runs.server'
import * as recordingsPage from '~/routes/admin.events.$id.recordings/route'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { FakeYoutube, VALID_KEY } from '../support/fake-youtube'
import { HangingHttpServer } from '../support/job-hanging-http'
import { eventWithRecordingDue } from '../support/job-recorded-event'
import { JobWorkerProcess } from '../support/job-worker-process'
import { callRoute, getRequest, sessionCookieFor } from '../support/routes'

type PageRun = { status: string; error: string | null; result: string; lastSignOfLife: string | null }

async function recordingsPageRuns(eventId: number, ownerId: number): Promise<PageRun[]> {
  const page = await callRoute(
    recordingsPage.loader,
    getRequest(`/admin/events/${eventId}/recordings`, await sessionCookieFor(ownerId)),
    { id: String(eventId) },
  )
  expect(page.status).toBe(200)
  return (page.data as { runs: PageRun[] }).runs
}

async function heartbeatOf(runId: number): Promise<Date> {
  const row = await db.selectFrom('job_runs').select('heartbeat_at').where('id', '=', runId).executeTakeFirstOrThrow()
  return row.heartbeat_at
}

describe('job runs of a killed process', () => {
  it('are marked failed once their heartbeat is older than the threshold, while live runs keep running', async () => {
    const owner = await makeUser()
    const event = await makeEvent(owner.id)
    const startedAt = new Date(Date.now() - 5 * 60_000)
    // Both started five minutes ago; only the second one's process still lives and says so.
    const killed = await startJobRun('sync-recordings', event.id, startedAt)
    const alive = await startJobRun('sync-recordings', event.id, startedAt)
    const heartbeat = keepJobRunAlive(alive.id, 20)
    try {
      for (let i = 0; i < 2000 && (await heartbeatOf(alive.id)).getTime() === startedAt.getTime(); i++) {
        await new Promise((resolve) => setImmediate(resolve))
      }
      expect((await heartbeatOf(alive.id)).getTime()).toBeGreaterThan(startedAt.getTime())

      const runs = await listJobRuns(event.id, 'sync-recordings')
      expect(runs.find((r) => r.id === killed.id)).toMatchObject({ status: 'failed', error: INTERRUPTED_RUN_ERROR })
      expect(runs.find((r) => r.id === alive.id)).toMatchObject({ status: 'running', error: null })

      // The organizer sees the interrupted run as failed, with why and when it was last known alive.
      const shown = await recordingsPageRuns(event.id, owner.id)
      expect(shown).toHaveLength(2)
      expect(shown).toContainEqual(
        expect.objectContaining({ status: 'failed', error: INTERRUPTED_RUN_ERROR, lastSignOfLife: expect.any(String) }),
      )
      expect(shown).toContainEqual(expect.objectContaining({ status: 'running', lastSignOfLife: expect.any(String) }))
    } finally {
      heartbeat.stop()
    }
  })

  it('count as dead after minutes, not hours', () => {
    expect(DEFAULT_JOB_RUN_TIMING.heartbeatMs).toBe(30_000)
    expect(DEFAULT_JOB_RUN_TIMING.staleAfterMs).toBeLessThanOrEqual(5 * 60_000)
    expect(DEFAULT_JOB_RUN_TIMING.staleAfterMs).toBeGreaterThanOrEqual(3 * DEFAULT_JOB_RUN_TIMING.heartbeatMs)
  })
})

// graphile-worker needs PostgreSQL; on the embedded database there is no worker to kill (see above for its runs).
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('a worker killed in the middle of a job', () => {
  const connectionString = process.env.DATABASE_URL ?? ''
  const schema = `gw_${randomBytes(4).toString('hex')}`
  const fake = new FakeYoutube()
  const hanging = new HangingHttpServer()
  const workers: JobWorkerProcess[] = []
  let utils: WorkerUtils | undefined
  // Short enough for a test to wait on, the same rules as in production (heartbeats, then a stale threshold).
  const timing = { heartbeatMs: 200, staleAfterMs: 1_500 }

  afterAll(async () => {
    for (const worker of workers) await worker.stop()
    await utils?.release()
    await fake.stop()
    await hanging.stop()
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.end()
  })

  it('has its run marked failed and its job retried, successfully, by another worker within the threshold', async () => {
    await Promise.all([fake.start(), hanging.start()])
    const { event, owner, videoId } = await eventWithRecordingDue(fake)
    await runMigrations({ connectionString, schema })
    utils = await makeWorkerUtils({ connectionString, schema })
    const config = { schema, crontab: '', concurrency: 1, timing, sweepEveryMs: 200 }

    // The first worker's YouTube never answers: it is in the middle of the job when the request arrives.
    const first = await JobWorkerProcess.start(config, {
      YOUTUBE_API_KEY: VALID_KEY,
      YOUTUBE_API_ROOT_URL: hanging.url,
    })
    workers.push(first)
    const job = await utils.addJob('sync-recordings', { event: event.slug })
    await hanging.received()
    const [running] = await listJobRuns(event.id, 'sync-recordings')
    expect(running).toMatchObject({ status: 'running' })
    const locked = await utils.withPgClient((client) =>
      client.query<{ locked_by: string }>(`select locked_by from ${schema}.jobs where id = $1`, [job.id]),
    )
    expect(locked.rows).toEqual([{ locked_by: first.workerId }])

    await first.killHard()

    const second = await JobWorkerProcess.start(config, { YOUTUBE_API_KEY: VALID_KEY, YOUTUBE_API_ROOT_URL: fake.url })
    workers.push(second)
    const done = await second.next(
      (m) => m.job.id === String(job.id) && ['job:success', 'job:error', 'job:failed'].includes(m.event),
      'the killed job to be run again',
    )
    expect(done).toMatchObject({ event: 'job:success', job: { task: 'sync-recordings', lockedBy: second.workerId } })
    expect(done.job.attempts).toBe(2)

    // The killed run is failed with its reason; the retry linked the recording.
    const runs = await listJobRuns(event.id, 'sync-recordings')
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed'])
    expect(runs[1]).toMatchObject({ id: running!.id, error: INTERRUPTED_RUN_ERROR })
    expect(runs[1]!.finished_at).not.toBeNull()
    expect(runs[0]).toMatchObject({ result: { linked: 1 } })
    const links = await db.selectFrom('recordings').select('video_id').where('event_id', '=', event.id).execute()
    expect(links).toEqual([{ video_id: videoId }])
    // The job is done and gone from the queue, and the dead worker is forgotten.
    const left = await utils.withPgClient((client) => client.query(`select id from ${schema}.jobs`))
    expect(left.rows).toEqual([])
    const registered = await db.selectFrom('job_workers').select('id').execute()
    expect(registered).toEqual([{ id: second.workerId }])

    const shown = await recordingsPageRuns(event.id, owner.id)
    expect(shown[0]).toMatchObject({ status: 'succeeded', error: null, lastSignOfLife: null })
    expect(shown[1]).toMatchObject({
      status: 'failed',
      error: INTERRUPTED_RUN_ERROR,
      lastSignOfLife: expect.any(String),
    })
  }, 90_000)
})
