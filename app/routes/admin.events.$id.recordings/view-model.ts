import type { requireManagedEvent } from '~/access/event.server'
import { INTERRUPTED_RUN_ERROR, type listJobRuns } from '~/models/operations/job-runs.server'
import type { ReviewSession, ReviewVideo } from '~/models/recordings/review.server'
import type { SyncResult } from '~/models/recordings/sync.server'
import { plural } from '~/utils/format'
import { formatDateTime } from '~/utils/time'

/** What the recordings page shows, in the event's time zone: the loader's answer. */
export type RecordingsView = ReturnType<typeof recordingsView>
export type SessionRow = RecordingsView['sessions'][number]
export type SessionOption = RecordingsView['sessionOptions'][number]
export type UnmatchedVideo = RecordingsView['unmatched'][number]
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
    r.fetched !== null && r.fetched !== undefined ? `${plural(r.fetched, 'video')} on YouTube` : null,
    r.skipped === 'no-api-key' ? 'YouTube not asked (no API key)' : null,
    r.skipped === 'no-source' ? 'YouTube not asked (no playlist or channel)' : null,
    r.skipped === 'problem' ? 'YouTube not asked (problem to fix)' : null,
    `${r.linked ?? 0} linked`,
    `${plural(r.suggested ?? 0, 'suggestion')}`,
    r.removed ? `${r.removed} removed` : null,
  ]
  return parts.filter(Boolean).join(', ')
}

function sessionRow(s: ReviewSession, zone: string) {
  return {
    id: s.sessionId,
    title: s.title,
    when: formatDateTime(s.startsAt, zone),
    speakers: s.speakers.join(', '),
    cancelled: s.cancelled,
    recording: s.recording
      ? {
          ...s.recording,
          publishedAt: s.recording.publishedAt ? formatDateTime(s.recording.publishedAt, zone) : null,
          duration: formatDuration(s.recording.durationSeconds),
        }
      : null,
  }
}

function lookUp(r: JobRun, zone: string) {
  return {
    id: r.id,
    status: r.status,
    startedAt: formatDateTime(r.started_at, zone),
    result: describeResult(r.result),
    error: r.error,
    // A run whose process was killed: when it was last known to be alive tells how far it got.
    lastSignOfLife:
      r.status === 'running' || r.error === INTERRUPTED_RUN_ERROR ? formatDateTime(r.heartbeat_at, zone) : null,
  }
}

export function recordingsView(
  event: ManagedEvent,
  review: { sessions: ReviewSession[]; unmatched: ReviewVideo[] },
  runs: JobRun[],
  configured: boolean,
) {
  const zone = event.time_zone
  const sessions = review.sessions.map((s) => sessionRow(s, zone))
  return {
    event: {
      id: event.id,
      hasSource: Boolean(event.youtube_playlist_id || event.youtube_channel_id),
      playlistId: event.youtube_playlist_id,
      channelId: event.youtube_channel_id,
      problem: event.recordings_problem,
    },
    configured,
    sessions,
    sessionOptions: sessions
      .filter((s) => !s.cancelled)
      .map((s) => ({ value: String(s.id), label: `${s.when} — ${s.title}` })),
    unmatched: review.unmatched.map((v) => ({
      ...v,
      publishedAt: v.publishedAt ? formatDateTime(v.publishedAt, zone) : null,
      duration: formatDuration(v.durationSeconds),
    })),
    runs: runs.map((r) => lookUp(r, zone)),
  }
}
