/**
 * What organizers review on the recordings page, and their decisions: accept (a suggestion, or a re-upload in
 * place of an unavailable video), reject, keep a flagged link, move, link by hand, and set where a session is in
 * a video (part and offsets, kept by later syncs).
 */
import { watchUrlAt } from './facade'
import type { Transaction } from 'kysely'
import type { Database, LiveBroadcastContent, Recording, RecordingStatus, YoutubeVideo } from '#db/schema'
import { db } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import { RecordingError } from './recording-error'
import { parseYoutubeVideoId, youtubeWatchUrl } from './youtube-url'
import { publicContentChanged } from '../operations/public-content.server'

type Trx = Transaction<Database>

/**
 * Why a link left public pages: YouTube no longer serves the video (`removed`: deleted, or private — an API key
 * cannot tell them apart), YouTube says it is private, or it left the playlist or channel the matcher found it in.
 */
export type UnavailableReason = 'removed' | 'private' | 'left-listing'

export type ReviewRecording = {
  id: number
  sessionId: number
  videoId: string
  /** youtube.com at the session's start in the video. */
  url: string
  title: string | null
  status: RecordingStatus
  source: 'auto' | 'manual'
  score: number | null
  publishedAt: Date | null
  durationSeconds: number | null
  part: number | null
  startSeconds: number | null
  endSeconds: number | null
  offsetsByOrganizer: boolean
  hasCaptions: boolean | null
  /** For a suggested re-upload: the unavailable video it would replace. */
  replacesVideoId: string | null
  /** For a recording flagged unavailable: why. */
  unavailableReason: UnavailableReason | null
  /** For a recording flagged unavailable: the re-upload suggested in its place, if any. */
  replacement: { id: number; videoId: string; url: string; title: string | null } | null
}

export type ReviewSession = {
  sessionId: number
  title: string
  startsAt: Date
  endsAt: Date
  speakers: string[]
  room: string | null
  cancelled: boolean
  /** Ordered by part, then by where the session starts in the video. */
  recordings: ReviewRecording[]
}

export type ReviewVideo = {
  videoId: string
  url: string
  title: string
  publishedAt: Date | null
  durationSeconds: number | null
}

/** A stored stream or premiere that has not ended: not a recording yet. */
export type ReviewStream = ReviewVideo & {
  liveBroadcastContent: Exclude<LiveBroadcastContent, 'none'>
  scheduledStartTime: Date | null
  actualStartTime: Date | null
}

function unavailableReason(r: Recording, video: YoutubeVideo | undefined): UnavailableReason | null {
  if (r.status !== 'unavailable') return null
  if (video && video.unavailable_since === null) return 'left-listing'
  return video?.privacy_status === 'private' ? 'private' : 'removed'
}

const byPosition = (a: Recording, b: Recording) =>
  (a.part ?? 0) - (b.part ?? 0) || (a.start_seconds ?? 0) - (b.start_seconds ?? 0) || a.id - b.id

/**
 * What organizers review: every published session (cancelled ones only when they hold a recording) with its
 * recordings, the stored videos no session uses, and the streams and premieres that have not ended.
 */
