/**
 * Reading an event's videos from the YouTube Data API with a client it is given (youtube-client.server.ts makes
 * one from the environment's key): paging through a playlist or a channel search, then asking video details in
 * batches. Server-only: every request carries the API key. Stores nothing; the sync does (sync-fetch.server.ts).
 */
import type { youtube_v3 } from '@googleapis/youtube'
import type { YoutubeClient } from './youtube-client.server'
import { classifyYoutubeError } from './youtube-errors'

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

/** The Data API's page size limit, for playlist items, searches and the ids of one videos.list call. */
export const YOUTUBE_PAGE_SIZE = 50
/** Playlist pages followed at most (2,500 videos): a guard against a server that never stops paging. */
const MAX_PLAYLIST_PAGES = 50
/** Channel search pages followed at most: each search costs 100 quota units of the default 10,000 a day. */
const MAX_SEARCH_PAGES = 4

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
