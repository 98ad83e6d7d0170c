/**
 * Re-checks: what YouTube now says of the videos sessions are linked to, turned into their recordings' status.
 * A video YouTube no longer returns (deleted, or private: an API key cannot see private videos) or returns as
 * private is unavailable: its links leave public pages (status 'unavailable') and are flagged to organizers,
 * never deleted. A video that comes back is linked again. An automatic link whose video left a complete listing
 * (taken out of the playlist) is flagged the same way, though the video itself may still play.
 *
 * Every sync re-checks on the way (its videos.list batches include the linked videos); the recheck-recordings
 * task re-checks older events' links alone (sync.server.ts, runRecordingRecheck). See
 * docs/decisions/020-recordings-as-they-come.md.
 */
import type { Transaction } from 'kysely'
import type { Database, Recording, YoutubeVideo } from '#db/schema'
import type { YoutubeRead } from './sync-fetch.server'

type Trx = Transaction<Database>

/** Days between two re-checks of an event's linked videos once its syncs are over. */
export const RECHECK_INTERVAL_DAYS = 7

export type AvailabilityPlan = {
  /** Videos YouTube no longer serves: their row gets `unavailable_since`. */
  goneVideos: string[]
  /** Videos served again: `unavailable_since` is cleared. */
  backVideos: string[]
  /** Recordings to take off public pages. */
  unavailable: number[]
  /** Recordings to show again. */
  relinked: number[]
}

type Verdict = 'available' | 'unavailable' | null

/**
 * Pure: from what one run read and what is stored, which videos and recordings change availability. Recordings
 * are the event's linked and unavailable ones; `stored` its video rows.
 *
 * - YouTube's verdict (the video returned and not private, or not) applies to every link, by hand or not.
 * - A complete listing that lacks a video also takes its automatic links off: the matcher linked them because the
 *   playlist (or channel) held the video. Links made by hand do not depend on the listing.
 * - A recording flagged unavailable is linked again when YouTube serves its video again and the reason is gone:
 *   it was YouTube's verdict, or the video is back in a complete listing.
 */
export function decideAvailability(
  read: Pick<YoutubeRead, 'videos' | 'missing' | 'listed' | 'complete'>,
  recordings: Array<Pick<Recording, 'id' | 'video_id' | 'status' | 'source'>>,
  stored: Array<Pick<YoutubeVideo, 'video_id' | 'unavailable_since'>>,
): AvailabilityPlan {
  const verdicts = new Map<string, Verdict>()
  for (const v of read.videos) verdicts.set(v.videoId, v.privacyStatus === 'private' ? 'unavailable' : 'available')
  for (const id of read.missing) verdicts.set(id, 'unavailable')
  const listed = new Set(read.listed)
  const inListing = (videoId: string): boolean | null => (read.complete ? listed.has(videoId) : null)
  const rowById = new Map(stored.map((v) => [v.video_id, v]))

  const goneVideos: string[] = []
  const backVideos: string[] = []
  for (const row of stored) {
    const verdict = verdicts.get(row.video_id) ?? null
    if (verdict === 'unavailable' && row.unavailable_since === null) goneVideos.push(row.video_id)
    if (verdict === 'available' && row.unavailable_since !== null) backVideos.push(row.video_id)
  }

  const unavailable: number[] = []
  const relinked: number[] = []
  for (const r of recordings) {
    const verdict = verdicts.get(r.video_id) ?? null
    const outOfListing = r.source === 'auto' && inListing(r.video_id) === false
    if (verdict === 'unavailable' || outOfListing) {
      if (r.status === 'linked') unavailable.push(r.id)
      continue
    }
    if (r.status !== 'unavailable' || verdict !== 'available') continue
    const row = rowById.get(r.video_id)
    // Without a row, or with one YouTube had said was gone, the flag was YouTube's verdict, and that is over.
    const youtubeHadItGone = !row || row.unavailable_since !== null
    if (r.source === 'manual' || inListing(r.video_id) === true || youtubeHadItGone) relinked.push(r.id)
  }
  return { goneVideos, backVideos, unavailable, relinked }
}

/**
 * Applies decideAvailability inside the sync's transaction. Writes only what changes: a run that finds nothing
 * new writes nothing. Returns how many recordings left public pages and how many came back.
 */
export async function applyAvailability(
  trx: Trx,
  eventId: number,
  read: YoutubeRead,
  now: Date,
  wrote: () => Promise<void>,
): Promise<{ unavailable: number; relinked: number }> {
  const [recordings, stored] = await Promise.all([
    trx
      .selectFrom('recordings')
      .select(['id', 'video_id', 'status', 'source'])
      .where('event_id', '=', eventId)
      .where('status', 'in', ['linked', 'unavailable'])
      .execute(),
    trx
      .selectFrom('youtube_videos')
      .select(['video_id', 'unavailable_since'])
      .where('event_id', '=', eventId)
      .execute(),
  ])
  const plan = decideAvailability(read, recordings, stored)
  if (plan.goneVideos.length) {
    await trx
      .updateTable('youtube_videos')
      .set({ unavailable_since: now })
      .where('event_id', '=', eventId)
      .where('video_id', 'in', plan.goneVideos)
      .execute()
    await wrote()
  }
  if (plan.backVideos.length) {
    await trx
      .updateTable('youtube_videos')
      .set({ unavailable_since: null })
      .where('event_id', '=', eventId)
      .where('video_id', 'in', plan.backVideos)
      .execute()
    await wrote()
  }
  for (const [ids, status] of [
    [plan.unavailable, 'unavailable'],
    [plan.relinked, 'linked'],
  ] as const) {
    if (!ids.length) continue
    await trx.updateTable('recordings').set({ status, updated_at: now }).where('id', 'in', ids).execute()
    await wrote()
  }
  return { unavailable: plan.unavailable.length, relinked: plan.relinked.length }
}