export async function listRecordingReview(
  eventId: number,
): Promise<{ sessions: ReviewSession[]; unmatched: ReviewVideo[]; streams: ReviewStream[] }> {
  const [sessions, recordings, videos] = await Promise.all([
    db
      .selectFrom('published_sessions')
      .select(['session_id', 'title', 'starts_at', 'ends_at', 'speakers', 'status', 'kind', 'room'])
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
  const bySession = new Map<number, Recording[]>()
  for (const r of [...recordings].sort(byPosition)) {
    const list = bySession.get(r.session_id) ?? []
    list.push(r)
    bySession.set(r.session_id, list)
  }
  const used = new Set(recordings.map((r) => r.video_id))
  const toReview = (r: Recording, sessionRecordings: Recording[]): ReviewRecording => {
    const v = videoById.get(r.video_id)
    const replacement =
      r.status === 'unavailable'
        ? sessionRecordings.find((x) => x.status === 'suggested' && x.replaces_video_id === r.video_id)
        : undefined
    return {
      id: r.id,
      sessionId: r.session_id,
      videoId: r.video_id,
      url: watchUrlAt(youtubeWatchUrl(r.video_id), r.start_seconds ?? 0),
      title: v?.title ?? null,
      status: r.status,
      source: r.source,
      score: r.score,
      publishedAt: v?.published_at ?? null,
      durationSeconds: v?.duration_seconds ?? null,
      part: r.part,
      startSeconds: r.start_seconds,
      endSeconds: r.end_seconds,
      offsetsByOrganizer: r.offsets_by_organizer,
      hasCaptions: v?.has_captions ?? null,
      replacesVideoId: r.replaces_video_id,
      unavailableReason: unavailableReason(r, v),
      replacement: replacement
        ? {
            id: replacement.id,
            videoId: replacement.video_id,
            url: watchUrlAt(youtubeWatchUrl(replacement.video_id), replacement.start_seconds ?? 0),
            title: videoById.get(replacement.video_id)?.title ?? null,
          }
        : null,
    }
  }
  const toVideo = (v: YoutubeVideo): ReviewVideo => ({
    videoId: v.video_id,
    url: youtubeWatchUrl(v.video_id),
    title: v.title,
    publishedAt: v.published_at,
    durationSeconds: v.duration_seconds,
  })
  return {
    sessions: sessions
      .filter(
        (s) => bySession.has(s.session_id) || (s.status === 'scheduled' && s.kind !== 'break' && s.kind !== 'social'),
      )
      .map((s) => {
        const own = bySession.get(s.session_id) ?? []
        return {
          sessionId: s.session_id,
          title: s.title,
          startsAt: s.starts_at,
          endsAt: s.ends_at,
          speakers: s.speakers.map((p) => p.name),
          room: s.room,
          cancelled: s.status === 'cancelled',
          recordings: own.map((r) => toReview(r, own)),
        }
      }),
    unmatched: videos
      .filter((v) => !used.has(v.video_id) && v.live_broadcast_content === 'none' && v.unavailable_since === null)
      .map(toVideo),
    streams: videos
      .filter((v) => v.live_broadcast_content !== 'none' && v.unavailable_since === null)
      .map((v) => ({
        ...toVideo(v),
        liveBroadcastContent: v.live_broadcast_content as Exclude<LiveBroadcastContent, 'none'>,
        scheduledStartTime: v.scheduled_start_time,
        actualStartTime: v.actual_start_time,
      })),
  }
}

async function reject(trx: Trx, eventId: number, sessionId: number, videoId: string) {
  await trx
    .insertInto('recording_rejections')
    .values({ event_id: eventId, session_id: sessionId, video_id: videoId })
    .onConflict((oc) => oc.columns(['session_id', 'video_id']).doNothing())
    .execute()
}

/** Drops recordings and records their pairs as rejected: no later run proposes them again. */
async function dropAndReject(trx: Trx, eventId: number, recordings: Recording[]) {
  for (const r of recordings) {
    await trx.deleteFrom('recordings').where('id', '=', r.id).execute()
    await reject(trx, eventId, r.session_id, r.video_id)
  }
}

/**
 * Confirms a suggestion: the recording is linked and shown publicly. A re-upload suggested in place of an
 * unavailable video takes that video's place: same part and offsets, and the old pair is rejected.
 */
export async function acceptRecording(eventId: number, recordingId: number, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    const suggestion = await trx
      .selectFrom('recordings')
      .selectAll()
      .where('id', '=', recordingId)
      .where('event_id', '=', eventId)
      .where('status', '=', 'suggested')
      .executeTakeFirst()
    if (!suggestion) throw new RecordingError('That suggestion no longer exists.', 'not_suggested')
    const replaced = suggestion.replaces_video_id
      ? await trx
          .selectFrom('recordings')
          .selectAll()
          .where('session_id', '=', suggestion.session_id)
          .where('video_id', '=', suggestion.replaces_video_id)
          .executeTakeFirst()
      : undefined
    const position = replaced
      ? {
          part: replaced.part,
          start_seconds: replaced.start_seconds,
          end_seconds: replaced.end_seconds,
          offsets_by_organizer: replaced.offsets_by_organizer,
        }
      : {}
    if (replaced) await dropAndReject(trx, eventId, [replaced])
    await trx
      .updateTable('recordings')
      .set({ status: 'linked', replaces_video_id: null, updated_at: now, ...position })
      .where('id', '=', suggestion.id)
      .execute()
    await publicContentChanged(trx, { eventId })
  })
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
 * "Keep it linked": a link flagged because its video left the playlist or channel, while YouTube still serves
 * the video, is shown again as a link made by hand (which no listing takes away). A video YouTube no longer
 * serves cannot be kept.
 */
export async function keepRecording(eventId: number, recordingId: number, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    const row = await trx
      .selectFrom('recordings as r')
      .leftJoin('youtube_videos as v', (join) =>
        join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
      )
      .select(['r.id', 'r.status', 'v.unavailable_since', 'v.video_id as stored'])
      .where('r.id', '=', recordingId)
      .where('r.event_id', '=', eventId)
      .executeTakeFirst()
    if (!row) throw new RecordingError('That recording no longer exists.', 'not_found')
    if (row.status !== 'unavailable' || !row.stored || row.unavailable_since !== null) {
      throw new RecordingError(
        row.status === 'unavailable'
          ? 'YouTube no longer serves this video: unlink it, or link another video.'
          : 'This recording is not flagged.',
        'invalid_change',
      )
    }
    await trx
      .updateTable('recordings')
      .set({ status: 'linked', source: 'manual', updated_at: now })
      .where('id', '=', recordingId)
      .execute()
    await publicContentChanged(trx, { eventId })
  })
}

