import type { youtube_v3 } from '@googleapis/youtube'
import type { YoutubeVideo } from '#db/schema'
import { db } from '~/utils/db.server'
import type { YoutubeClient } from '~/models/recordings/youtube-client.server'

/** A video as YouTube describes it, reduced to what matching needs. */
export type FetchedVideo = {
  videoId: string
  title: string
  description: string
  /** When the video went public; for a finished live stream, when the stream started. */
  publishedAt: Date | null
  durationSeconds: number | null
  channelId: string | null
}

export type FetchResult = {
  source: 'playlist' | 'channel'
  videos: FetchedVideo[]
  /**
   * Whether the listing is the whole playlist (or every search result): only then may videos missing from it be
   * treated as gone (deleted, made private, or taken out of the playlist).
   */
  complete: boolean
  requests: number
}

/** YouTube could not answer now (quota, rate limit, server error, network): retry later with backoff. */
export class RetryableYoutubeError extends Error {
  override name = 'RetryableYoutubeError'
  constructor(message: string, readonly status: number | null, readonly reason: string | null) {
    super(message)
  }
}

/** Retrying will not help (a bad or restricted API key, a playlist that does not exist): tell the organizers once. */
export class PermanentYoutubeError extends Error {
  override name = 'PermanentYoutubeError'
  constructor(message: string, readonly status: number | null, readonly reason: string | null) {
    super(message)
  }
}

/** The Data API's page size limit, for playlist items, searches and the ids of one videos.list call. */
export const YOUTUBE_PAGE_SIZE = 50
/** Playlist pages followed at most (2,500 videos): a guard against a server that never stops paging. */
const MAX_PLAYLIST_PAGES = 50
/** Channel search pages followed at most: each search costs 100 quota units of the default 10,000 a day. */
const MAX_SEARCH_PAGES = 4

const RETRYABLE_REASONS = new Set([
  'quotaExceeded',
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'dailyLimitExceeded',
  'servingLimitExceeded',
  'backendError',
  'internalError',
  'RATE_LIMIT_EXCEEDED',
])

/**
 * Seconds of an ISO 8601 duration as the Data API writes them (PT1H2M3S, PT45S, P1DT2H, P0D); null when the
 * text is not such a duration.
 */
export function parseIsoDuration(value: string | null | undefined): number | null {
  if (!value) return null
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim())
  if (!match || value.trim() === 'P' || value.trim().endsWith('T')) return null
  const [, weeks, days, hours, minutes, seconds] = match
  return Math.round(
    Number(weeks ?? 0) * 604_800 +
      Number(days ?? 0) * 86_400 +
      Number(hours ?? 0) * 3_600 +
      Number(minutes ?? 0) * 60 +
      Number(seconds ?? 0),
  )
}

type GoogleErrorBody = {
  error?: {
    code?: number
    message?: string
    status?: string
    errors?: Array<{ reason?: string; domain?: string; message?: string }>
    details?: Array<{ reason?: string }>
  }
}

function errorBody(data: unknown): GoogleErrorBody | null {
  if (typeof data === 'string') {
    try {
      return JSON.parse(data) as GoogleErrorBody
    } catch {
      return null
    }
  }
  return data && typeof data === 'object' ? (data as GoogleErrorBody) : null
}

/**
 * Sorts a failed Data API call into retryable (403 quotaExceeded / rateLimitExceeded, 429, 5xx, no answer at all)
 * and permanent (400 keyInvalid, other 403 such as a key restricted to other APIs or addresses, 404 playlist or
 * channel not found), with a message organizers can act on.
 */
export function classifyYoutubeError(error: unknown): RetryableYoutubeError | PermanentYoutubeError {
  if (error instanceof RetryableYoutubeError || error instanceof PermanentYoutubeError) return error
  const e = error as { response?: { status?: number; data?: unknown }; status?: number; message?: string }
  const status = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : null)
  if (!status) {
    return new RetryableYoutubeError(`YouTube did not answer: ${e?.message ?? String(error)}`, null, null)
  }
  const body = errorBody(e.response?.data)
  const reasons = [
    ...(body?.error?.errors ?? []).map((x) => x.reason),
    ...(body?.error?.details ?? []).map((x) => x.reason),
  ].filter((r): r is string => Boolean(r))
  const reason = reasons[0] ?? null
  const message = body?.error?.message ?? e.message ?? `HTTP ${status}`
  const label = `YouTube answered ${status}${reason ? ` ${reason}` : ''}: ${message}`
  if (status >= 500 || status === 429 || status === 408 || reasons.some((r) => RETRYABLE_REASONS.has(r))) {
    return new RetryableYoutubeError(`${label} (will try again later)`, status, reason)
  }
  const keyProblem =
    status === 400 || status === 401 || reasons.some((r) => /key|forbidden|accessNotConfigured|SERVICE/i.test(r))
  const hint =
    status === 404
      ? 'Check the playlist or channel id in the event details (the playlist must be public or unlisted).'
      : keyProblem
      ? 'Check YOUTUBE_API_KEY (a valid key with the YouTube Data API v3 enabled), then look for recordings again.'
      : 'Look for recordings again once this is fixed.'
  return new PermanentYoutubeError(`${label}. ${hint}`, status, reason)
}

