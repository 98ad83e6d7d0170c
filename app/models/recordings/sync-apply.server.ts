/**
 * The third step of a sync: its reads and writes inside the one transaction syncRecordings opens under the
 * event's lock (lockEvent), so a run killed half way leaves nothing half-linked and two runs never link the same
 * thing twice. `wrote` is called after each write: syncRecordings' test seam for a run killed mid-transaction.
 */
import type { Transaction } from 'kysely'
import type { Database } from '#db/schema'
import type { SyncPlan, SyncState } from './sync-decide'
import type { YoutubeRead } from './sync-fetch.server'

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
 * After a complete listing: stored videos it no longer holds with details (deleted, private, out of the
 * playlist) are forgotten, with their suggestions — unless a session is linked to them, or was: those stay,
 * their recordings flagged by applyAvailability, so no link disappears silently. Returns how many suggestions went.
 */
export async function removeGoneVideos(
  trx: Trx,
  eventId: number,
  read: Pick<YoutubeRead, 'videos' | 'listed'>,
  wrote: () => Promise<void>,
): Promise<number> {
  const returned = new Set(read.videos.filter((v) => v.privacyStatus !== 'private').map((v) => v.videoId))
  const present = read.listed.filter((id) => returned.has(id))
  let goneSuggestions = trx.deleteFrom('recordings').where('event_id', '=', eventId).where('status', '=', 'suggested')
  if (present.length) goneSuggestions = goneSuggestions.where('video_id', 'not in', present)
  const removed = Number((await goneSuggestions.executeTakeFirst()).numDeletedRows)
  if (removed) await wrote()
  let goneVideos = trx
    .deleteFrom('youtube_videos')
    .where('event_id', '=', eventId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('recordings as r')
            .select('r.id')
            .whereRef('r.event_id', '=', 'youtube_videos.event_id')
            .whereRef('r.video_id', '=', 'youtube_videos.video_id'),
        ),
      ),
    )
  if (present.length) goneVideos = goneVideos.where('video_id', 'not in', present)
  if (Number((await goneVideos.executeTakeFirst()).numDeletedRows)) await wrote()
  return removed
}

/** What decideSync weighs, read under the lock. */
export async function loadSyncState(trx: Trx, eventId: number): Promise<SyncState> {
  const [videos, sessions, recordings, rejections] = await Promise.all([
    trx.selectFrom('youtube_videos').selectAll().where('event_id', '=', eventId).orderBy('video_id').execute(),
    trx
      .selectFrom('published_sessions')
      .select(['session_id', 'title', 'speakers', 'starts_at', 'ends_at', 'kind', 'room'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'scheduled')
      .orderBy('starts_at')
      .orderBy('session_id')
      .execute(),
    trx.selectFrom('recordings').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
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
  // Stale suggestions go before new rows are written: a session and a video have one recording at most.
  if (plan.stale.length) {
    removed += Number(
      (await trx.deleteFrom('recordings').where('id', 'in', plan.stale).executeTakeFirst()).numDeletedRows,
    )
    await wrote()
  }
  for (const { recording: r, current } of plan.writes) {
    const values = {
      status: r.status,
      score: r.score,
      part: r.part,
      start_seconds: r.startSeconds,
      end_seconds: r.endSeconds,
      replaces_video_id: r.replacesVideoId,
      updated_at: now,
    }
    if (current) {
      await trx.updateTable('recordings').set(values).where('id', '=', current.id).execute()
    } else {
      await trx
        .insertInto('recordings')
        .values({
          ...values,
          event_id: eventId,
          session_id: r.sessionId,
          video_id: r.videoId,
          source: 'auto',
          created_at: now,
        })
        .execute()
    }
    await wrote()
  }
  return removed
}