/** Where a session is in a video, as an organizer sets it. */
export type RecordingPosition = { part: number | null; startSeconds: number | null; endSeconds: number | null }

/**
 * Sets a recording's part and its offsets in the video (a room stream, a recording that kept the minutes before
 * the session). Later syncs keep them (`offsets_by_organizer`). Offsets past the video's end are refused by the
 * field they are about.
 */
export async function setRecordingPosition(
  eventId: number,
  recordingId: number,
  position: RecordingPosition,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    const row = await trx
      .selectFrom('recordings as r')
      .leftJoin('youtube_videos as v', (join) =>
        join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
      )
      .select(['r.id', 'v.duration_seconds'])
      .where('r.id', '=', recordingId)
      .where('r.event_id', '=', eventId)
      .executeTakeFirst()
    if (!row) throw new RecordingError('That recording no longer exists.', 'not_found')
    const length = row.duration_seconds
    if (length) {
      if (position.startSeconds !== null && position.startSeconds >= length) {
        throw new RecordingError('This is past the end of the video.', 'invalid_change', 'startSeconds')
      }
      if (position.endSeconds !== null && position.endSeconds > length) {
        throw new RecordingError('This is past the end of the video.', 'invalid_change', 'endSeconds')
      }
    }
    await trx
      .updateTable('recordings')
      .set({
        part: position.part,
        start_seconds: position.startSeconds,
        end_seconds: position.endSeconds,
        offsets_by_organizer: true,
        updated_at: now,
      })
      .where('id', '=', recordingId)
      .execute()
    await publicContentChanged(trx, { eventId })
  })
}

export type LinkOptions = {
  /** The session the video moves from (its recording there goes, rejected). */
  fromSessionId?: number | null
  /** The part of the session's recording the video is; none: the video is the whole recording. */
  part?: number | null
  now?: Date
}

/**
 * Links a video to a session by hand (picking a session for a video, or pasting its address). As the session's
 * whole recording (no part), it replaces the session's other videos; as part N, it replaces only another part N.
 * Moved from another session, it leaves that one. Every pair it replaces is recorded as rejected so no later run
 * proposes it again. A room stream keeps its other sessions.
 */
export async function linkVideoToSession(
  eventId: number,
  sessionId: number,
  videoId: string,
  options: LinkOptions = {},
): Promise<void> {
  const now = options.now ?? new Date()
  const part = options.part ?? null
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    const session = await trx
      .selectFrom('published_sessions')
      .select('session_id')
      .where('event_id', '=', eventId)
      .where('session_id', '=', sessionId)
      .executeTakeFirst()
    if (!session) throw new RecordingError('There is no such published session.', 'not_found')
    const sessions = [sessionId, ...(options.fromSessionId ? [options.fromSessionId] : [])]
    const around = await trx
      .selectFrom('recordings')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('session_id', 'in', sessions)
      .execute()
    const same = around.find((r) => r.session_id === sessionId && r.video_id === videoId)
    const replaced = around.filter((r) => {
      if (r === same) return false
      if (r.session_id !== sessionId) return r.video_id === videoId
      return part === null || r.part === part
    })
    await dropAndReject(trx, eventId, replaced)
    // Linking by hand overrides an earlier rejection of this very pair.
    await trx
      .deleteFrom('recording_rejections')
      .where('session_id', '=', sessionId)
      .where('video_id', '=', videoId)
      .execute()
    if (same) {
      await trx
        .updateTable('recordings')
        .set({
          status: 'linked',
          source: 'manual',
          score: null,
          replaces_video_id: null,
          part,
          updated_at: now,
        })
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
          part,
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
    await publicContentChanged(trx, { eventId })
  })
}

/** Links the video of any YouTube address (watch?v=, youtu.be/, /live/, /embed/, /shorts/) to a session. */
export async function linkRecordingByUrl(
  eventId: number,
  sessionId: number,
  url: string,
  options: Pick<LinkOptions, 'part'> = {},
): Promise<string> {
  const videoId = parseYoutubeVideoId(url)
  if (!videoId) throw new RecordingError('Paste the address of a YouTube video.', 'invalid_url')
  await linkVideoToSession(eventId, sessionId, videoId, options)
  return videoId
}
