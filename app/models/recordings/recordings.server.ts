import type { Transaction } from 'kysely'
import type { Database, Event, JobRun, RecordingStatus } from '#db/schema'
import { db } from '~/utils/db.server'
import { youtubeClientFromEnv, type YoutubeClient } from '~/models/recordings/youtube-client.server'
import { finishJobRun, keepJobRunAlive, startJobRun } from '../operations/job-runs.server'
import { matchRecordings } from './match'
import {
  fetchEventVideos,
  PermanentYoutubeError,
  RetryableYoutubeError,
  storeVideos,
  type FetchResult,
} from './youtube-fetch.server'
import { parseYoutubeVideoId, youtubeEmbedUrl, youtubeWatchUrl } from './youtube-url'
import { DomainError } from '~/utils/domain-error'
import { lockEvent } from '../events/lock.server'

export const SYNC_RECORDINGS_TASK = 'sync-recordings'

export class RecordingError extends DomainError<'not_found' | 'invalid_url' | 'not_suggested'> {}

export type SyncResult = {
  /** Where the videos came from: YouTube (the playlist, or the channel's search) or the ones stored before. */
  source: 'playlist' | 'channel' | 'stored'
  /** Why YouTube was not asked, when it was not. */
  skipped: 'no-api-key' | 'no-source' | 'problem' | null
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
  const client = options.client === undefined ? youtubeClientFromEnv() : options.client
  let fetched: FetchResult | null = null
  let skipped: SyncResult['skipped'] = null
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
      if (error instanceof PermanentYoutubeError) await recordRecordingsProblem(eventId, error.message)
      throw error
    }
    if (fetched) await storeVideos(eventId, fetched.videos, now)
  }

  return db.transaction().execute(async (trx) => {
    let writes = 0
    const wrote = async () => {
      writes++
      await options.onWrite?.(writes)
    }
    if (!(await lockEvent(trx, eventId))) throw new RecordingError('There is no such event.', 'not_found')
    let removed = 0
    if (fetched) {
      await trx
        .updateTable('events')
        .set({ recordings_problem: null })
        .where('id', '=', eventId)
        .where('recordings_problem', 'is not', null)
        .execute()
    }
    if (fetched?.complete) {
      // Videos the complete listing no longer holds are gone (deleted, private, out of the playlist): so are
      // their automatic links. Links made by hand stay: organizers may link any video.
      const present = fetched.videos.map((v) => v.videoId)
      let goneLinks = trx.deleteFrom('recordings').where('event_id', '=', eventId).where('source', '=', 'auto')
      let goneVideos = trx.deleteFrom('youtube_videos').where('event_id', '=', eventId)
      if (present.length) {
        goneLinks = goneLinks.where('video_id', 'not in', present)
        goneVideos = goneVideos.where('video_id', 'not in', present)
      }
      removed += Number((await goneLinks.executeTakeFirst()).numDeletedRows)
      await wrote()
      await goneVideos.execute()
      await wrote()
    }

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
    const matches = matchRecordings({
      event: { title: event.title, startsAt: event.starts_at, endsAt: event.ends_at, timeZone: event.time_zone },
      sessions: sessions.map((s) => ({
        id: s.session_id,
        title: s.title,
        speakers: s.speakers.map((p) => p.name),
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        kind: s.kind,
      })),
      videos: videos.map((v) => ({
        videoId: v.video_id,
        title: v.title,
        description: v.description,
        publishedAt: v.published_at,
        durationSeconds: v.duration_seconds,
      })),
      rejected: rejections.map((r) => ({ sessionId: r.session_id, videoId: r.video_id })),
      linked: recordings
        .filter((r) => r.status === 'linked')
        .map((r) => ({ sessionId: r.session_id, videoId: r.video_id })),
    })

    const key = (sessionId: number, videoId: string) => `${sessionId} ${videoId}`
    const wanted = new Map(matches.map((m) => [key(m.sessionId, m.videoId), m]))
    const suggestions = recordings.filter((r) => r.status === 'suggested')
    let linked = 0
    let suggested = 0
    // Drop suggestions the matcher no longer makes before writing new rows: a session and a video have one
    // recording at most.
    const stale = suggestions.filter((r) => !wanted.has(key(r.session_id, r.video_id))).map((r) => r.id)
    if (stale.length) {
      removed += Number((await trx.deleteFrom('recordings').where('id', 'in', stale).executeTakeFirst()).numDeletedRows)
      await wrote()
    }
    const existing = new Map(suggestions.map((r) => [key(r.session_id, r.video_id), r]))
    for (const match of matches) {
      const current = existing.get(key(match.sessionId, match.videoId))
      if (current) {
        if (current.status === match.status && Math.abs((current.score ?? -1) - match.score) < 1e-4) continue
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
      if (match.status === 'linked') linked++
      else if (!current) suggested++
    }
    return {
      source: fetched?.source ?? 'stored',
      skipped,
      fetched: fetched ? fetched.videos.length : null,
      videos: videos.length,
      linked,
      suggested,
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

/** Published events with a playlist or channel, from their start until `days` after their end, without problem. */
export async function eventsDueForRecordingSync(
  now = new Date(),
  days = 60,
): Promise<Array<{ id: number; slug: string }>> {
  return db
    .selectFrom('events')
    .select(['id', 'slug'])
    .where('status', '=', 'published')
    .where('recordings_problem', 'is', null)
    .where((eb) => eb.or([eb('youtube_playlist_id', 'is not', null), eb('youtube_channel_id', 'is not', null)]))
    .where('starts_at', '<=', now)
    .where('ends_at', '>=', new Date(now.getTime() - days * 86_400_000))
    .orderBy('id')
    .execute()
}

export type RecordingLink = {
  videoId: string
  url: string
  /** youtube-nocookie.com embed address for the session page's iframe. */
  embedUrl: string
  status: RecordingStatus
  /** The video's title on YouTube, when it is stored. */
  title: string | null
}

function toLink(row: { video_id: string; status: RecordingStatus; title: string | null }): RecordingLink {
  return {
    videoId: row.video_id,
    url: youtubeWatchUrl(row.video_id),
    embedUrl: youtubeEmbedUrl(row.video_id),
    status: row.status,
    title: row.title,
  }
}

function recordingsWithTitles() {
  return db
    .selectFrom('recordings as r')
    .leftJoin('youtube_videos as v', (join) =>
      join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
    )
    .select(['r.session_id', 'r.video_id', 'r.status', 'v.title'])
}

/**
 * The recording of a session for public pages, feeds and the API: linked ones only, unless suggestions are
 * asked for (organizer views). Null when there is none.
 */
export async function recordingForSession(
  sessionId: number,
  options: { includeSuggested?: boolean } = {},
): Promise<RecordingLink | null> {
  let query = recordingsWithTitles().where('r.session_id', '=', sessionId)
  if (!options.includeSuggested) query = query.where('r.status', '=', 'linked')
  const row = await query.executeTakeFirst()
  return row ? toLink(row) : null
}

/** The linked recordings of an event's sessions by session id, for agendas, feeds, exports and the API. */
export async function linkedRecordingsForEvent(eventId: number): Promise<Map<number, RecordingLink>> {
  const rows = await recordingsWithTitles().where('r.event_id', '=', eventId).where('r.status', '=', 'linked').execute()
  return new Map(rows.map((row) => [row.session_id, toLink(row)]))
}

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
  const result = await db
    .updateTable('recordings')
    .set({ status: 'linked', updated_at: now })
    .where('id', '=', recordingId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'suggested')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) {
    throw new RecordingError('That suggestion no longer exists.', 'not_suggested')
  }
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
  })
}

/** Links the video of any YouTube address (watch?v=, youtu.be/, /live/, /embed/, /shorts/) to a session. */
export async function linkRecordingByUrl(eventId: number, sessionId: number, url: string): Promise<string> {
  const videoId = parseYoutubeVideoId(url)
  if (!videoId) throw new RecordingError('Paste the address of a YouTube video.', 'invalid_url')
  await linkVideoToSession(eventId, sessionId, videoId)
  return videoId
}

/** Moves a video (a recording's or an unmatched one) to another session. */
export async function moveRecording(eventId: number, videoId: string, sessionId: number): Promise<void> {
  await linkVideoToSession(eventId, sessionId, videoId)
}

export { PermanentYoutubeError, RetryableYoutubeError }
