import { z } from 'zod'
import { getEventBySlug } from '~/models/events/event.server'
import {
  runRecordingRecheck,
  runRecordingSync,
  type SyncOptions,
  type SyncOutcome,
  type SyncResult,
} from '~/models/recordings/sync.server'

export const syncRecordingsPayloadSchema = z.object({ event: z.string().trim().min(1, 'the event slug') }).strict()

export type SyncRecordingsPayload = z.infer<typeof syncRecordingsPayloadSchema>

export class SyncRecordingsTaskError extends Error {}

type TaskOptions = Omit<SyncOptions, 'force' | 'linkedOnly'>

async function runForEvent(
  payload: SyncRecordingsPayload,
  run: (eventId: number) => Promise<SyncOutcome>,
): Promise<SyncResult | { failed: string }> {
  const { event: slug } = syncRecordingsPayloadSchema.parse(payload)
  const event = await getEventBySlug(slug)
  if (!event) throw new SyncRecordingsTaskError(`There is no event "${slug}".`)
  const outcome = await run(event.id)
  if (outcome.status === 'succeeded') return outcome.result
  if (outcome.retryable) throw outcome.error
  return { failed: outcome.error.message }
}

/**
 * Looks for an event's recordings on YouTube and links them (recorded in job_runs as sync-recordings).
 *
 * Throws when trying again later may help — quota or rate limit, YouTube or network trouble — so the runner
 * retries with its backoff. Returns normally otherwise, also when the API key is bad: that problem is recorded
 * on the event for its organizers, and later runs leave YouTube alone until an organizer asks again.
 */
export async function syncRecordingsTask(
  payload: SyncRecordingsPayload,
  options: TaskOptions = {},
): Promise<SyncResult | { failed: string }> {
  return runForEvent(payload, (eventId) => runRecordingSync(eventId, options))
}

/**
 * Re-checks the videos an event's sessions are linked to (recorded in job_runs as recheck-recordings): removed or
 * private ones leave public pages and are flagged, those back are linked again. Throws and returns as
 * syncRecordingsTask does.
 */
export async function recheckRecordingsTask(
  payload: SyncRecordingsPayload,
  options: TaskOptions = {},
): Promise<SyncResult | { failed: string }> {
  return runForEvent(payload, (eventId) => runRecordingRecheck(eventId, options))
}
