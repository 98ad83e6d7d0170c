/** What public pages, feeds, exports and the API show of a session's recording. */
import type { RecordingStatus } from '#db/schema'
import { db } from '~/utils/db.server'
import { recordingPart, sessionStartInVideo } from './facade'
import { youtubeEmbedUrl, youtubeWatchUrl } from './youtube-url'

export type RecordingLink = {
  videoId: string
  url: string
  /** youtube-nocookie.com embed address for the session page's iframe. */
  embedUrl: string
  status: RecordingStatus
  /** The video's title on YouTube, when it is stored. */
  title: string | null
  /** The video's length, when it is stored. */
  durationSeconds: number | null
  /** Where the session starts in the video (its chapter in the description); 0 from the start. */
  startSeconds: number
  /** "Part 1 of 2" for one part of a split upload. */
  part: string | null
}

type LinkRow = {
  video_id: string
  status: RecordingStatus
  title: string | null
  duration_seconds: number | null
  description: string | null
  session_title: string
}

function toLink(row: LinkRow): RecordingLink {
  return {
    videoId: row.video_id,
    url: youtubeWatchUrl(row.video_id),
    embedUrl: youtubeEmbedUrl(row.video_id),
    status: row.status,
    title: row.title,
    durationSeconds: row.duration_seconds,
    startSeconds: sessionStartInVideo(row.description ?? '', row.session_title),
    part: row.title ? recordingPart(row.title) : null,
  }
}

function recordingsWithTitles() {
  return db
    .selectFrom('recordings as r')
    .leftJoin('youtube_videos as v', (join) =>
      join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
    )
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select([
      'r.session_id',
      'r.video_id',
      'r.status',
      'v.title',
      'v.duration_seconds',
      'v.description',
      's.title as session_title',
    ])
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

/** How many sessions of each event have a linked recording, for the home page's list of past events. */
export async function countLinkedRecordings(eventIds: number[]): Promise<Map<number, number>> {
  if (!eventIds.length) return new Map()
  const rows = await db
    .selectFrom('recordings')
    .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', 'in', eventIds)
    .where('status', '=', 'linked')
    .groupBy('event_id')
    .execute()
  return new Map(rows.map((row) => [row.event_id, Number(row.n)]))
}
