/** What organizers review on the recordings page, and their decisions: accept, reject, move, link by hand. */
import type { Transaction } from 'kysely'
import type { Database, RecordingStatus } from '#db/schema'
import { db } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import { RecordingError } from './recording-error'
import { parseYoutubeVideoId, youtubeWatchUrl } from './youtube-url'
import { publicContentChanged } from '../operations/public-content.server'

export type ReviewRecording = {
  id: number
  videoId: string
  url: string
  title: string | null
  status: RecordingStatus
  source: 'auto' | 'manual'
  score: number | null
  publishedAt: Date | null
  durationSeconds: number | null
}

export type ReviewSession = {
  sessionId: number
  title: string
  startsAt: Date
  endsAt: Date
  speakers: string[]
  cancelled: boolean
  recording: ReviewRecording | null
}

export type ReviewVideo = {
  videoId: string
  url: string
  title: string
  publishedAt: Date | null
  durationSeconds: number | null
}

/**
 * What organizers review: every published session (cancelled ones only when they hold a recording) with its
 * recording if any, and the stored videos no session uses.
 */
export async function listRecordingReview(
  eventId: number,
): Promise<{ sessions: ReviewSession[]; unmatched: ReviewVideo[] }> {
  const [sessions, recordings, videos] = await Promise.all([
    db
      .selectFrom('published_sessions')
      .select(['session_id', 'title', 'starts_at', 'ends_at', 'speakers', 'status', 'kind'])
      .where('event_id', '=', eventId)
      .orderBy('starts_at')
      .orderBy('room')
      .orderBy('session_id')
      .execute(),
    db.selectFrom('recordings').selectAll().where('event_id', '=', eventId).execute(),
    db
      .selectFrom('youtube_videos')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('published_at', 'desc')
      .orderBy('video_id')
      .execute(),
  ])
  const videoById = new Map(videos.map((v) => [v.video_id, v]))
  const bySession = new Map(recordings.map((r) => [r.session_id, r]))
  const used = new Set(recordings.map((r) => r.video_id))
  return {
    sessions: sessions
      .filter(
        (s) => bySession.has(s.session_id) || (s.status === 'scheduled' && s.kind !== 'break' && s.kind !== 'social'),
      )
      .map((s) => {
        const r = bySession.get(s.session_id)
        const v = r ? videoById.get(r.video_id) : undefined
        return {
          sessionId: s.session_id,
          title: s.title,
          startsAt: s.starts_at,
          endsAt: s.ends_at,
          speakers: s.speakers.map((p) => p.name),
          cancelled: s.status === 'cancelled',
          recording: r
            ? {
                id: r.id,
                videoId: r.video_id,
                url: youtubeWatchUrl(r.video_id),
                title: v?.title ?? null,
                status: r.status,
                source: r.source,
                score: r.score,
                publishedAt: v?.published_at ?? null,
                durationSeconds: v?.duration_seconds ?? null,
              }
            : null,
        }
      }),
    unmatched: videos
      .filter((v) => !used.has(v.video_id))
      .map((v) => ({
        videoId: v.video_id,
        url: youtubeWatchUrl(v.video_id),
        title: v.title,
        publishedAt: v.published_at,
        durationSeconds: v.duration_seconds,
      })),
  }
}

/** Confirms a suggestion: the recording is linked and shown publicly. */
export async function acceptRecording(eventId: number, recordingId: number, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('recordings')
      .set({ status: 'linked', updated_at: now })
      .where('id', '=', recordingId)
      .where('event_id', '=', eventId)
      .where('status', '=', 'suggested')
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) {
      throw new RecordingError('That suggestion no longer exists.', 'not_suggested')
    }
    await publicContentChanged(trx, { eventId })
  })
}

async function reject(trx: Transaction<Database>, eventId: number, sessionId: number, videoId: string) {
  await trx
    .insertInto('recording_rejections')
    .values({ event_id: eventId, session_id: sessionId, video_id: videoId })
    .onConflict((oc) => oc.columns(['session_id', 'video_id']).doNothing())
    .execute()
}

/** "This video is not this session": the recording goes, and the pair is never suggested again. */
export async function rejectRecording(eventId: number, recordingId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('recordings')
      .where('id', '=', recordingId)
      .where('event_id', '=', eventId)
      .returning(['session_id', 'video_id'])
      .executeTakeFirst()
    if (!removed) throw new RecordingError('That recording no longer exists.', 'not_found')
    await reject(trx, eventId, removed.session_id, removed.video_id)
    await publicContentChanged(trx, { eventId })
  })
}

/**
 * Links a video to a session by hand (picking another session for a video, or pasting its address). The video
 * leaves any other session of the event, and the session's previous video leaves it; both old pairs are
 * recorded as rejected so no later run proposes them again.
 */
export async function linkVideoToSession(
  eventId: number,
  sessionId: number,
  videoId: string,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    const session = await trx
      .selectFrom('published_sessions')
      .select('session_id')
      .where('event_id', '=', eventId)
      .where('session_id', '=', sessionId)
      .executeTakeFirst()
    if (!session) throw new RecordingError('There is no such published session.', 'not_found')
    const others = await trx
      .selectFrom('recordings')
      .selectAll()
      .where('event_id', '=', eventId)
      .where((eb) => eb.or([eb('video_id', '=', videoId), eb('session_id', '=', sessionId)]))
      .execute()
    const same = others.find((r) => r.session_id === sessionId && r.video_id === videoId)
    for (const r of others) {
      if (r === same) continue
      await trx.deleteFrom('recordings').where('id', '=', r.id).execute()
      await reject(trx, eventId, r.session_id, r.video_id)
    }
    // Linking by hand overrides an earlier rejection of this very pair.
    await trx
      .deleteFrom('recording_rejections')
      .where('session_id', '=', sessionId)
      .where('video_id', '=', videoId)
      .execute()
    if (same) {
      await trx
        .updateTable('recordings')
        .set({ status: 'linked', source: 'manual', score: null, updated_at: now })
        .where('id', '=', same.id)
        .execute()
    } else {
      await trx
        .insertInto('recordings')
        .values({
          event_id: eventId,
          session_id: sessionId,
          video_id: videoId,
          status: 'linked',
          source: 'manual',
          score: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
    await publicContentChanged(trx, { eventId })
  })
}

/** Links the video of any YouTube address (watch?v=, youtu.be/, /live/, /embed/, /shorts/) to a session. */
export async function linkRecordingByUrl(eventId: number, sessionId: number, url: string): Promise<string> {
  const videoId = parseYoutubeVideoId(url)
  if (!videoId) throw new RecordingError('Paste the address of a YouTube video.', 'invalid_url')
  await linkVideoToSession(eventId, sessionId, videoId)
  return videoId
}
