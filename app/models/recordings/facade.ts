/**
 * What the session page's recording facade shows before anything is loaded from YouTube — pure: the video's
 * length, the part of a split recording, where in the video the session starts and ends, whether it has
 * captions, and the embed address to load on click.
 */

/** "58:02" or "1:27:58", as video players show lengths. */
export function formatVideoDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = String(seconds % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** The same length for screen readers: "58 minutes", "1 hour 28 minutes". */
export function spokenVideoDuration(totalSeconds: number): string {
  const minutes = Math.max(1, Math.round(totalSeconds / 60))
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return [h ? unit(h, 'hour') : '', m || !h ? unit(m, 'minute') : ''].filter(Boolean).join(' ')
}

/**
 * "Part 1 of 2": which part of a session's recording a video is, among how many are linked; "Part 1" while it
 * is the only one (the others are not uploaded or linked yet).
 */
export function partLabel(part: number, parts: number): string {
  const of = Math.max(part, parts)
  return of > 1 ? `Part ${part} of ${of}` : `Part ${part}`
}

/** How feeds, exports and the report name a recording link: "Recording", or "Recording, part 1 of 2". */
export function recordingLinkTitle(recording: { partLabel: string | null }): string {
  return recording.partLabel ? `Recording, ${recording.partLabel.toLowerCase()}` : 'Recording'
}

function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const CHAPTER = /^\s*(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\s+[-–—:]?\s*(.+?)\s*$/

/**
 * Where the session starts in the video, in seconds: the chapter of the description (YouTube's "12:34 Title"
 * lines) named after the session, when a recording kept the minutes before it; 0 otherwise.
 */
export function sessionStartInVideo(description: string, sessionTitle: string): number {
  const wanted = folded(sessionTitle)
  if (!wanted) return 0
  for (const line of description.split('\n')) {
    const match = CHAPTER.exec(line)
    if (!match) continue
    const chapter = folded(match[4]!)
    if (chapter && (chapter === wanted || chapter.includes(wanted) || wanted.includes(chapter))) {
      return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3])
    }
  }
  return 0
}

/**
 * The youtube-nocookie player, playing at once from `startSeconds` (and stopping at `endSeconds`, the end of
 * the session in a longer video): loaded only when the visitor asks for it.
 */
export function playingEmbedUrl(embedUrl: string, startSeconds: number, endSeconds: number | null = null): string {
  const url = new URL(embedUrl)
  url.searchParams.set('autoplay', '1')
  url.searchParams.set('start', String(Math.max(0, Math.floor(startSeconds))))
  if (endSeconds !== null && endSeconds > startSeconds) url.searchParams.set('end', String(Math.ceil(endSeconds)))
  return url.toString()
}

/** youtube.com's own address for the same moment, for the link that works without JavaScript. */
export function watchUrlAt(watchUrl: string, startSeconds: number): string {
  if (startSeconds <= 0) return watchUrl
  const url = new URL(watchUrl)
  url.searchParams.set('t', `${Math.floor(startSeconds)}s`)
  return url.toString()
}

/**
 * The facade's line of facts, in words: the part, where the session is in the video, and whether YouTube has
 * captions for it (nothing said while that is not known).
 */
export function recordingFacts(recording: {
  partLabel: string | null
  startSeconds: number
  endSeconds: number | null
  captions: boolean | null
}): string[] {
  const { startSeconds: start, endSeconds: end } = recording
  const where =
    end !== null && end > start
      ? `session runs ${formatVideoDuration(start)}–${formatVideoDuration(end)} of the video`
      : start > 0
      ? `session starts at ${formatVideoDuration(start)}`
      : null
  const captions = recording.captions === null ? null : recording.captions ? 'captions available' : 'no captions'
  return [recording.partLabel, where, captions].filter((fact): fact is string => fact !== null)
}
