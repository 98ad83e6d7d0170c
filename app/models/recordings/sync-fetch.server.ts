/**
 * The first step of a sync: reading the event's videos from YouTube, unless there is no key, no playlist or
 * channel, or a recorded problem (a bad key) nobody asked to retry. What YouTube returned is stored at once,
 * outside the sync's transaction: storing is an idempotent upsert, so a run killed later leaves nothing half-done.
 * A permanent YouTube error is recorded on the event before it is rethrown.
 *
 * The event's linked videos are read on the way (the same videos.list batches), so every run re-checks them; a
 * re-check alone (recheck.server.ts) reads only those.
 */
import type { Event } from '#db/schema'
import { db } from '~/utils/db.server'
import { youtubeClientFromEnv, type YoutubeClient } from './youtube-client.server'
import { PermanentYoutubeError } from './youtube-errors'
import { fetchEventVideos, fetchVideoDetails, type FetchedVideo, type FetchResult } from './youtube-fetch.server'

/** Why YouTube was not asked, when it was not. */
export type SyncSkipped = 'no-api-key' | 'no-source' | 'problem' | null

/** What one run read from YouTube: a listing and its details, or (a re-check) the linked videos only. */
export type YoutubeRead = Omit<FetchResult, 'source'> & { source: FetchResult['source'] | 'linked' }

export type FetchStep = { fetched: YoutubeRead | null; skipped: SyncSkipped }

/** The videos the event's sessions are linked to (or were, before they became unavailable). */
export async function trackedVideoIds(eventId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('recordings')
    .select('video_id')
    .distinct()
    .where('event_id', '=', eventId)
    .where('status', 'in', ['linked', 'unavailable'])
    .orderBy('video_id')
    .execute()
  return rows.map((r) => r.video_id)
}

export async function fetchEventRecordings(
  event: Event,
  options: { client?: YoutubeClient | null; force?: boolean; now: Date; linkedOnly?: boolean },
): Promise<FetchStep> {
  const client = options.client === undefined ? youtubeClientFromEnv() : options.client
  if (!client) return { fetched: null, skipped: 'no-api-key' }
  const hasSource = Boolean(event.youtube_playlist_id || event.youtube_channel_id)
  if (!options.linkedOnly && !hasSource) return { fetched: null, skipped: 'no-source' }
  if (event.recordings_problem && !options.force) return { fetched: null, skipped: 'problem' }
  const tracked = await trackedVideoIds(event.id)
  let fetched: YoutubeRead | null
  try {
    if (options.linkedOnly) {
      const details = await fetchVideoDetails(client, tracked)
      fetched = { ...details, source: 'linked', listed: [], complete: false }
    } else {
      fetched = await fetchEventVideos(
        client,
        { playlistId: event.youtube_playlist_id, channelId: event.youtube_channel_id, publishedAfter: event.starts_at },
        tracked,
      )
    }
  } catch (error) {
    if (error instanceof PermanentYoutubeError) await recordRecordingsProblem(event.id, error.message)
    throw error
  }
  if (fetched) {
    await storeVideos(event.id, fetched.videos, options.now)
    await markChecked(event.id, fetched.missing, options.now)
  }
  return { fetched, skipped: null }
}

/** Tells organizers why recordings cannot be looked up; kept as first written until a look-up succeeds. */
export async function recordRecordingsProblem(eventId: number, message: string): Promise<boolean> {
  const result = await db
    .updateTable('events')
    .set({ recordings_problem: message })
    .where('id', '=', eventId)
    .where('recordings_problem', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** A video to store: what matching needs, and what else YouTube said of it, when known. */
export type VideoToStore = Pick<
  FetchedVideo,
  'videoId' | 'title' | 'description' | 'publishedAt' | 'durationSeconds' | 'channelId'
> &
  Partial<Omit<FetchedVideo, 'videoId' | 'title' | 'description' | 'publishedAt' | 'durationSeconds' | 'channelId'>>

/**
 * Inserts or refreshes the event's stored videos; running it twice with the same videos changes nothing more.
 * Whether a video is unavailable (`unavailable_since`) is not written here: the sync's transaction decides it,
 * knowing what it was before (recheck.server.ts).
 */
export async function storeVideos(eventId: number, videos: VideoToStore[], now = new Date()): Promise<void> {
  for (let i = 0; i < videos.length; i += 200) {
    const rows = videos.slice(i, i + 200).map((v) => ({
      event_id: eventId,
      video_id: v.videoId,
      title: v.title,
      description: v.description,
      published_at: v.publishedAt,
      duration_seconds: v.durationSeconds,
      channel_id: v.channelId,
      live_broadcast_content: v.liveBroadcastContent ?? 'none',
      actual_start_time: v.actualStartTime ?? null,
      actual_end_time: v.actualEndTime ?? null,
      scheduled_start_time: v.scheduledStartTime ?? null,
      has_captions: v.hasCaptions ?? null,
      privacy_status: v.privacyStatus ?? null,
      fetched_at: now,
      checked_at: now,
    }))
    await db
      .insertInto('youtube_videos')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['event_id', 'video_id']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          published_at: eb.ref('excluded.published_at'),
          duration_seconds: eb.ref('excluded.duration_seconds'),
          channel_id: eb.ref('excluded.channel_id'),
          live_broadcast_content: eb.ref('excluded.live_broadcast_content'),
          actual_start_time: eb.ref('excluded.actual_start_time'),
          actual_end_time: eb.ref('excluded.actual_end_time'),
          scheduled_start_time: eb.ref('excluded.scheduled_start_time'),
          has_captions: eb.ref('excluded.has_captions'),
          privacy_status: eb.ref('excluded.privacy_status'),
          fetched_at: eb.ref('excluded.fetched_at'),
          checked_at: eb.ref('excluded.checked_at'),
        })),
      )
      .execute()
  }
}

/** Stored videos YouTube returned nothing for were checked too: they are not due for another re-check yet. */
async function markChecked(eventId: number, videoIds: string[], now: Date): Promise<void> {
  if (!videoIds.length) return
  await db
    .updateTable('youtube_videos')
    .set({ checked_at: now })
    .where('event_id', '=', eventId)
    .where('video_id', 'in', videoIds)
    .execute()
}
