import { z } from 'zod'
import { RECHECK_INTERVAL_DAYS } from '~/models/recordings/recheck.server'
import {
  eventsDueForRecordingRecheck,
  eventsDueForRecordingSync,
  RECORDING_SYNC_WINDOW_DAYS,
} from '~/models/recordings/sync.server'
import { deleteExpiredAuthSessions } from '~/models/users/auth-session.server'
import { deleteExpiredRateLimits } from '~/utils/rate-limit.server'
import { sendEmail } from './send-email'
import {
  recheckRecordingsTask,
  syncRecordingsPayloadSchema,
  syncRecordingsTask,
  type SyncRecordingsPayload,
} from './sync-recordings'

/**
 * Every background task by name, with the payload it takes. The runners (graphile-worker on PostgreSQL, the
 * in-process scheduler on PGlite, `npm run job`) all start tasks from here.
 */
export type TaskDefinition = {
  description: string
  payload: z.ZodType
  run: (payload: never) => Promise<unknown>
}

export const tasks: Record<string, TaskDefinition> = {
  'send-email': {
    description: 'Send the outbox emails that are due (needs SMTP_URL).',
    payload: z.object({}).strict(),
    run: () => sendEmail(),
  },
  'sync-recordings': {
    description: 'Look for an event\'s recordings on YouTube and link them to sessions: {"event":"<slug>"}.',
    payload: syncRecordingsPayloadSchema,
    run: (payload: SyncRecordingsPayload) => syncRecordingsTask(payload),
  },
  'recheck-recordings': {
    description:
      'Re-check the YouTube videos an event\'s sessions are linked to (removed, private, back): {"event":"<slug>"}.',
    payload: syncRecordingsPayloadSchema,
    run: (payload: SyncRecordingsPayload) => recheckRecordingsTask(payload),
  },
  'schedule-recording-syncs': {
    description:
      'Run sync-recordings for every event that names a playlist or channel, from its start until ' +
      `${RECORDING_SYNC_WINDOW_DAYS} days after its end; and recheck-recordings, every ${RECHECK_INTERVAL_DAYS} ` +
      'days, for the other events with linked recordings.',
    payload: z.object({}).strict(),
    run: async () => {
      const now = new Date()
      const [syncs, rechecks] = await Promise.all([eventsDueForRecordingSync(now), eventsDueForRecordingRecheck(now)])
      const results: Record<string, unknown> = {}
      // One after another: they share the YouTube quota, and the runner retries a task that throws. The two
      // lists never share an event: a sync re-checks its event's links on the way.
      for (const event of syncs) results[event.slug] = await syncRecordingsTask({ event: event.slug })
      for (const event of rechecks) results[event.slug] = await recheckRecordingsTask({ event: event.slug })
      return results
    },
  },
  'purge-expired-records': {
    description: 'Delete expired organizer sessions and expired rate-limit counters.',
    payload: z.object({}).strict(),
    run: async () => ({ authSessions: await deleteExpiredAuthSessions(), rateLimits: await deleteExpiredRateLimits() }),
  },
}

export class TaskInputError extends Error {}

/**
 * graphile-worker adds `_cron: { ts, backfilled }` to the payload of every job its crontab schedules (the
 * scheduled time, and whether the job catches up on a time the worker was down). It is the runner's metadata,
 * not the task's input: it is checked here and taken off, so every task's own schema stays strict about the keys
 * a person or a program can get wrong, whichever runner starts it.
 */
const CronMetadataSchema = z.object({ ts: z.string(), backfilled: z.boolean().optional() })

function withoutCronMetadata(name: string, payload: unknown): unknown {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || !('_cron' in payload)) return payload
  const { _cron: cron, ...rest } = payload as Record<string, unknown>
  if (!CronMetadataSchema.safeParse(cron).success) {
    throw new TaskInputError(`Bad payload for ${name}: _cron: not graphile-worker's cron metadata`)
  }
  return rest
}

/** Validates the payload and runs the task once. */
export async function runTask(name: string, payload: unknown): Promise<unknown> {
  const task = tasks[name]
  if (!task) throw new TaskInputError(`Unknown task "${name}". Tasks: ${Object.keys(tasks).join(', ')}.`)
  const parsed = task.payload.safeParse(withoutCronMetadata(name, payload ?? {}))
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')
    throw new TaskInputError(`Bad payload for ${name}: ${issues}`)
  }
  return task.run(parsed.data as never)
}
