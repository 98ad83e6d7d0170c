import type { PublishedSession, Session } from '#db/schema'
import type { RecordingLink } from '../recordings/links.server'
import type { ScheduleWarning } from './conflicts'
import { toZonedIso } from '~/utils/time'

/** A published session as the public API shows it: times with the event zone's offset. */
export function publishedSessionToJson(s: PublishedSession, zone: string) {
  return {
    id: s.session_id,
    title: s.title,
    abstract: s.abstract_md,
    kind: s.kind,
    startsAt: toZonedIso(s.starts_at, zone),
    endsAt: toZonedIso(s.ends_at, zone),
    room: s.room,
    track: s.track,
    speakers: s.speakers,
    tags: s.tags,
    status: s.status,
    version: s.version,
  }
}

/**
 * A published session's recordings as the public API shows them: `recordings`, every linked video in order
 * (parts, a session's stretch of a room stream, each `url` at its offset), and `recording`, the first of them
 * in the shape the API had before sessions could have several, for clients written then.
 */
export function sessionRecordingsToJson(recordings: readonly RecordingLink[]) {
  const first = recordings[0]
  return {
    recordings: recordings.map((r) => ({
      videoId: r.videoId,
      url: r.url,
      title: r.title,
      part: r.part,
      startSeconds: r.startSeconds,
      endSeconds: r.endSeconds,
      durationSeconds: r.durationSeconds,
      status: r.status,
    })),
    recording: first ? { videoId: first.videoId, url: first.url, status: first.status } : null,
  }
}

/** The organizer's working copy of a session, with the conflict warnings that involve it. */
export function sessionToJson(s: Session, zone: string, warnings: ScheduleWarning[]) {
  return {
    id: s.id,
    title: s.title,
    abstract: s.abstract_md,
    kind: s.kind,
    startsAt: toZonedIso(s.starts_at, zone),
    endsAt: toZonedIso(s.ends_at, zone),
    room: s.room,
    track: s.track,
    capacity: s.capacity,
    speakers: s.speakers,
    tags: s.tags,
    status: s.status,
    warnings: warnings.filter((w) => w.sessionIds.includes(s.id)).map(({ type, message }) => ({ type, message })),
  }
}

/** The PATCH starting point: the stored session in the input's shape, so unspecified fields stay. */
export function sessionAsInput(s: Session, zone: string): Record<string, unknown> {
  const { id: _id, warnings: _warnings, ...input } = sessionToJson(s, zone, [])
  return input
}
