/**
 * The first step of a sync: reading the event's videos from YouTube, unless there is no key, no playlist or
 * channel, or a recorded problem (a bad key) nobody asked to retry. What YouTube listed is stored at once, outside
 * the sync's transaction: storing is an idempotent upsert, so a run killed later leaves nothing half-done.
 * A permanent YouTube error is recorded on the event before it is rethrown.
 */
import type { Event } from '#db/schema'
import { db } from '~/utils/db.server'
import { youtubeClientFromEnv, type YoutubeClient } from './youtube-client.server'
import { PermanentYoutubeError } from './youtube-errors'
import { fetchEventVideos, type FetchedVideo, type FetchResult } from './youtube-fetch.server'

/** Why YouTube was not asked, when it was not. */
export type SyncSkipped = 'no-api-key' | 'no-source' | 'problem' | null

export type FetchStep = { fetched: FetchResult | null; skipped: SyncSkipped }

export async function fetchEventRecordings(
  event: Event,
  options: { client?: YoutubeClient | null; force?: boolean; now: Date },
): Promise<FetchStep> {
  const client = options.client === undefined ? youtubeClientFromEnv() : options.client
  let fetched: FetchResult | null = null
  let skipped: SyncSkipped = null
  if (!client) skipped = 'no-api-key'
  else if (!event.youtube_playlist_id && !event.youtube_channel_id) skipped = 'no-source'
  else if (event.recordings_problem && !options.force) skipped = 'problem'
  else {
    try {
      fetched = await fetchEventVideos(client, {
        playlistId: event.youtube_playlist_id,
        channelId: event.youtube_channel_id,
        publishedAfter: event.starts_at,
      })
    } catch (error) {
      if (error instanceof PermanentYoutubeError) await recordRecordingsProblem(event.id, error.message)
      throw error
    }
    if (fetched) await storeVideos(event.id, fetched.videos, options.now)
  }
  return { fetched, skipped }
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

/** Inserts or refreshes the event's stored videos; running it twice with the same videos changes nothing more. */
export async function storeVideos(eventId: number, videos: FetchedVideo[], now = new Date()): Promise<void> {
  for (let i = 0; i < videos.length; i += 200) {
    const rows = videos.slice(i, i + 200).map((v) => ({
      event_id: eventId,
      video_id: v.videoId,
      title: v.title,
      description: v.description,
      published_at: v.publishedAt,
      duration_seconds: v.durationSeconds,
      channel_id: v.channelId,
      fetched_at: now,
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
          fetched_at: eb.ref('excluded.fetched_at'),
        })),
      )
      .execute()
  }
}
