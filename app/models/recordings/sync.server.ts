/**
 * Looking for an event's recordings on YouTube and linking them to its sessions, in three steps: fetch
 * (sync-fetch.server.ts: read YouTube, store the videos), decide (sync-decide.ts, pure: what to link, suggest
 * and remove) and apply (sync-apply.server.ts: the writes, in one transaction under the event's lock). Plus the
 * job around it: runs recorded in job_runs, and which events are due.
 */
import type { Event, JobRun } from '#db/schema'
import { db } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import { finishJobRun, keepJobRunAlive, startJobRun } from '../operations/job-runs.server'
import { RecordingError } from './recording-error'
import { applySyncPlan, clearRecordingsProblem, loadSyncState, removeGoneVideos } from './sync-apply.server'
import { decideSync } from './sync-decide'
import { fetchEventRecordings, type SyncSkipped } from './sync-fetch.server'
import type { YoutubeClient } from './youtube-client.server'
import { PermanentYoutubeError } from './youtube-errors'
import { publicContentChanged } from '../operations/public-content.server'

export const SYNC_RECORDINGS_TASK = 'sync-recordings'

/** Days after an event's end during which its recordings are looked up on schedule (README: 30 days). */
export const RECORDING_SYNC_WINDOW_DAYS = 30

export type SyncResult = {
  /** Where the videos came from: YouTube (the playlist, or the channel's search) or the ones stored before. */
  source: 'playlist' | 'channel' | 'stored'
  /** Why YouTube was not asked, when it was not. */
  skipped: SyncSkipped
  /** Videos YouTube listed this run (null when it was not asked). */
  fetched: number | null
  /** Videos the matching looked at. */
  videos: number
  /** New automatic links (including suggestions the matcher is now sure of). */
  linked: number
  /** New suggestions for organizers to review. */
  suggested: number
  /** Automatic links and suggestions dropped: their video is gone, or a better match replaced a suggestion. */
  removed: number
  /** Data API requests made. */
  requests: number
}

export type SyncOptions = {
  /** The YouTube client; defaults to the one of YOUTUBE_API_KEY (null: do not ask YouTube). */
  client?: YoutubeClient | null
  /** Ask YouTube even though a problem (a bad key) is recorded: an organizer asked after fixing it. */
  force?: boolean
  now?: Date
  /**
   * Test seam: called inside the transaction after each write, with the number of writes so far. Throwing
   * aborts the transaction, as a process killed mid-run would.
   */
  onWrite?: (writes: number) => void | Promise<void>
}

async function eventOrThrow(eventId: number): Promise<Event> {
  const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst()
  if (!event) throw new RecordingError('There is no such event.', 'not_found')
  return event
}

/**
 * Looks for the event's recordings and links them to its published sessions.
 *
 * Fetching from YouTube and storing the videos (an idempotent upsert) happen first, outside any transaction.
 * Everything else — dropping videos gone from a complete listing, and every link and suggestion — is written in
 * one transaction under a lock on the event row, so a run killed half way leaves nothing half-linked and two
 * runs never link the same thing twice. Links already made (automatic or by hand) are kept; rejected pairs are
 * never proposed again; suggestions are recomputed each run.
 *
 * Throws RetryableYoutubeError (retry later) and PermanentYoutubeError (after recording the problem once).
 */
export async function syncRecordings(eventId: number, options: SyncOptions = {}): Promise<SyncResult> {
  const now = options.now ?? new Date()
  const event = await eventOrThrow(eventId)
  const { fetched, skipped } = await fetchEventRecordings(event, { client: options.client, force: options.force, now })

  return db.transaction().execute(async (trx) => {
    let writes = 0
    const wrote = async () => {
      writes++
      await options.onWrite?.(writes)
    }
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    let removed = 0
    if (fetched) await clearRecordingsProblem(trx, eventId)
    if (fetched?.complete) removed += await removeGoneVideos(trx, eventId, fetched.videos, wrote)
    const state = await loadSyncState(trx, eventId)
    const plan = decideSync(event, state)
    removed += await applySyncPlan(trx, eventId, plan, now, wrote)
    // Only when something was written: a run that changed nothing keeps every cached page.
    if (writes > 0 || removed > 0 || plan.writes.length > 0) await publicContentChanged(trx, { eventId })
    return {
      source: fetched?.source ?? 'stored',
      skipped,
      fetched: fetched ? fetched.videos.length : null,
      videos: state.videos.length,
      linked: plan.linked,
      suggested: plan.suggested,
      removed,
      requests: fetched?.requests ?? 0,
    }
  })
}

export type SyncOutcome =
  | { status: 'succeeded'; run: JobRun; result: SyncResult }
  | { status: 'failed'; run: JobRun; error: Error; retryable: boolean }

/**
 * syncRecordings recorded as a run of the sync-recordings task (when, result counts, error), for the task runner
 * and the organizers' button alike. Failures are returned, not thrown; `retryable` says whether trying again
 * later may help (quota, YouTube or network trouble) or not (a bad key: the problem is recorded on the event).
 */
export async function runRecordingSync(eventId: number, options: SyncOptions = {}): Promise<SyncOutcome> {
  const run = await startJobRun(SYNC_RECORDINGS_TASK, eventId, options.now)
  // While this process lives the run says so; if it is killed, the run is marked failed within minutes.
  const heartbeat = keepJobRunAlive(run.id)
  try {
    const result = await syncRecordings(eventId, options)
    return { status: 'succeeded', run: await finishJobRun(run.id, { status: 'succeeded', result }), result }
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown))
    const finished = await finishJobRun(run.id, { status: 'failed', error: error.message })
    return {
      status: 'failed',
      run: finished,
      error,
      retryable: !(error instanceof PermanentYoutubeError || error instanceof RecordingError),
    }
  } finally {
    heartbeat.stop()
  }
}

/**
 * Published events with a playlist or channel and no recorded problem, from their start until
 * RECORDING_SYNC_WINDOW_DAYS after their end: the ones the schedule-recording-syncs task looks up.
 */
export async function eventsDueForRecordingSync(now = new Date()): Promise<Array<{ id: number; slug: string }>> {
  return db
    .selectFrom('events')
    .select(['id', 'slug'])
    .where('status', '=', 'published')
    .where('recordings_problem', 'is', null)
    .where((eb) => eb.or([eb('youtube_playlist_id', 'is not', null), eb('youtube_channel_id', 'is not', null)]))
    .where('starts_at', '<=', now)
    .where('ends_at', '>=', new Date(now.getTime() - RECORDING_SYNC_WINDOW_DAYS * 86_400_000))
    .orderBy('id')
    .execute()
}
