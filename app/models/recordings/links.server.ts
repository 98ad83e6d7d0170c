/** What public pages, feeds, exports and the API show of a session's recording. */
import type { RecordingStatus } from '#db/schema'
import { db } from '~/utils/db.server'
import { youtubeEmbedUrl, youtubeWatchUrl } from './youtube-url'

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
