/**
 * The second step of a sync, pure: from what the database holds under the event's lock — stored videos, scheduled
 * published sessions, recordings and rejected pairs — what to write: the suggestions to drop, and the links and
 * suggestions to make or update. Which videos record which session (parts of a split upload, sessions of a room
 * stream, with their offsets) is match.ts's decision; this turns its answer into changes to the rows already
 * there, and adds one suggestion of its own: the re-upload of an unavailable video, as its replacement.
 */
import type { Event, PublishedSession, Recording, YoutubeVideo } from '#db/schema'
import { matchRecordings, type Match, type MatchSession, type MatchVideo } from './match'
import { NOISE, tokens } from './match-words'

export type SyncState = {
  videos: YoutubeVideo[]
  /** The event's scheduled published sessions. */
  sessions: Array<
    Pick<PublishedSession, 'session_id' | 'title' | 'speakers' | 'starts_at' | 'ends_at' | 'kind' | 'room'>
  >
  recordings: Recording[]
  rejections: Array<{ session_id: number; video_id: string }>
}

/** A link or suggestion as the sync wants it. */
export type PlannedRecording = {
  sessionId: number
  videoId: string
  status: 'linked' | 'suggested'
  score: number | null
  part: number | null
  startSeconds: number | null
  endSeconds: number | null
  /** For a re-upload suggested in place of an unavailable video: that video. */
  replacesVideoId: string | null
}

export type SyncWrite = {
  recording: PlannedRecording
  /** The suggestion row it updates; null: a new row. */
  current: Recording | null
}

export type SyncPlan = {
  /** Ids of the suggestions the sync no longer makes. */
  stale: number[]
  /** New or changed links and suggestions; those equal to their row are left out. */
  writes: SyncWrite[]
  /** New automatic links (including suggestions the matcher is now sure of). */
  linked: number
  /** New suggestions (re-uploads offered as replacements included). */
  suggested: number
}

const key = (sessionId: number, videoId: string) => `${sessionId} ${videoId}`

/**
 * A title reduced to its words without upload markers ("(re-upload)", "[HD]", "fixed audio"): two uploads with
 * the same reduced title are the same recording.
 */
export function uploadTitleKey(title: string): string {
  return tokens(title)
    .filter((t) => !NOISE.has(t))
    .join(' ')
}

/** Videos that cannot be a new link: unavailable, or a stream or premiere that has not ended. */
function notLinkable(video: YoutubeVideo, heldUnavailable: Set<string>): boolean {
  return (
    video.unavailable_since !== null || heldUnavailable.has(video.video_id) || video.live_broadcast_content !== 'none'
  )
}

/**
 * For each recording whose video is unavailable: a stored video with the same title (a re-upload under a new id)
 * that no session uses yet, suggested in its place with the same part and offsets. The latest upload wins.
 */
function replacementSuggestions(state: SyncState, blocked: Set<string>, heldUnavailable: Set<string>) {
  const videoById = new Map(state.videos.map((v) => [v.video_id, v]))
  const used = new Set(state.recordings.filter((r) => r.status !== 'suggested').map((r) => r.video_id))
  const candidates = state.videos
    .filter((v) => !notLinkable(v, heldUnavailable) && !used.has(v.video_id))
    .sort(
      (a, b) =>
        (b.published_at?.getTime() ?? 0) - (a.published_at?.getTime() ?? 0) || b.video_id.localeCompare(a.video_id),
    )
  const planned: PlannedRecording[] = []
  for (const r of state.recordings) {
    if (r.status !== 'unavailable') continue
    const gone = videoById.get(r.video_id)
    const wanted = gone ? uploadTitleKey(gone.title) : ''
    if (!wanted) continue
    const replacement = candidates.find(
      (v) =>
        v.video_id !== r.video_id && !blocked.has(key(r.session_id, v.video_id)) && uploadTitleKey(v.title) === wanted,
    )
    if (!replacement) continue
    planned.push({
      sessionId: r.session_id,
      videoId: replacement.video_id,
      status: 'suggested',
      score: null,
      part: r.part,
      startSeconds: r.start_seconds,
      endSeconds: r.end_seconds,
      replacesVideoId: r.video_id,
    })
  }
  return planned
}

