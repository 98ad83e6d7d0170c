import { db } from '~/utils/db.server'
import { formatRange } from '~/utils/time'
import { listPublishedSessions } from '../agenda/schedule.server'
import { findNotes, visibleSessionNotes } from '../notes/notes.server'
import { sessionPath } from '~/utils/paths'

export type ReportSession = {
  id: number
  title: string
  when: string
  room: string | null
  speakers: string[]
  notes: string
  recording: { videoId: string; url: string; status: 'linked' | 'suggested' } | null
}

/** An action item of the notes: a session's (sessionId), or the worklog's (null). */
export type ActionItem = { sessionId: number | null; sessionTitle: string; text: string; done: boolean }

const TASK_ITEM = /^\s*[-*+]\s+\[([ xX])\]\s+(.+)$/

/** Task-list items (`- [ ] …`) of a markdown text. */
export function actionItems(markdown: string): { text: string; done: boolean }[] {
  return markdown
    .split('\n')
    .map((line) => TASK_ITEM.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ done: m[1] !== ' ', text: m[2]!.trim() }))
}

/**
 * The post-event report: every scheduled session in agenda order with its visible notes and linked recording,
 * and the action items of all notes gathered first. One query per kind of data, not per session.
 */
export async function eventReport(event: { id: number; time_zone: string }) {
  const sessions = (await listPublishedSessions(event.id)).filter((s) => s.status === 'scheduled')
  const ids = sessions.map((s) => s.session_id)
  const [notes, recordings] = ids.length
    ? await Promise.all([
        visibleSessionNotes(ids),
        db
          .selectFrom('recordings')
          .select(['session_id', 'video_id', 'status'])
          .where('session_id', 'in', ids)
          .where('status', '=', 'linked')
          .execute(),
      ])
    : [new Map<number, string>(), []]
  const noteBySession = notes
  const recordingBySession = new Map(recordings.map((r) => [r.session_id, r]))
  const reportSessions: ReportSession[] = sessions.map((s) => {
    const recording = recordingBySession.get(s.session_id)
    return {
      id: s.session_id,
      title: s.title,
      when: formatRange(s.starts_at, s.ends_at, event.time_zone),
      room: s.room,
      speakers: s.speakers.map((p) => p.name),
      notes: noteBySession.get(s.session_id) ?? '',
      recording: recording
        ? {
            videoId: recording.video_id,
            url: `https://www.youtube.com/watch?v=${recording.video_id}`,
            status: recording.status,
          }
        : null,
    }
  })
  const items: ActionItem[] = reportSessions.flatMap((s) =>
    actionItems(s.notes).map((item) => ({ ...item, sessionId: s.id, sessionTitle: s.title })),
  )
  // The event's worklog, unless the organizers hid it; its action items come first.
  const worklogNotes = await findNotes(event.id, null)
  const worklog = worklogNotes.hidden ? '' : worklogNotes.body
  const worklogItems: ActionItem[] = actionItems(worklog).map((item) => ({
    ...item,
    sessionId: null,
    sessionTitle: 'Worklog',
  }))
  return { worklog, sessions: reportSessions, actionItems: [...worklogItems, ...items] }
}

/** The report as one Markdown document. */
export function reportMarkdown(
  title: string,
  report: Awaited<ReturnType<typeof eventReport>>,
  baseUrl: string,
  slug: string,
): string {
  const lines = [`# ${title}: report`, '']
  if (report.actionItems.length) {
    lines.push('## Action items', '')
    for (const item of report.actionItems)
      lines.push(`- [${item.done ? 'x' : ' '}] ${item.text} (${item.sessionTitle})`)
    lines.push('')
  }
  if (report.worklog.trim()) lines.push('## Worklog', '', report.worklog.trim(), '')
  for (const s of report.sessions) {
    lines.push(`## ${s.title}`, '', `*${s.when}${s.room ? `, ${s.room}` : ''}*`)
    if (s.speakers.length) lines.push(`Speakers: ${s.speakers.join(', ')}`)
    lines.push(`Session page: ${new URL(sessionPath(slug, s.id), baseUrl).toString()}`)
    if (s.recording) lines.push(`Recording: ${s.recording.url}`)
    lines.push('', s.notes.trim() || '_No notes._', '')
  }
  return lines.join('\n')
}
