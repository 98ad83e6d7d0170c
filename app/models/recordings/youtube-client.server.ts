/** The YouTube Data API client, made from the environment's key; the reads that use it: youtube-fetch.server.ts. */
import { youtube, type youtube_v3 } from '@googleapis/youtube'
import { env } from '~/env.server'

export type YoutubeClient = youtube_v3.Youtube

/**
 * A YouTube Data API v3 client authenticated with an API key (public data only: playlists, videos, searches).
 * `rootUrl` replaces https://youtube.googleapis.com/ — tests point it at a local fake server.
 *
 * The client's own retries are off (`retry: false`): a failed look-up fails the sync-recordings job, and the job
 * runner retries it later with its backoff (graphile-worker), instead of the request blocking on quota errors.
 */
export function youtubeClient({ apiKey, rootUrl }: { apiKey: string; rootUrl?: string }): YoutubeClient {
  return youtube({
    version: 'v3',
    auth: apiKey,
    ...(rootUrl ? { rootUrl } : {}),
    retry: false,
    timeout: 30_000,
  })
}

/** The client configured by YOUTUBE_API_KEY (and YOUTUBE_API_ROOT_URL), or null when no key is set. */
export function youtubeClientFromEnv(): YoutubeClient | null {
  const { YOUTUBE_API_KEY, YOUTUBE_API_ROOT_URL } = env()
  if (!YOUTUBE_API_KEY) return null
  return youtubeClient({ apiKey: YOUTUBE_API_KEY, rootUrl: YOUTUBE_API_ROOT_URL })
}

export function youtubeConfigured(): boolean {
  return Boolean(env().YOUTUBE_API_KEY)
}
