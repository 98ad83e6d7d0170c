import { z } from 'zod'
import { eventsDueForRecordingSync } from '~/models/recordings.server'
import { sendEmail } from './send-email'
import { syncRecordingsPayloadSchema, syncRecordingsTask, type SyncRecordingsPayload } from './sync-recordings'

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
  'schedule-recording-syncs': {
    description: 'Run sync-recordings for every event that ended recently and names a playlist or channel.',
    payload: z.object({}).strict(),
    run: async () => {
      const events = await eventsDueForRecordingSync(new Date(), 30)
      const results: Record<string, unknown> = {}
      // One after another: they share the YouTube quota, and the runner retries a task that throws.
      for (const event of events) results[event.slug] = await syncRecordingsTask({ event: event.slug })
      return results
    },
  },
}

export class TaskInputError extends Error {}

/** Validates the payload and runs the task once. */
export async function runTask(name: string, payload: unknown): Promise<unknown> {
  const task = tasks[name]
  if (!task) throw new TaskInputError(`Unknown task "${name}". Tasks: ${Object.keys(tasks).join(', ')}.`)
  const parsed = task.payload.safeParse(payload ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')
    throw new TaskInputError(`Bad payload for ${name}: ${issues}`)
  }
  return task.run(parsed.data as never)
}
