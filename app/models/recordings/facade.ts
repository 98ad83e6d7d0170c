/**
 * What the session page's recording facade shows before anything is loaded from YouTube — pure: the video's
 * length, the part of a split upload, where in the video the session starts, and the embed address to load on
 * click.
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

/** "Part 1 of 2" when the upload's title says it is one part of a split recording ("part 1/2", "Part 2 of 3"). */
export function recordingPart(videoTitle: string): string | null {
  const match = /\bpart\s*(\d{1,2})\s*(?:\/|of)\s*(\d{1,2})\b/i.exec(videoTitle)
  return match ? `Part ${Number(match[1])} of ${Number(match[2])}` : null
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

/** The youtube-nocookie player, playing at once from `startSeconds`: loaded only when the visitor asks for it. */
export function playingEmbedUrl(embedUrl: string, startSeconds: number): string {
  const url = new URL(embedUrl)
  url.searchParams.set('autoplay', '1')
  url.searchParams.set('start', String(Math.max(0, Math.floor(startSeconds))))
  return url.toString()
}

/** youtube.com's own address for the same moment, for the link that works without JavaScript. */
export function watchUrlAt(watchUrl: string, startSeconds: number): string {
  if (startSeconds <= 0) return watchUrl
  const url = new URL(watchUrl)
  url.searchParams.set('t', `${Math.floor(startSeconds)}s`)
  return url.toString()
}
