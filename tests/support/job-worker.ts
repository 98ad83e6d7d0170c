/**
 * `npm run worker` as a test drives it: the real startWorker (our tasks, crontab, heartbeat and sweeper) in a
 * process of its own, configured by the JSON in argv[2] (JobWorkerConfig), reporting graphile-worker's job events
 * to the parent over IPC so tests wait on them instead of on time. Started by tests/support/job-worker-process.ts.
 */
import { EventEmitter } from 'node:events'
import type { Job, WorkerEvents } from 'graphile-worker'
import { startWorker, type WorkerOptions } from '../../jobs/worker'
import { db } from '~/utils/db.server'

export type JobWorkerConfig = Pick<WorkerOptions, 'schema' | 'crontab' | 'concurrency' | 'timing' | 'sweepEveryMs'>

export type JobWorkerMessage =
  | { event: 'ready'; workerId: string; pid: number }
  | {
      event: 'job:start' | 'job:success' | 'job:error' | 'job:failed'
      job: { id: string; task: string; payload: unknown; attempts: number; lockedBy: string | null }
      error?: string
    }

const config = JSON.parse(process.argv[2] ?? '{}') as JobWorkerConfig
const send = (message: JobWorkerMessage) => process.send?.(message)
const events = new EventEmitter() as WorkerEvents
const report =
  (event: Exclude<JobWorkerMessage['event'], 'ready'>) =>
  ({ job, error }: { job: Job; error?: unknown }) =>
    send({
      event,
      job: {
        id: String(job.id),
        task: job.task_identifier,
        payload: job.payload,
        attempts: job.attempts,
        lockedBy: job.locked_by,
      },
      error: error === undefined ? undefined : error instanceof Error ? error.message : String(error),
    })
events.on('job:start', report('job:start'))
events.on('job:success', report('job:success'))
events.on('job:error', report('job:error'))
events.on('job:failed', report('job:failed'))

const worker = await startWorker({ connectionString: process.env.DATABASE_URL ?? '', ...config, events })
send({ event: 'ready', workerId: worker.id, pid: process.pid })
await worker.promise
await db.destroy()
process.exit(0)
