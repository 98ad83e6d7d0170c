import { EventEmitter } from 'node:events'
import { hostname } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { makeWorkerUtils, run, type Task, type TaskList, type WorkerEvents, type WorkerUtils } from 'graphile-worker'
import { env } from '~/env.server'
import {
  beatJobWorker,
  configureJobRunTiming,
  deadJobWorkers,
  failAbandonedJobRuns,
  forgetJobWorkers,
  removeJobWorker,
  type JobRunTiming,
} from '~/models/operations/job-runs.server'
import { logger } from '~/utils/logger.server'
import { CRONTAB } from './schedule'
import { tasks, runTask } from './tasks'
import { openDatabase } from '../server/prepare'

/** How often a worker looks for dead workers and abandoned runs. */
const SWEEP_EVERY_MS = 30_000

/**
 * Our tasks as graphile-worker tasks: a thrown error is retried by graphile-worker with exponential backoff.
 * `ready` is awaited before a task starts, so no task runs before its worker is registered as alive (a worker
 * killed before that would leave a job nobody unlocks for graphile-worker's four hours).
 */
export function graphileTaskList(ready: () => Promise<void> = async () => {}): TaskList {
  return Object.fromEntries(
    Object.keys(tasks).map((name): [string, Task] => [
      name,
      async (payload) => {
        await ready()
        const result = await runTask(name, payload)
        logger.info({ task: name, result }, 'task done')
      },
    ]),
  )
}

export type RecoveryResult = { deadWorkers: string[]; abandonedRuns: number[] }

/**
 * Recovers what killed workers left behind: runs still "running" without a heartbeat are marked failed, and the
 * graphile-worker jobs locked by a worker whose heartbeat stopped are unlocked, so another worker takes them
 * now rather than after graphile-worker's own four-hour lock timeout (0.18 has no heartbeat of its own).
 */
export async function recoverFromKilledWorkers(options: {
  utils: Pick<WorkerUtils, 'forceUnlockWorkers'>
  staleAfterMs?: number
  now?: Date
}): Promise<RecoveryResult> {
  const abandoned = await failAbandonedJobRuns({ now: options.now, staleAfterMs: options.staleAfterMs })
  const dead = await deadJobWorkers({ now: options.now, staleAfterMs: options.staleAfterMs })
  if (dead.length) await options.utils.forceUnlockWorkers(dead.map((w) => w.id))
  await forgetJobWorkers(dead)
  const result = { deadWorkers: dead.map((w) => w.id), abandonedRuns: abandoned.map((r) => r.id) }
  if (dead.length || abandoned.length) {
    logger.warn(
      { ...result, workers: dead.map((w) => `${w.id} (pid ${w.pid} on ${w.hostname})`) },
      'recovered jobs of workers that stopped while running them',
    )
  }
  return result
}

export type WorkerOptions = {
  connectionString: string
  schema?: string
  concurrency?: number
  /** The crontab to run; CRONTAB unless a test adds a backfill. */
  crontab?: string
  /** Heartbeat and dead-after threshold of this process's runs and of the worker itself (tests shorten them). */
  timing?: Partial<JobRunTiming>
  sweepEveryMs?: number
  /** graphile-worker's event emitter, to watch jobs (tests). */
  events?: WorkerEvents
}

export type StartedWorker = {
  /** graphile-worker's pool id: what it writes into `locked_by`, and our job_workers row. */
  id: string
  promise: Promise<void>
  stop: () => Promise<void>
}

/**
 * Runs graphile-worker with our tasks and crontab, registers the worker in job_workers with a heartbeat, and
 * sweeps for killed workers. Stops cleanly on SIGINT/SIGTERM (graphile-worker's handlers), leaving job_workers.
 */
export async function startWorker(options: WorkerOptions): Promise<StartedWorker> {
  const timing = configureJobRunTiming(options.timing ?? {})
  const events: WorkerEvents = options.events ?? new EventEmitter()
  const me = { hostname: hostname(), pid: process.pid }
  let registered: Promise<void> | undefined
  let id = ''
  // Emitted synchronously while run() builds the pool, before any job can have started.
  const onPool = ({ workerPool }: { workerPool: { id: string } }) => {
    id = workerPool.id
    registered = beatJobWorker(id, me)
    // Awaited below and by every task; this keeps a failure from counting as unhandled meanwhile.
    registered.catch(() => {})
  }
  events.once('pool:create', onPool)
  const utils = await makeWorkerUtils({ connectionString: options.connectionString, schema: options.schema })
  let runner: Awaited<ReturnType<typeof run>>
  try {
    runner = await run({
      connectionString: options.connectionString,
      schema: options.schema,
      concurrency: options.concurrency ?? 2,
      taskList: graphileTaskList(() => registered ?? Promise.reject(new Error('The worker is not registered.'))),
      crontab: options.crontab ?? CRONTAB,
      noHandleSignals: false,
      pollInterval: 2000,
      events,
    })
  } catch (error) {
    await utils.release()
    throw error
  }
  try {
    await registered
  } catch (error) {
    await runner.stop()
    await utils.release()
    throw error
  }

  const every = (ms: number, work: () => Promise<unknown>, what: string) => {
    let busy = false
    const timer = setInterval(() => {
      if (busy) return
      busy = true
      work()
        .catch((error: unknown) => logger.error({ err: error }, `${what} failed`))
        .finally(() => {
          busy = false
        })
    }, ms)
    return timer
  }
  const sweep = () => recoverFromKilledWorkers({ utils, staleAfterMs: timing.staleAfterMs })
  const timers = [
    every(timing.heartbeatMs, () => beatJobWorker(id, me), 'the worker heartbeat'),
    every(options.sweepEveryMs ?? SWEEP_EVERY_MS, sweep, 'recovering jobs of killed workers'),
  ]
  // A restarted worker recovers what its killed predecessor left at once.
  await sweep().catch((error: unknown) => logger.error({ err: error }, 'recovering jobs of killed workers failed'))

  const promise = runner.promise.finally(async () => {
    for (const timer of timers) clearInterval(timer)
    await removeJobWorker(id).catch((error: unknown) => logger.warn({ err: error }, 'could not deregister the worker'))
    await utils.release()
  })
  return { id, promise, stop: () => runner.stop().then(() => promise) }
}

async function main() {
  const { DATABASE_URL } = env()
  if (!DATABASE_URL) {
    console.error(
      'npm run worker needs PostgreSQL (DATABASE_URL). On the embedded database the web process runs the same tasks itself.',
    )
    process.exit(1)
  }
  const database = await openDatabase('the worker')
  const worker = await startWorker({ connectionString: DATABASE_URL })
  console.log(`Convene worker ${worker.id} running tasks: ${Object.keys(tasks).join(', ')}`)
  await worker.promise
  await database.close()
}

// Only when run as the program (npm run worker), not when imported (tests, other entry points).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()