async function call<T>(request: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await request()).data
  } catch (error) {
    throw classifyYoutubeError(error)
  }
}

function toDate(value: string | null | undefined): Date | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** Titles, descriptions, durations and publish times of the given videos, in batches of at most 50 ids. */
async function videoDetails(
  client: YoutubeClient,
  ids: string[],
): Promise<{ videos: FetchedVideo[]; requests: number }> {
  const videos: FetchedVideo[] = []
  let requests = 0
  for (let i = 0; i < ids.length; i += YOUTUBE_PAGE_SIZE) {
    const batch = ids.slice(i, i + YOUTUBE_PAGE_SIZE)
    const data = await call<youtube_v3.Schema$VideoListResponse>(() =>
      client.videos.list({
        part: ['snippet', 'contentDetails', 'liveStreamingDetails'],
        id: batch,
        maxResults: YOUTUBE_PAGE_SIZE,
      }),
    )
    requests++
    for (const item of data.items ?? []) {
      if (!item.id || !item.snippet) continue
      // A stream that has not happened yet holds no recording.
      if (item.snippet.liveBroadcastContent === 'upcoming') continue
      videos.push({
        videoId: item.id,
        title: item.snippet.title ?? '',
        description: item.snippet.description ?? '',
        publishedAt: toDate(item.liveStreamingDetails?.actualStartTime) ?? toDate(item.snippet.publishedAt),
        durationSeconds: parseIsoDuration(item.contentDetails?.duration),
        channelId: item.snippet.channelId ?? null,
      })
    }
  }
  return { videos, requests }
}

/**
 * The videos of an event's playlist (every page), or — only when it has no playlist — the channel's videos
 * published since the event started. Videos YouTube no longer returns details for (deleted, private) are left out.
 * Returns null when the event names neither a playlist nor a channel. Throws RetryableYoutubeError or
 * PermanentYoutubeError.
 */
export async function fetchEventVideos(
  client: YoutubeClient,
  source: { playlistId: string | null; channelId: string | null; publishedAfter: Date },
): Promise<FetchResult | null> {
  const ids: string[] = []
  const seen = new Set<string>()
  const add = (id: string | null | undefined) => {
    if (id && !seen.has(id)) {
      seen.add(id)
      ids.push(id)
    }
  }
  let requests = 0
  let complete = true
  let kind: FetchResult['source']
  if (source.playlistId) {
    kind = 'playlist'
    let pageToken: string | undefined
    let pages = 0
    do {
      const data = await call<youtube_v3.Schema$PlaylistItemListResponse>(() =>
        client.playlistItems.list({
          part: ['snippet', 'contentDetails'],
          playlistId: source.playlistId!,
          maxResults: YOUTUBE_PAGE_SIZE,
          pageToken,
        }),
      )
      requests++
      pages++
      for (const item of data.items ?? []) add(item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId)
      pageToken = data.nextPageToken ?? undefined
    } while (pageToken && pages < MAX_PLAYLIST_PAGES)
    complete = !pageToken
  } else if (source.channelId) {
    kind = 'channel'
    let pageToken: string | undefined
    let pages = 0
    do {
      const data = await call<youtube_v3.Schema$SearchListResponse>(() =>
        client.search.list({
          part: ['snippet'],
          channelId: source.channelId!,
          type: ['video'],
          order: 'date',
          maxResults: YOUTUBE_PAGE_SIZE,
          publishedAfter: source.publishedAfter.toISOString(),
          pageToken,
        }),
      )
      requests++
      pages++
      for (const item of data.items ?? []) add(item.id?.videoId)
      pageToken = data.nextPageToken ?? undefined
    } while (pageToken && pages < MAX_SEARCH_PAGES)
    complete = !pageToken
  } else {
    return null
  }
  const details = await videoDetails(client, ids)
  return { source: kind, videos: details.videos, complete, requests: requests + details.requests }
}

/** Inserts or refreshes the event's stored videos; running it twice with the same videos changes nothing more. */
export async function storeVideos(eventId: number, videos: FetchedVideo[], now = new Date()): Promise<void> {
  for (let i = 0; i < videos.length; i += 200) {
    const rows = videos.slice(i, i + 200).map((v) => ({
      event_id: eventId,
      video_id: v.videoId,
      title: v.title,
      description: v.description,
      published_at: v.publishedAt,
      duration_seconds: v.durationSeconds,
      channel_id: v.channelId,
      fetched_at: now,
    }))
    await db
      .insertInto('youtube_videos')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['event_id', 'video_id']).doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          published_at: eb.ref('excluded.published_at'),
          duration_seconds: eb.ref('excluded.duration_seconds'),
          channel_id: eb.ref('excluded.channel_id'),
          fetched_at: eb.ref('excluded.fetched_at'),
        })),
      )
      .execute()
  }
}

export async function listStoredVideos(eventId: number): Promise<YoutubeVideo[]> {
  return db
    .selectFrom('youtube_videos')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('published_at')
    .orderBy('video_id')
    .execute()
}
