/**
 * Looking for an event's recordings on YouTube and linking them to its sessions, in three steps: fetch
 * (sync-fetch.server.ts: read YouTube, store the videos), decide (sync-decide.ts, pure: what to link, suggest
 * and remove; recheck.server.ts: which links are unavailable) and apply (sync-apply.server.ts: the writes, in
 * one transaction under the event's lock). Plus the jobs around it: runs recorded in job_runs (with the quota
 * units each spent), which events are due for a sync, and which for a re-check of their links.
 */
import type { Event, JobRun } from '#db/schema'
import { db } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import { finishJobRun, keepJobRunAlive, startJobRun } from '../operations/job-runs.server'
import { applyAvailability, RECHECK_INTERVAL_DAYS } from './recheck.server'
import { RecordingError } from './recording-error'
import { applySyncPlan, clearRecordingsProblem, loadSyncState, removeGoneVideos } from './sync-apply.server'
import { decideSync } from './sync-decide'
import { fetchEventRecordings, type SyncSkipped, type YoutubeRead } from './sync-fetch.server'
import type { YoutubeClient } from './youtube-client.server'
import { PermanentYoutubeError } from './youtube-errors'
import { publicContentChanged } from '../operations/public-content.server'

export const SYNC_RECORDINGS_TASK = 'sync-recordings'
export const RECHECK_RECORDINGS_TASK = 'recheck-recordings'

/** Days after an event's end during which its recordings are looked up on schedule (README: 30 days). */
export const RECORDING_SYNC_WINDOW_DAYS = 30

export type SyncResult = {
  /**
   * Where the videos came from: YouTube (the playlist, or the channel's uploads), YouTube for the linked videos
   * only (a re-check), or the ones stored before.
   */
  source: 'playlist' | 'channel' | 'linked' | 'stored'
  /** Why YouTube was not asked, when it was not. */
  skipped: SyncSkipped
  /** Videos of the listing YouTube still serves this run (null when no listing was read). */
  fetched: number | null
  /** Videos the matching looked at. */
  videos: number
  /** New automatic links (including suggestions the matcher is now sure of). */
  linked: number
  /** New suggestions for organizers to review (re-uploads offered as replacements included). */
  suggested: number
  /** Suggestions dropped: their video is gone, or the matcher no longer makes them. */
  removed: number
  /** Links taken off public pages this run: their video was removed, made private or left the listing. */
  unavailable: number
  /** Links shown again this run: their video came back. */
  relinked: number
  /** Data API requests made. */
  requests: number
  /** Data API quota units spent (channels.list, playlistItems.list and videos.list cost 1 each). */
  quotaUnits: number
}

export type SyncOptions = {
  /** The YouTube client; defaults to the one of YOUTUBE_API_KEY (null: do not ask YouTube). */
  client?: YoutubeClient | null
  /** Ask YouTube even though a problem (a bad key) is recorded: an organizer asked after fixing it. */
  force?: boolean
  /** Read only the linked videos (a re-check), not the playlist or channel. */
  linkedOnly?: boolean
  now?: Date
  /**
   * Test seam: called inside the transaction after each write, with the number of writes so far. Throwing
   * aborts the transaction, as a process killed mid-run would.
   */
  onWrite?: (writes: number) => void | Promise<void>
}