function sameScore(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b
  return Math.abs(a - b) < 1e-4
}

/** Whether a suggestion row already says what is planned. */
function unchanged(row: Recording, planned: PlannedRecording): boolean {
  return (
    row.status === planned.status &&
    sameScore(row.score, planned.score) &&
    row.part === planned.part &&
    row.start_seconds === planned.startSeconds &&
    row.end_seconds === planned.endSeconds &&
    row.replaces_video_id === planned.replacesVideoId
  )
}

/**
 * Links already made (automatic or by hand) are kept, and so are recordings flagged unavailable; rejected pairs
 * are never proposed again; suggestions are recomputed, and those no longer made are stale. Offsets an organizer
 * set on a suggestion are kept when the matcher proposes it again.
 */
export function decideSync(
  event: Pick<Event, 'title' | 'starts_at' | 'ends_at' | 'time_zone'>,
  state: SyncState,
): SyncPlan {
  const { videos, sessions, recordings, rejections } = state
  const heldUnavailable = new Set(recordings.filter((r) => r.status === 'unavailable').map((r) => r.video_id))
  const matchSessions = sessions.map(
    (s): MatchSession => ({
      id: s.session_id,
      title: s.title,
      speakers: s.speakers.map((p) => p.name),
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      kind: s.kind,
      room: s.room,
    }),
  )
  // Unavailable videos are shown to the matcher too, with their pairs as taken: it then knows their re-uploads
  // are the same recording, not some other session's.
  const matchVideos = videos.map(
    (v): MatchVideo => ({
      videoId: v.video_id,
      title: v.title,
      description: v.description,
      publishedAt: v.published_at,
      durationSeconds: v.duration_seconds,
      liveBroadcastContent: v.live_broadcast_content,
      actualStartTime: v.actual_start_time,
      actualEndTime: v.actual_end_time,
    }),
  )
  const matches: Match[] = matchRecordings({
    event: { title: event.title, startsAt: event.starts_at, endsAt: event.ends_at, timeZone: event.time_zone },
    sessions: matchSessions,
    videos: matchVideos,
    rejected: rejections.map((r) => ({ sessionId: r.session_id, videoId: r.video_id })),
    linked: recordings
      .filter((r) => r.status !== 'suggested')
      .map((r) => ({ sessionId: r.session_id, videoId: r.video_id })),
  })

  const videoById = new Map(videos.map((v) => [v.video_id, v]))
  const blocked = new Set([
    ...rejections.map((r) => key(r.session_id, r.video_id)),
    ...recordings.filter((r) => r.status !== 'suggested').map((r) => key(r.session_id, r.video_id)),
  ])
  const wanted = new Map<string, PlannedRecording>()
  for (const m of matches) {
    const video = videoById.get(m.videoId)
    if (!video || notLinkable(video, heldUnavailable) || blocked.has(key(m.sessionId, m.videoId))) continue
    wanted.set(key(m.sessionId, m.videoId), {
      sessionId: m.sessionId,
      videoId: m.videoId,
      status: m.status,
      score: m.score,
      part: m.part,
      startSeconds: m.startSeconds,
      endSeconds: m.endSeconds,
      replacesVideoId: null,
    })
  }
  // A re-upload offered for an unavailable video is the organizers' call, whatever the matcher thinks of it.
  for (const r of replacementSuggestions(state, blocked, heldUnavailable)) wanted.set(key(r.sessionId, r.videoId), r)

  const suggestions = recordings.filter((r) => r.status === 'suggested')
  const stale = suggestions.filter((r) => !wanted.has(key(r.session_id, r.video_id))).map((r) => r.id)
  const existing = new Map(suggestions.map((r) => [key(r.session_id, r.video_id), r]))
  const writes: SyncWrite[] = []
  let linked = 0
  let suggested = 0
  for (const planned of wanted.values()) {
    const current = existing.get(key(planned.sessionId, planned.videoId)) ?? null
    const recording = current?.offsets_by_organizer
      ? { ...planned, part: current.part, startSeconds: current.start_seconds, endSeconds: current.end_seconds }
      : planned
    if (current && unchanged(current, recording)) continue
    writes.push({ recording, current })
    if (recording.status === 'linked') linked++
    else if (!current) suggested++
  }
  return { stale, writes, linked, suggested }
}
