import type { JobRun } from '#db/schema'
import { db } from '~/utils/db.server'

/** A run still marked running this long after it started was killed with its process. */
const STALE_AFTER_MS = 60 * 60 * 1000

export type JobRunOutcome =
  | { status: 'succeeded'; result?: unknown }
  | { status: 'failed'; error: string; result?: unknown }

/**
 * Records that a task started (for an event, or for none). Runs of the same task and event left running for
 * over an hour are marked failed first: their process stopped before it could say so.
 */
export async function startJobRun(task: string, eventId: number | null, now = new Date()): Promise<JobRun> {
  let stale = db
    .updateTable('job_runs')
    .set({ status: 'failed', error: 'Interrupted: the process stopped before the run finished.', finished_at: now })
    .where('task', '=', task)
    .where('status', '=', 'running')
    .where('started_at', '<', new Date(now.getTime() - STALE_AFTER_MS))
  stale = eventId === null ? stale.where('event_id', 'is', null) : stale.where('event_id', '=', eventId)
  await stale.execute()
  return db
    .insertInto('job_runs')
    .values({ task, event_id: eventId, status: 'running', result: null, started_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function finishJobRun(id: number, outcome: JobRunOutcome, now = new Date()): Promise<JobRun> {
  return db
    .updateTable('job_runs')
    .set({
      status: outcome.status,
      result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
      error: outcome.status === 'failed' ? outcome.error : null,
      finished_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The latest runs of a task for an event, newest first. */
export async function listJobRuns(eventId: number, task: string, limit = 10): Promise<JobRun[]> {
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