/** How many of the listing's videos YouTube still serves (deleted and private ones are listed without details). */
function servedFromListing(read: YoutubeRead): number {
  const served = new Set(read.videos.filter((v) => v.privacyStatus !== 'private').map((v) => v.videoId))
  return read.listed.filter((id) => served.has(id)).length
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
 * Everything else — flagging links whose video is gone, forgetting videos gone from a complete listing, and
 * every link and suggestion — is written in one transaction under a lock on the event row, so a run killed half
 * way leaves nothing half-linked and two runs never link the same thing twice. Links already made (automatic or
 * by hand) are kept; rejected pairs are never proposed again; suggestions are recomputed each run. A run that
 * finds nothing new writes nothing.
 *
 * Throws RetryableYoutubeError (retry later) and PermanentYoutubeError (after recording the problem once).
 */
export async function syncRecordings(eventId: number, options: SyncOptions = {}): Promise<SyncResult> {
  const now = options.now ?? new Date()
  const event = await eventOrThrow(eventId)
  const { fetched, skipped } = await fetchEventRecordings(event, {
    client: options.client,
    force: options.force,
    linkedOnly: options.linkedOnly,
    now,
  })

  return db.transaction().execute(async (trx) => {
    let writes = 0
    const wrote = async () => {
      writes++
      await options.onWrite?.(writes)
    }
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    let removed = 0
    let availability = { unavailable: 0, relinked: 0 }
    if (fetched) {
      await clearRecordingsProblem(trx, eventId)
      if (fetched.complete) removed += await removeGoneVideos(trx, eventId, fetched, wrote)
      availability = await applyAvailability(trx, eventId, fetched, now, wrote)
    }
    const state = await loadSyncState(trx, eventId)
    const plan = decideSync(event, state)
    removed += await applySyncPlan(trx, eventId, plan, now, wrote)
    // Only when something was written: a run that changed nothing keeps every cached page.
    if (writes > 0) await publicContentChanged(trx, { eventId })
    return {
      source: fetched?.source ?? 'stored',
      skipped,
      fetched: fetched && fetched.source !== 'linked' ? servedFromListing(fetched) : null,
      videos: state.videos.length,
      linked: plan.linked,
      suggested: plan.suggested,
      removed,
      unavailable: availability.unavailable,
      relinked: availability.relinked,
      requests: fetched?.requests ?? 0,
      quotaUnits: fetched?.quotaUnits ?? 0,
    }
  })
}

/**
 * A re-check of the event's linked videos (videos.list only, 1 unit per 50). When one turns out to be gone and
 * the event names a playlist or channel, its listing is read as well, so a re-upload can be suggested in its
 * place. The result adds up both runs' counts and quota units.
 */
export async function recheckRecordings(eventId: number, options: SyncOptions = {}): Promise<SyncResult> {
  const recheck = await syncRecordings(eventId, { ...options, linkedOnly: true })
  if (!recheck.unavailable) return recheck
  const event = await eventOrThrow(eventId)
  if (!event.youtube_playlist_id && !event.youtube_channel_id) return recheck
  const sync = await syncRecordings(eventId, { ...options, linkedOnly: false })
  return {
    ...sync,
    linked: recheck.linked + sync.linked,
    suggested: recheck.suggested + sync.suggested,
    removed: recheck.removed + sync.removed,
    unavailable: recheck.unavailable + sync.unavailable,
    relinked: recheck.relinked + sync.relinked,
    requests: recheck.requests + sync.requests,
    quotaUnits: recheck.quotaUnits + sync.quotaUnits,
  }
}

export type SyncOutcome =
  | { status: 'succeeded'; run: JobRun; result: SyncResult }
  | { status: 'failed'; run: JobRun; error: Error; retryable: boolean }

/** `work` recorded as a run of `task` for the event (when, result counts, error); failures returned, not thrown. */
async function recordedRun(
  task: string,
  eventId: number,
  options: SyncOptions,
  work: () => Promise<SyncResult>,
): Promise<SyncOutcome> {
  const run = await startJobRun(task, eventId, options.now)
  // While this process lives the run says so; if it is killed, the run is marked failed within minutes.
  const heartbeat = keepJobRunAlive(run.id)
  try {
    const result = await work()
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
 * syncRecordings recorded as a run of the sync-recordings task, for the task runner and the organizers' button
 * alike. Failures are returned, not thrown; `retryable` says whether trying again later may help (quota, YouTube
 * or network trouble) or not (a bad key: the problem is recorded on the event).
 */
export async function runRecordingSync(eventId: number, options: SyncOptions = {}): Promise<SyncOutcome> {
  return recordedRun(SYNC_RECORDINGS_TASK, eventId, options, () => syncRecordings(eventId, options))
}

/** recheckRecordings recorded as a run of the recheck-recordings task, as runRecordingSync is. */
export async function runRecordingRecheck(eventId: number, options: SyncOptions = {}): Promise<SyncOutcome> {
  return recordedRun(RECHECK_RECORDINGS_TASK, eventId, options, () => recheckRecordings(eventId, options))
}

const DAY_MS = 86_400_000

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
    .where('ends_at', '>=', new Date(now.getTime() - RECORDING_SYNC_WINDOW_DAYS * DAY_MS))
    .orderBy('id')
    .execute()
}

/**
 * Published, started events with linked (or flagged) recordings that no sync re-checks any more — their sync
 * window is over, or they name no playlist or channel — and whose links were not re-checked in the last
 * RECHECK_INTERVAL_DAYS: the ones schedule-recording-syncs re-checks.
 */
export async function eventsDueForRecordingRecheck(now = new Date()): Promise<Array<{ id: number; slug: string }>> {
  const windowStart = new Date(now.getTime() - RECORDING_SYNC_WINDOW_DAYS * DAY_MS)
  const lastCheck = new Date(now.getTime() - RECHECK_INTERVAL_DAYS * DAY_MS)
  return db
    .selectFrom('events as e')
    .select(['e.id', 'e.slug'])
    .where('e.status', '=', 'published')
    .where('e.recordings_problem', 'is', null)
    .where('e.starts_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb.and([eb('e.youtube_playlist_id', 'is', null), eb('e.youtube_channel_id', 'is', null)]),
        eb('e.ends_at', '<', windowStart),
      ]),
    )
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('recordings as r')
          .select('r.id')
          .whereRef('r.event_id', '=', 'e.id')
          .where('r.status', 'in', ['linked', 'unavailable']),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('job_runs as j')
            .select('j.id')
            .whereRef('j.event_id', '=', 'e.id')
            .where('j.task', '=', RECHECK_RECORDINGS_TASK)
            .where('j.status', '=', 'succeeded')
            .where('j.started_at', '>', lastCheck),
        ),
      ),
    )
    .orderBy('e.id')
    .execute()
}
