import type { JobRun, JobWorker } from '#db/schema'
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'

/**
 * How often a running job run (and a running worker) says it is alive, and how long without a sign of life
 * before it counts as dead. Four missed heartbeats: a busy event loop or a slow database never reaches that,
 * a killed process does within two minutes. See docs/decisions/011-recovering-killed-jobs.md.
 */
export type JobRunTiming = { heartbeatMs: number; staleAfterMs: number }
export const DEFAULT_JOB_RUN_TIMING: JobRunTiming = { heartbeatMs: 30_000, staleAfterMs: 2 * 60_000 }

let timing: JobRunTiming = { ...DEFAULT_JOB_RUN_TIMING }

/** The timing of this process: the worker sets it from its options (tests shorten it to drive time). */
export function configureJobRunTiming(next: Partial<JobRunTiming>): JobRunTiming {
  timing = { ...timing, ...next }
  return timing
}

export function jobRunTiming(): JobRunTiming {
  return timing
}

/** The error of a run whose process stopped while it ran; the page shows it with the run's last sign of life. */
export const INTERRUPTED_RUN_ERROR =
  'Interrupted: the process running it stopped (killed or crashed) before it finished. It is tried again on the next run.'

export type JobRunOutcome =
  | { status: 'succeeded'; result?: unknown }
  | { status: 'failed'; error: string; result?: unknown }

/**
 * Marks as failed the runs still "running" whose heartbeat is older than the stale threshold: their process was
 * killed. Limited to one event's runs of one task when asked (the recordings page, a new run of the task), every
 * run otherwise (the worker's sweep). Returns the runs it marked.
 */
export async function failAbandonedJobRuns(
  options: { now?: Date; staleAfterMs?: number; eventId?: number | null; task?: string } = {},
): Promise<JobRun[]> {
  const now = options.now ?? new Date()
  const cutoff = new Date(now.getTime() - (options.staleAfterMs ?? timing.staleAfterMs))
  let query = db
    .updateTable('job_runs')
    .set({ status: 'failed', error: INTERRUPTED_RUN_ERROR, finished_at: now })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', cutoff)
  if (options.task !== undefined) query = query.where('task', '=', options.task)
  if (options.eventId !== undefined) {
    query =
      options.eventId === null ? query.where('event_id', 'is', null) : query.where('event_id', '=', options.eventId)
  }
  return query.returningAll().execute()
}

/**
 * Records that a task started (for an event, or for none). Earlier runs of the same task and event whose
 * process stopped without saying so are marked failed first.
 */
export async function startJobRun(task: string, eventId: number | null, now = new Date()): Promise<JobRun> {
  await failAbandonedJobRuns({ now, task, eventId })
  return db
    .insertInto('job_runs')
    .values({ task, event_id: eventId, status: 'running', result: null, started_at: now, heartbeat_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Refreshes a running run's heartbeat every `heartbeatMs` until `stop()`: while the process lives, the run is
 * not taken for abandoned. Call `stop()` in a `finally`. A failed refresh is logged and tried again next time.
 */
export function keepJobRunAlive(id: number, heartbeatMs = timing.heartbeatMs): { stop: () => void } {
  const timer = setInterval(() => {
    db.updateTable('job_runs')
      .set({ heartbeat_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute()
      .catch((error: unknown) => logger.warn({ err: error, run: id }, 'could not refresh a job run heartbeat'))
  }, heartbeatMs)
  // A heartbeat alone never keeps a process alive.
  timer.unref()
  return { stop: () => clearInterval(timer) }
}

export async function finishJobRun(id: number, outcome: JobRunOutcome, now = new Date()): Promise<JobRun> {
  return db
    .updateTable('job_runs')
    .set({
      status: outcome.status,
      result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
      error: outcome.status === 'failed' ? outcome.error : null,
      finished_at: now,
      heartbeat_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * The latest runs of a task for an event, newest first. Runs whose process was killed are marked failed first,
 * so the page never shows "Running" for a run nothing runs any more (on the embedded database no worker
 * sweeps them).
 */
export async function listJobRuns(eventId: number, task: string, limit = 10, now = new Date()): Promise<JobRun[]> {
  await failAbandonedJobRuns({ now, eventId, task })
  return db
    .selectFrom('job_runs')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('task', '=', task)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

// --- Workers: the graphile-worker pools running on PostgreSQL, by the id they lock jobs with -------------------

/** Says that a worker is alive (first registration and every heartbeat alike). */
export async function beatJobWorker(
  id: string,
  process: { hostname: string; pid: number },
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('job_workers')
    .values({ id, hostname: process.hostname, pid: process.pid, started_at: now, heartbeat_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
    .execute()
}

/** A worker that stops cleanly leaves; its jobs were completed or handed back by graphile-worker. */
export async function removeJobWorker(id: string): Promise<void> {
  await db.deleteFrom('job_workers').where('id', '=', id).execute()
}

/** Workers whose heartbeat is older than the stale threshold: their process is gone. */
export async function deadJobWorkers(options: { now?: Date; staleAfterMs?: number } = {}): Promise<JobWorker[]> {
  const now = options.now ?? new Date()
  return db
    .selectFrom('job_workers')
    .selectAll()
    .where('heartbeat_at', '<', new Date(now.getTime() - (options.staleAfterMs ?? timing.staleAfterMs)))
    .orderBy('heartbeat_at')
    .execute()
}

/** Forgets dead workers once their jobs are unlocked; one that came back to life meanwhile stays. */
export async function forgetJobWorkers(workers: JobWorker[]): Promise<void> {
  for (const worker of workers) {
    await db
      .deleteFrom('job_workers')
      .where('id', '=', worker.id)
      .where('heartbeat_at', '<=', worker.heartbeat_at)
      .execute()
  }
}
