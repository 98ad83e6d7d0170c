/**
 * Reading an event's videos from the YouTube Data API with a client it is given (youtube-client.server.ts makes
 * one from the environment's key): paging through a playlist or a channel's uploads playlist, then asking video
 * details in batches. Server-only: every request carries the API key. Stores nothing; the sync does
 * (sync-fetch.server.ts).
 *
 * Quota: every call made here costs 1 unit of the default 10,000 a day (channels.list, playlistItems.list,
 * videos.list). search.list, at 100 units a call, is never used: a channel is read through its uploads playlist.
 */
import type { youtube_v3 } from '@googleapis/youtube'
import type { LiveBroadcastContent } from '#db/schema'
import type { YoutubeClient } from './youtube-client.server'
import { classifyYoutubeError, PermanentYoutubeError } from './youtube-errors'

/** A video as YouTube describes it, reduced to what matching, public pages and re-checks need. */
export type FetchedVideo = {
  videoId: string
  title: string
  description: string
  /** snippet.publishedAt: when the video went public (for a stream, when it was published as one). */
  publishedAt: Date | null
  durationSeconds: number | null
  channelId: string | null
  /** 'live' or 'upcoming' while a stream or premiere has not ended: not a recording yet. */
  liveBroadcastContent: LiveBroadcastContent
  actualStartTime: Date | null
  actualEndTime: Date | null
  scheduledStartTime: Date | null
  /** contentDetails.caption: whether captions are available; null when YouTube did not say. */
  hasCaptions: boolean | null
  /** status.privacyStatus: 'public', 'unlisted' or 'private'; null when YouTube did not say. */
  privacyStatus: string | null
}

/** The Data API's cost of each call this module makes, in quota units. */
export const QUOTA_COST = { channels: 1, playlistItems: 1, videos: 1 } as const

/** Data API calls made and the quota units they cost. */
export type QuotaSpent = { requests: number; quotaUnits: number }

export type VideoDetails = QuotaSpent & {
  /** Every video YouTube returned, private ones included when it returns them. */
  videos: FetchedVideo[]
  /** Ids YouTube returned nothing for: deleted, or private (an API key cannot see private videos). */
  missing: string[]
}

export type FetchResult = VideoDetails & {
  source: 'playlist' | 'channel'
  /** The ids the listing holds, in its order, whether or not YouTube still serves them. */
  listed: string[]
  /**
   * Whether the listing is the whole playlist (for a channel: every upload since the event started): only then
   * may videos missing from it be treated as gone (deleted, made private, or taken out of the playlist).
   */
  complete: boolean
}

/** The Data API's page size limit, for playlist items and the ids of one videos.list call. */
export const YOUTUBE_PAGE_SIZE = 50
/** Playlist pages followed at most (2,500 videos): a guard against a server that never stops paging. */
const MAX_PLAYLIST_PAGES = 50

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

function liveBroadcastContent(value: string | null | undefined): LiveBroadcastContent {
  return value === 'live' || value === 'upcoming' ? value : 'none'
}

function toFetchedVideo(item: youtube_v3.Schema$Video & { id: string; snippet: youtube_v3.Schema$VideoSnippet }) {
  const caption = item.contentDetails?.caption
  return {
    videoId: item.id,
    title: item.snippet.title ?? '',
    description: item.snippet.description ?? '',
    publishedAt: toDate(item.snippet.publishedAt),
    durationSeconds: parseIsoDuration(item.contentDetails?.duration),
    channelId: item.snippet.channelId ?? null,
    liveBroadcastContent: liveBroadcastContent(item.snippet.liveBroadcastContent),
    actualStartTime: toDate(item.liveStreamingDetails?.actualStartTime),
    actualEndTime: toDate(item.liveStreamingDetails?.actualEndTime),
    scheduledStartTime: toDate(item.liveStreamingDetails?.scheduledStartTime),
    hasCaptions: caption === 'true' ? true : caption === 'false' ? false : null,
    privacyStatus: item.status?.privacyStatus ?? null,
  } satisfies FetchedVideo
}

/**
 * What YouTube says of the given videos now, in batches of at most 50 ids (1 unit each): their details, and the
 * ids it no longer returns. Used for the videos of a listing and to re-check linked videos alike.
 */
