import { createHash } from 'node:crypto'
import type { Event } from '#db/schema'
import { syncRecordings } from '~/models/recordings/sync.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { storeVideos } from '~/models/recordings/sync-fetch.server'

const SHORT_NAMES: Record<string, string> = {
  'api-dispatching-summit': 'API Dispatching Summit',
  'alt-text-accessibility': 'Alt-Text Sprint',
}

/** YouTube ids end in one of these: the last character carries only 4 of its 6 bits. */
const LAST_ID_CHARACTERS = 'AEIMQUYcgkosw048'

/** A video id of YouTube's shape, the same for the same name on every run. */
export function demoVideoId(name: string): string {
  const digest = createHash('sha256').update(name).digest()
  return digest.toString('base64url').slice(0, 10) + LAST_ID_CHARACTERS[digest[31]! % 16]
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * What the community's YouTube playlist would hold a few weeks after a past summit: most sessions uploaded with
 * the usual prefixes and speaker names, one with a shortened title (left as a suggestion to review), and a video
 * of another event. The real matcher links them, as the sync job would with the API.
 */
export async function seedDemoRecordings(event: Pick<Event, 'id' | 'slug' | 'ends_at'>): Promise<void> {
  const prefix = SHORT_NAMES[event.slug]
  if (!prefix) return
  const sessions = (await listPublishedSessions(event.id)).filter(
    (s) => s.status === 'scheduled' && !['break', 'social'].includes(s.kind),
  )
  const uploaded = new Date(event.ends_at.getTime() + 12 * 24 * 3600 * 1000)
  const videos = sessions.map((s, i) => {
    const speaker = s.speakers[0]?.name
    // Every fifth upload got a shortened title, as happens: the first words only.
    const title = i % 5 === 4 ? s.title.split(/[:(]/)[0]!.split(' ').slice(0, 2).join(' ') : s.title
    const length = Math.round((s.ends_at.getTime() - s.starts_at.getTime()) / 1000) - 120
    // Every third recording kept the minutes before the session started; its chapters say where the session begins.
    const preRoll = i % 3 === 1 ? 150 + i * 7 : 0
    const chapters = preRoll ? `\n\n0:00 Before the session\n${clock(preRoll)} ${s.title}` : ''
    return {
      videoId: demoVideoId(`${event.slug}/${s.title}`),
      title: `${prefix} – ${title}${speaker ? ` | ${speaker}` : ''}`,
      description: `Recorded at the ${prefix}.${chapters}`,
      publishedAt: new Date(uploaded.getTime() + i * 3600 * 1000),
      durationSeconds: length + preRoll,
      channelId: 'UCdemoScientificPython0',
    }
  })
  videos.push({
    videoId: demoVideoId(`${event.slug}/other event`),
    title: 'PyData Global – Keynote: the future of dataframes',
    description: 'Another event on the same channel.',
    publishedAt: uploaded,
    durationSeconds: 2700,
    channelId: 'UCdemoScientificPython0',
  })
  await storeVideos(event.id, videos, uploaded)
  await syncRecordings(event.id, { client: null, now: uploaded })
}
