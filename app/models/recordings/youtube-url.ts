/** A YouTube video id: 11 characters of the URL-safe base64 alphabet. */
export const YOUTUBE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/

const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'gaming.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
])

/** Path forms that carry the id as their second segment: /embed/ID, /live/ID, /shorts/ID, /v/ID, /e/ID. */
const ID_PATHS = new Set(['embed', 'live', 'shorts', 'v', 'e'])

function validId(value: string | null | undefined): string | null {
  return value && YOUTUBE_VIDEO_ID.test(value) ? value : null
}

/**
 * The video id of any address people copy from YouTube — watch?v=, youtu.be/, /live/, /embed/, /shorts/, with
 * or without scheme or www, with t=, si=, list= or feature= parameters — or of a bare 11-character id.
 * Returns null for anything else (channels, playlists, other sites).
 */
export function parseYoutubeVideoId(input: string): string | null {
  const text = input.trim()
  if (!text) return null
  if (YOUTUBE_VIDEO_ID.test(text)) return text
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  const host = url.hostname.toLowerCase()
  const segments = url.pathname.split('/').filter(Boolean)
  if (host === 'youtu.be' || host === 'www.youtu.be') return validId(segments[0])
  if (!YOUTUBE_HOSTS.has(host)) return null
  if (segments[0] === 'watch' && segments.length === 1) return validId(url.searchParams.get('v'))
  if (segments[0] && ID_PATHS.has(segments[0])) return validId(segments[1])
  return null
}

export function youtubeWatchUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${videoId}`
}

/** The privacy-enhanced embed address (no cookies until the visitor plays the video). */
export function youtubeEmbedUrl(videoId: string): string {
  return `https://www.youtube-nocookie.com/embed/${videoId}`
}
