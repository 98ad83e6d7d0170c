/**
 * The third step of a sync: its reads and writes inside the one transaction syncRecordings opens under the
 * event's lock (lockEvent), so a run killed half way leaves nothing half-linked and two runs never link the same
 * thing twice. `wrote` is called after each write: syncRecordings' test seam for a run killed mid-transaction.
 */
import type { Transaction } from 'kysely'
import type { Database } from '#db/schema'
import type { SyncPlan, SyncState } from './sync-decide'
import type { FetchedVideo } from './youtube-fetch.server'

type Trx = Transaction<Database>

/** A look-up succeeded: the problem recorded on the event, if any, is over. */
export async function clearRecordingsProblem(trx: Trx, eventId: number): Promise<void> {
  await trx
    .updateTable('events')
    .set({ recordings_problem: null })
    .where('id', '=', eventId)
    .where('recordings_problem', 'is not', null)
    .execute()
}

/**
 * Videos a complete listing no longer holds are gone (deleted, private, out of the playlist): so are their
 * automatic links. Links made by hand stay: organizers may link any video. Returns how many links went.
 */
export async function removeGoneVideos(
  trx: Trx,
  eventId: number,
  listed: FetchedVideo[],
  wrote: () => Promise<void>,
): Promise<number> {
  const present = listed.map((v) => v.videoId)
  let goneLinks = trx.deleteFrom('recordings').where('event_id', '=', eventId).where('source', '=', 'auto')
  let goneVideos = trx.deleteFrom('youtube_videos').where('event_id', '=', eventId)
  if (present.length) {
    goneLinks = goneLinks.where('video_id', 'not in', present)
    goneVideos = goneVideos.where('video_id', 'not in', present)
  }
  const removed = Number((await goneLinks.executeTakeFirst()).numDeletedRows)
  await wrote()
  await goneVideos.execute()
  await wrote()
  return removed
}

/** What decideSync weighs, read under the lock. */
export async function loadSyncState(trx: Trx, eventId: number): Promise<SyncState> {
  const [videos, sessions, recordings, rejections] = await Promise.all([
    trx.selectFrom('youtube_videos').selectAll().where('event_id', '=', eventId).orderBy('video_id').execute(),
    trx
      .selectFrom('published_sessions')
      .select(['session_id', 'title', 'speakers', 'starts_at', 'ends_at', 'kind'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'scheduled')
      .orderBy('starts_at')
      .orderBy('session_id')
      .execute(),
    trx.selectFrom('recordings').selectAll().where('event_id', '=', eventId).execute(),
    trx.selectFrom('recording_rejections').selectAll().where('event_id', '=', eventId).execute(),
  ])
  return { videos, sessions, recordings, rejections }
}

/** Writes what decideSync planned. Returns how many stale suggestions went. */
export async function applySyncPlan(
  trx: Trx,
  eventId: number,
  plan: SyncPlan,
  now: Date,
  wrote: () => Promise<void>,
): Promise<number> {
  let removed = 0
  // Drop suggestions the matcher no longer makes before writing new rows: a session and a video have one
  // recording at most.
  if (plan.stale.length) {
    removed += Number(
      (await trx.deleteFrom('recordings').where('id', 'in', plan.stale).executeTakeFirst()).numDeletedRows,
    )
    await wrote()
  }
  for (const { match, current } of plan.writes) {
    if (current) {
      await trx
        .updateTable('recordings')
        .set({ status: match.status, score: match.score, updated_at: now })
        .where('id', '=', current.id)
        .execute()
    } else {
      await trx
        .insertInto('recordings')
        .values({
          event_id: eventId,
          session_id: match.sessionId,
          video_id: match.videoId,
          status: match.status,
          score: match.score,
          source: 'auto',
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
    await wrote()
  }
  return removed
}