export async function fetchVideoDetails(client: YoutubeClient, ids: string[]): Promise<VideoDetails> {
  const unique = [...new Set(ids)]
  const videos: FetchedVideo[] = []
  const returned = new Set<string>()
  let requests = 0
  for (let i = 0; i < unique.length; i += YOUTUBE_PAGE_SIZE) {
    const batch = unique.slice(i, i + YOUTUBE_PAGE_SIZE)
    const data = await call<youtube_v3.Schema$VideoListResponse>(() =>
      client.videos.list({
        part: ['snippet', 'contentDetails', 'liveStreamingDetails', 'status'],
        id: batch,
        maxResults: YOUTUBE_PAGE_SIZE,
      }),
    )
    requests++
    for (const item of data.items ?? []) {
      const { id, snippet } = item
      if (!id || !snippet || returned.has(id)) continue
      returned.add(id)
      videos.push(toFetchedVideo({ ...item, id, snippet }))
    }
  }
  return {
    videos,
    missing: unique.filter((id) => !returned.has(id)),
    requests,
    quotaUnits: requests * QUOTA_COST.videos,
  }
}

/** The playlist holding every upload of a channel (channels.list, 1 unit). */
async function uploadsPlaylist(client: YoutubeClient, channelId: string): Promise<string> {
  const data = await call<youtube_v3.Schema$ChannelListResponse>(() =>
    client.channels.list({ part: ['contentDetails'], id: [channelId], maxResults: 1 }),
  )
  const uploads = data.items?.[0]?.contentDetails?.relatedPlaylists?.uploads
  if (!uploads) {
    throw new PermanentYoutubeError(
      `YouTube knows no channel ${channelId}. Check the channel id in the event details (it starts with UC).`,
      404,
      'channelNotFound',
    )
  }
  return uploads
}

type PlaylistListing = QuotaSpent & { ids: string[]; complete: boolean }

/**
 * The video ids of a playlist, every page (1 unit each). With `since`, for a channel's uploads (newest first):
 * items published before it are left out, and paging stops after the first page that reaches it.
 */
async function playlistVideoIds(client: YoutubeClient, playlistId: string, since?: Date): Promise<PlaylistListing> {
  const ids: string[] = []
  const seen = new Set<string>()
  let pageToken: string | undefined
  let requests = 0
  let reachedSince = false
  do {
    const data = await call<youtube_v3.Schema$PlaylistItemListResponse>(() =>
      client.playlistItems.list({
        part: ['snippet', 'contentDetails'],
        playlistId,
        maxResults: YOUTUBE_PAGE_SIZE,
        pageToken,
      }),
    )
    requests++
    for (const item of data.items ?? []) {
      const id = item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId
      if (!id || seen.has(id)) continue
      // An item without a publish time (a scheduled stream, a private video) cannot be placed: it is kept.
      const published = toDate(item.contentDetails?.videoPublishedAt)
      if (since && published && published < since) {
        reachedSince = true
        continue
      }
      seen.add(id)
      ids.push(id)
    }
    pageToken = data.nextPageToken ?? undefined
  } while (pageToken && !reachedSince && requests < MAX_PLAYLIST_PAGES)
  return { ids, complete: !pageToken || reachedSince, requests, quotaUnits: requests * QUOTA_COST.playlistItems }
}

/**
 * The videos of an event's playlist (every page), or — only when it has no playlist — the channel's uploads
 * published since the event started, read from the channel's uploads playlist; then their details, together with
 * the details of `alsoCheck` (the event's linked videos, re-checked on the way). Returns null when the event names
 * neither a playlist nor a channel. Throws RetryableYoutubeError or PermanentYoutubeError.
 */
export async function fetchEventVideos(
  client: YoutubeClient,
  source: { playlistId: string | null; channelId: string | null; publishedAfter: Date },
  alsoCheck: string[] = [],
): Promise<FetchResult | null> {
  let kind: FetchResult['source']
  let listing: PlaylistListing
  let channelUnits = 0
  if (source.playlistId) {
    kind = 'playlist'
    listing = await playlistVideoIds(client, source.playlistId)
  } else if (source.channelId) {
    kind = 'channel'
    const uploads = await uploadsPlaylist(client, source.channelId)
    channelUnits = QUOTA_COST.channels
    listing = await playlistVideoIds(client, uploads, source.publishedAfter)
  } else {
    return null
  }
  const details = await fetchVideoDetails(client, [...listing.ids, ...alsoCheck])
  return {
    source: kind,
    listed: listing.ids,
    complete: listing.complete,
    videos: details.videos,
    missing: details.missing,
    requests: listing.requests + (channelUnits ? 1 : 0) + details.requests,
    quotaUnits: channelUnits + listing.quotaUnits + details.quotaUnits,
  }
}
