import { formatRange } from '~/utils/time'
import { listPublishedSessions } from '../agenda/schedule.server'
import { findNotes, visibleSessionNotes } from '../notes/notes.server'
import { sessionPath } from '~/utils/paths'
import { linkedRecordingsForEvent, type RecordingLink } from '../recordings/links.server'
import { recordingLinkTitle } from '../recordings/facade'
import { attachmentsBySession } from '../attachments/attachments.server'
import { attachmentItem } from '../attachments/view'

/** A linked recording as the report lists it: `url` at the session's start in the video. */
export type ReportRecording = { videoId: string; url: string; title: string; status: 'linked' }

export type ReportSession = {
  id: number
  title: string
  when: string
  room: string | null
  speakers: string[]
  notes: string
  /** Every linked video of the session, in order (the parts of a split recording). */
  recordings: ReportRecording[]
  /** The first of them (kept for readers of the report's data from before sessions had several). */
  recording: ReportRecording | null
  /** Slides, files and links, in their order: `url` is this site's download path for a file, the address for a link. */
  attachments: ReportAttachment[]
}

export type ReportAttachment = { title: string; kind: 'file' | 'link'; url: string; description: string }

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
export async function eventReport(event: { id: number; time_zone: string; slug: string }) {
  const sessions = (await listPublishedSessions(event.id)).filter((s) => s.status === 'scheduled')
  const ids = sessions.map((s) => s.session_id)
  const [notes, recordings] = ids.length
    ? await Promise.all([visibleSessionNotes(ids), linkedRecordingsForEvent(event.id)])
    : [new Map<number, string>(), new Map<number, RecordingLink[]>()]
  const noteBySession = notes
  const attachments = await attachmentsBySession(ids)
  const reportSessions: ReportSession[] = sessions.map((s) => {
    const linked = (recordings.get(s.session_id) ?? []).map(
      (r): ReportRecording => ({ videoId: r.videoId, url: r.url, title: recordingLinkTitle(r), status: 'linked' }),
    )
    return {
      id: s.session_id,
      title: s.title,
      when: formatRange(s.starts_at, s.ends_at, event.time_zone),
      room: s.room,
      speakers: s.speakers.map((p) => p.name),
      notes: noteBySession.get(s.session_id) ?? '',
      recordings: linked,
      recording: linked[0] ?? null,
      attachments: (attachments.get(s.session_id) ?? []).map((a) => {
        const item = attachmentItem(event.slug, a)
        return { title: item.title, kind: item.kind, url: item.href, description: item.description }
      }),
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

/** A title as the text of a Markdown link: brackets and backslashes would end or break it. */
function markdownLinkText(title: string): string {
  return title.replace(/[\\[\]]/g, (c) => `\\${c}`)
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
    for (const r of s.recordings) lines.push(`${r.title}: ${r.url}`)
    if (s.attachments.length) {
      lines.push('', 'Slides and attachments:', '')
      for (const a of s.attachments) {
        // <…> around the address: parentheses in it cannot end the link early.
        const where = `<${new URL(a.url, baseUrl).toString()}>`
        lines.push(`- [${markdownLinkText(a.title)}](${where}) (${a.kind === 'file' ? a.description : 'link'})`)
      }
    }
    lines.push('', s.notes.trim() || '_No notes._', '')
  }
  return lines.join('\n')
}
