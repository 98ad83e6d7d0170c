/**
 * The second step of a sync, pure: from what the database holds under the event's lock — stored videos, scheduled
 * published sessions, recordings and rejected pairs — what to write: the suggestions to drop, and the links and
 * suggestions to make or update. Which video records which session is match.ts's decision; this turns its answer
 * into changes to the rows already there.
 */
import type { Event, PublishedSession, Recording, YoutubeVideo } from '#db/schema'
import { matchRecordings, type Match } from './match'

export type SyncState = {
  videos: YoutubeVideo[]
  /** The event's scheduled published sessions. */
  sessions: Array<Pick<PublishedSession, 'session_id' | 'title' | 'speakers' | 'starts_at' | 'ends_at' | 'kind'>>
  recordings: Recording[]
  rejections: Array<{ session_id: number; video_id: string }>
}

export type SyncWrite = {
  match: Match
  /** The suggestion row the match updates; null: a new row. */
  current: Recording | null
}

export type SyncPlan = {
  /** Ids of the suggestions the matcher no longer makes. */
  stale: number[]
  /** New or changed links and suggestions; matches equal to their row are left out. */
  writes: SyncWrite[]
  /** New automatic links (including suggestions the matcher is now sure of). */
  linked: number
  /** New suggestions. */
  suggested: number
}

/**
 * Links already made (automatic or by hand) are kept, rejected pairs are never proposed again, and suggestions are
 * recomputed: those no longer made are stale.
 */
export function decideSync(
  event: Pick<Event, 'title' | 'starts_at' | 'ends_at' | 'time_zone'>,
  { videos, sessions, recordings, rejections }: SyncState,
): SyncPlan {
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
  const stale = suggestions.filter((r) => !wanted.has(key(r.session_id, r.video_id))).map((r) => r.id)
  const existing = new Map(suggestions.map((r) => [key(r.session_id, r.video_id), r]))
  const writes: SyncWrite[] = []
  let linked = 0
  let suggested = 0
  for (const match of matches) {
    const current = existing.get(key(match.sessionId, match.videoId)) ?? null
    if (current && current.status === match.status && Math.abs((current.score ?? -1) - match.score) < 1e-4) continue
    writes.push({ match, current })
    if (match.status === 'linked') linked++
    else if (!current) suggested++
  }
  return { stale, writes, linked, suggested }
}
