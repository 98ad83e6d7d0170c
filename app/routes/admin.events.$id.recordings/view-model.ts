import type { requireManagedEvent } from '~/access/event.server'
import { INTERRUPTED_RUN_ERROR, type listJobRuns } from '~/models/operations/job-runs.server'
import type {
  ReviewRecording,
  ReviewSession,
  ReviewStream,
  ReviewVideo,
  UnavailableReason,
} from '~/models/recordings/review.server'
import type { SyncResult } from '~/models/recordings/sync.server'
import { plural } from '~/utils/format'
import { formatDateTime } from '~/utils/time'

/** What the recordings page shows, in the event's time zone: the loader's answer. */
export type RecordingsView = ReturnType<typeof recordingsView>
export type RecordingRow = RecordingsView['linked'][number]
export type SessionRow = RecordingsView['missing'][number]
export type SessionOption = RecordingsView['sessionOptions'][number]
export type UnmatchedVideo = RecordingsView['unmatched'][number]
export type StreamRow = RecordingsView['streams'][number]
export type LookUp = RecordingsView['runs'][number]

type ManagedEvent = Awaited<ReturnType<typeof requireManagedEvent>>['event']
type JobRun = Awaited<ReturnType<typeof listJobRuns>>[number]

export function formatDuration(seconds: number | null): string | null {
  if (seconds === null) return null
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`
}

/** One line for a run's stored result (job_runs.result, as syncRecordings returned it). */
export function describeResult(result: unknown): string {
  const r = result as Partial<SyncResult> | null
  if (!r || typeof r !== 'object') return ''
  const parts = [
    r.source === 'linked' ? 'linked videos re-checked' : null,
    r.fetched !== null && r.fetched !== undefined ? `${plural(r.fetched, 'video')} on YouTube` : null,
    r.skipped === 'no-api-key' ? 'YouTube not asked (no API key)' : null,
    r.skipped === 'no-source' ? 'YouTube not asked (no playlist or channel)' : null,
    r.skipped === 'problem' ? 'YouTube not asked (problem to fix)' : null,
    `${r.linked ?? 0} linked`,
    `${plural(r.suggested ?? 0, 'suggestion')}`,
    r.removed ? `${r.removed} removed` : null,
    r.unavailable ? `${r.unavailable} no longer available` : null,
    r.relinked ? `${r.relinked} available again` : null,
  ]
  return parts.filter(Boolean).join(', ')
}

const REASONS: Record<UnavailableReason, string> = {
  removed: 'YouTube no longer serves this video (deleted, or made private).',
  private: 'The video was made private.',
  'left-listing': 'The video is no longer in the playlist or channel; it still plays on YouTube.',
}

/** "Part 2 · 1:02:03–2:00:00 (set by an organizer)": where the session is in the video. */
export function describePosition(r: Pick<ReviewRecording, 'part' | 'startSeconds' | 'endSeconds'>): string {
  const range =
    r.startSeconds !== null || r.endSeconds !== null
      ? `${formatDuration(r.startSeconds ?? 0)}–${r.endSeconds !== null ? formatDuration(r.endSeconds) : 'end'}`
      : 'whole video'
  return [r.part !== null ? `Part ${r.part}` : null, range].filter(Boolean).join(' · ')
}

function sessionFacts(s: ReviewSession, zone: string) {
  return {
    id: s.sessionId,
    title: s.title,
    when: formatDateTime(s.startsAt, zone),
    speakers: s.speakers.join(', '),
    room: s.room,
    cancelled: s.cancelled,
  }
}

function recordingRow(r: ReviewRecording, session: ReturnType<typeof sessionFacts>, zone: string) {
  return {
    ...r,
    session,
    publishedAt: r.publishedAt ? formatDateTime(r.publishedAt, zone) : null,
    duration: formatDuration(r.durationSeconds),
    position: describePosition(r),
    /** The position form's current values, as organizers type them. */
    startText: r.startSeconds !== null ? formatDuration(r.startSeconds) : '',
    endText: r.endSeconds !== null ? formatDuration(r.endSeconds) : '',
    reason: r.unavailableReason ? REASONS[r.unavailableReason] : null,
  }
}

/** Quota units a run spent, when its result says (runs from before quota was recorded do not). */
function quotaUnitsOf(result: unknown): number | null {
  const units = (result as Partial<SyncResult> | null)?.quotaUnits
  return typeof units === 'number' ? units : null
}

function lookUp(r: JobRun, zone: string) {
  return {
    id: r.id,
    task: r.task,
    status: r.status,
    startedAt: formatDateTime(r.started_at, zone),
    result: describeResult(r.result),
    quotaUnits: quotaUnitsOf(r.result),
    error: r.error,
    // A run whose process was killed: when it was last known to be alive tells how far it got.
    lastSignOfLife:
      r.status === 'running' || r.error === INTERRUPTED_RUN_ERROR ? formatDateTime(r.heartbeat_at, zone) : null,
  }
}

function videoRow(v: ReviewVideo, zone: string) {
  return {
    ...v,
    publishedAt: v.publishedAt ? formatDateTime(v.publishedAt, zone) : null,
    duration: formatDuration(v.durationSeconds),
  }
}

export function recordingsView(
  event: ManagedEvent,
  review: { sessions: ReviewSession[]; unmatched: ReviewVideo[]; streams: ReviewStream[] },
  runs: JobRun[],
  configured: boolean,
) {
  const zone = event.time_zone
  const rows = review.sessions.flatMap((s) => {
    const session = sessionFacts(s, zone)
    return s.recordings.map((r) => recordingRow(r, session, zone))
  })
  const sessions = review.sessions.map((s) => ({
    ...sessionFacts(s, zone),
    /** Flagged ones count: their session is listed with them, not among the sessions without a recording. */
    recordings: s.recordings.length,
  }))
  return {
    event: {
      id: event.id,
      hasSource: Boolean(event.youtube_playlist_id || event.youtube_channel_id),
      playlistId: event.youtube_playlist_id,
      channelId: event.youtube_channel_id,
      problem: event.recordings_problem,
    },
    configured,
    /** Links taken off public pages (their video is gone), each with the re-upload suggested in its place. */
    flagged: rows.filter((r) => r.status === 'unavailable'),
    /** Suggestions to review; re-uploads are offered with the recording they would replace, under `flagged`. */
    suggested: rows.filter((r) => r.status === 'suggested' && !rows.some((x) => x.replacement?.id === r.id)),
    linked: rows.filter((r) => r.status === 'linked'),
    missing: sessions.filter((s) => !s.recordings && !s.cancelled),
    sessionOptions: sessions
      .filter((s) => !s.cancelled)
      .map((s) => ({ value: String(s.id), label: `${s.when} — ${s.title}` })),
    unmatched: review.unmatched.map((v) => videoRow(v, zone)),
    streams: review.streams.map((v) => ({
      ...videoRow(v, zone),
      liveBroadcastContent: v.liveBroadcastContent,
      scheduledFor: v.scheduledStartTime ? formatDateTime(v.scheduledStartTime, zone) : null,
      startedAt: v.actualStartTime ? formatDateTime(v.actualStartTime, zone) : null,
    })),
    runs: runs.map((r) => lookUp(r, zone)),
  }
}
