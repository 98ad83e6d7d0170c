/**
 * What public pages, feeds, exports and the API show of a session's recordings: its videos in order (the parts
 * of a split recording; a session's stretch of a room stream), and a live stream while the session runs.
 */
import type { RecordingStatus } from '#db/schema'
import { db } from '~/utils/db.server'
import { partLabel, sessionStartInVideo, watchUrlAt } from './facade'
import { youtubeEmbedUrl, youtubeWatchUrl } from './youtube-url'

export type RecordingLink = {
  videoId: string
  /** youtube.com's watch address at the session's start in the video (`&t=123s`). */
  url: string
  /** youtube-nocookie.com embed address for the session page's player (the facade adds start and end). */
  embedUrl: string
  status: RecordingStatus
  /** The video's title on YouTube, when it is stored. */
  title: string | null
  /** The video's length, when it is stored. */
  durationSeconds: number | null
  /** 1, 2, … for one part of a recording split over several videos; null for a video that is the whole of it. */
  part: number | null
  /** "Part 1 of 2" for one part of a split recording. */
  partLabel: string | null
  /** Where the session starts in the video: set by the matcher or organizers, else its chapter; 0 from the start. */
  startSeconds: number
  /** Where the session ends in the video; null: at its end. */
  endSeconds: number | null
  /** Whether YouTube has captions for the video; null while that is not known. */
  captions: boolean | null
}

/** What public pages show: linked recordings only. 'unavailable' ones (the video is gone) never. */
const PUBLIC_STATUSES: RecordingStatus[] = ['linked']
/** Organizer views also see what waits for review. */
const REVIEW_STATUSES: RecordingStatus[] = ['linked', 'suggested']

function recordingRows() {
  return (
    db
      .selectFrom('recordings as r')
      .leftJoin('youtube_videos as v', (join) =>
        join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
      )
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .select([
        'r.session_id',
        'r.video_id',
        'r.status',
        'r.part',
        'r.start_seconds',
        'r.end_seconds',
        'v.title',
        'v.duration_seconds',
        'v.description',
        'v.has_captions',
        's.title as session_title',
      ])
      // A video a re-check found removed or private is off public pages at once, whatever its link says.
      .where('v.unavailable_since', 'is', null)
      // A premiere or a stream still on air is not a recording yet (the session page links it as live instead).
      .where((eb) => eb.or([eb('v.live_broadcast_content', 'is', null), eb('v.live_broadcast_content', '=', 'none')]))
  )
}

type LinkRow = Awaited<ReturnType<ReturnType<typeof recordingRows>['execute']>>[number]

/** One session's rows as links, in order: by part (whole videos after the parts), then by start in the video. */
function toLinks(rows: LinkRow[]): RecordingLink[] {
  const parts = rows.filter((row) => row.part !== null)
  const partCount = Math.max(parts.length, ...parts.map((row) => row.part!))
  return rows
    .map((row): RecordingLink => {
      const startSeconds = row.start_seconds ?? sessionStartInVideo(row.description ?? '', row.session_title)
      return {
        videoId: row.video_id,
        url: watchUrlAt(youtubeWatchUrl(row.video_id), startSeconds),
        embedUrl: youtubeEmbedUrl(row.video_id),
        status: row.status,
        title: row.title,
        durationSeconds: row.duration_seconds,
        part: row.part,
        partLabel: row.part === null ? null : partLabel(row.part, partCount),
        startSeconds,
        endSeconds: row.end_seconds,
        captions: row.has_captions,
      }
    })
    .sort(
      (a, b) =>
        (a.part ?? Number.MAX_SAFE_INTEGER) - (b.part ?? Number.MAX_SAFE_INTEGER) ||
        a.startSeconds - b.startSeconds ||
        a.videoId.localeCompare(b.videoId),
    )
}

/**
 * The recordings of a session for public pages, feeds and the API, in order: linked ones only, unless
 * suggestions are asked for (organizer views). Empty when there is none.
 */
export async function recordingsForSession(
  sessionId: number,
  options: { includeSuggested?: boolean } = {},
): Promise<RecordingLink[]> {
  const rows = await recordingRows()
    .where('r.session_id', '=', sessionId)
    .where('r.status', 'in', options.includeSuggested ? REVIEW_STATUSES : PUBLIC_STATUSES)
    .execute()
  return toLinks(rows)
}

/** The first of recordingsForSession (part 1, or the whole video), or null: for callers that show one. */
export async function recordingForSession(
  sessionId: number,
  options: { includeSuggested?: boolean } = {},
): Promise<RecordingLink | null> {
  return (await recordingsForSession(sessionId, options))[0] ?? null
}

/** The linked recordings of an event's sessions by session id, each session's in order, for feeds, exports and the API. */
export async function linkedRecordingsForEvent(eventId: number): Promise<Map<number, RecordingLink[]>> {
  const rows = await recordingRows()
    .where('r.event_id', '=', eventId)
    .where('r.status', 'in', PUBLIC_STATUSES)
    .execute()
  const bySession = new Map<number, LinkRow[]>()
  for (const row of rows) bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row])
  return new Map([...bySession].map(([sessionId, sessionRows]) => [sessionId, toLinks(sessionRows)]))
}

/**
 * The stream on air for a session while it runs (`now` between its published start and end): a video YouTube
 * says is live, linked or suggested for it. Null otherwise; after the stream it becomes a recording like any.
 */
export async function liveStreamForSession(
  sessionId: number,
  now: Date,
): Promise<{ videoId: string; url: string } | null> {
  const row = await db
    .selectFrom('recordings as r')
    .innerJoin('youtube_videos as v', (join) =>
      join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
    )
    .innerJoin('published_sessions as s', 's.session_id', 'r.session_id')
    .select(['r.video_id'])
    .where('r.session_id', '=', sessionId)
    .where('r.status', 'in', REVIEW_STATUSES)
    .where('v.live_broadcast_content', '=', 'live')
    .where('v.unavailable_since', 'is', null)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '<=', now)
    .where('s.ends_at', '>', now)
    .orderBy('r.video_id')
    .executeTakeFirst()
  return row ? { videoId: row.video_id, url: youtubeWatchUrl(row.video_id) } : null
}

/** How many sessions of each event have a linked recording, for the home page's list of past events. */
export async function countLinkedRecordings(eventIds: number[]): Promise<Map<number, number>> {
  if (!eventIds.length) return new Map()
  const rows = await recordingRows()
    .clearSelect()
    .select(['r.event_id', (eb) => eb.fn.count<number>('r.session_id').distinct().as('n')])
    .where('r.event_id', 'in', eventIds)
    .where('r.status', 'in', PUBLIC_STATUSES)
    .groupBy('r.event_id')
    .execute()
  return new Map(rows.map((row) => [row.event_id, Number(row.n)]))
}
