import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A video as the fake Data API serves it. */
export type FakeVideo = {
  id: string
  title: string
  description?: string
  publishedAt: string
  /** ISO 8601, as YouTube writes it: PT1H2M3S. */
  duration: string
  channelId?: string
  /** 'upcoming': a scheduled stream or premiere; 'live': streaming now. */
  liveBroadcastContent?: 'none' | 'live' | 'upcoming'
  /** liveStreamingDetails, served only for streams and premieres (when one of these is set). */
  scheduledStartTime?: string
  actualStartTime?: string
  actualEndTime?: string
  /** contentDetails.caption; 'false' unless set. */
  caption?: boolean
  /**
   * status.privacyStatus; 'public' unless set. As for a real API key, a private video is not returned by
   * videos.list, shows as "Private video" in playlists and leaves its channel's uploads.
   */
  privacyStatus?: 'public' | 'unlisted' | 'private'
}

/** The documented quota cost of each endpoint, in units (search.list: 100). */
export const FAKE_QUOTA_COST: Record<string, number> = { channels: 1, playlistItems: 1, videos: 1, search: 100 }

export type FakeRequest = { method: string; path: string; query: URLSearchParams }

type Failure = { status: number; body: unknown }

export const VALID_KEY = 'test-api-key'

/** Google's error JSON: {error: {code, message, errors: [{reason, domain, message}]}}. */
export function googleError(code: number, reason: string, message: string, domain = 'global') {
  return { error: { code, message, errors: [{ message, domain, reason }] } }
}

export const QUOTA_EXCEEDED = googleError(
  403,
  'quotaExceeded',
  'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
  'youtube.quota',
)
export const BACKEND_ERROR = googleError(500, 'backendError', 'Internal error encountered.')
export const KEY_INVALID = googleError(
  400,
  'keyInvalid',
  'API key not valid. Please pass a valid API key.',
  'usageLimits',
)

/**
 * A local stand-in for the YouTube Data API v3 (channels.list, playlistItems.list, videos.list) on 127.0.0.1 and
 * a free port, speaking the API's JSON: pages with nextPageToken, at most 50 ids per videos.list, only the parts
 * asked for, Google's error bodies. A channel's uploads playlist (UU… for UC…) holds its videos newest first;
 * deleted videos leave it, and stay in other playlists as "Deleted video". Requests with another key than
 * VALID_KEY get 400 keyInvalid. search.list is not served: Convene must never call it (100 units a call).
 * Tests point the googleapis client at it with rootUrl; nothing reaches the network.
 */
export class FakeYoutube {
  readonly videos = new Map<string, FakeVideo>()
  readonly playlists = new Map<string, string[]>()
  /** Channel id → the ids of its uploads. */
  readonly channels = new Map<string, string[]>()
  readonly requests: FakeRequest[] = []
  private failures: Failure[] = []
  private server: Server | null = null
  url = ''

  addVideos(videos: FakeVideo[]) {
    for (const v of videos) this.videos.set(v.id, v)
  }

  /** The next requests answer these errors, in order, before normal service resumes. */
  failNext(...bodies: Array<{ error: { code: number } }>) {
    this.failures.push(...bodies.map((body) => ({ status: body.error.code, body })))
  }

  /** Forgets the requests seen so far. */
  clearLog() {
    this.requests.splice(0)
  }

  /** Deletes a video: videos.list stops returning it; playlists keep an item for it, as YouTube's do. */
  removeVideo(id: string) {
    this.videos.delete(id)
  }

  /** Changes what YouTube says of a video (made private, a stream that ended, …). */
  updateVideo(id: string, change: Partial<Omit<FakeVideo, 'id'>>) {
    const video = this.videos.get(id)
    if (!video) throw new Error(`no fake video ${id}`)
    this.videos.set(id, { ...video, ...change })
  }

  callsTo(endpoint: 'channels' | 'playlistItems' | 'videos' | 'search'): FakeRequest[] {
    return this.requests.filter((r) => r.path === `/youtube/v3/${endpoint}`)
  }

  /** The quota units the requests seen so far cost, at the API's documented prices. */
  quotaUnits(): number {
    return this.requests.reduce((sum, r) => sum + (FAKE_QUOTA_COST[r.path.replace('/youtube/v3/', '')] ?? 0), 0)
  }

  /** The uploads playlist YouTube gives a channel: UC… becomes UU…. */
  static uploadsPlaylistOf(channelId: string): string {
    return `UU${channelId.slice(2)}`
  }

  private uploads(playlistId: string): string[] | undefined {
    for (const [channelId, ids] of this.channels) {
      if (FakeYoutube.uploadsPlaylistOf(channelId) !== playlistId) continue
      return ids
        .map((id) => this.videos.get(id))
        .filter((v): v is FakeVideo => Boolean(v) && v!.privacyStatus !== 'private')
        .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
        .map((v) => v.id)
    }
    return undefined
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    this.url = `http://127.0.0.1:${port}/`
    return this
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.server = null
  }

  private send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' })
    res.end(JSON.stringify(body))
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams })
    const failure = this.failures.shift()
    if (failure) return this.send(res, failure.status, failure.body)
    if (url.searchParams.get('key') !== VALID_KEY) return this.send(res, 400, KEY_INVALID)
    const list = (name: string) => url.searchParams.getAll(name).flatMap((v) => v.split(','))
    const parts = list('part')
    const pageSize = Math.min(Number(url.searchParams.get('maxResults') ?? 5), 50)
    const page = <T>(items: T[]) => {
      const start = Number(url.searchParams.get('pageToken')?.replace('page-', '') ?? 0)
      const end = start + pageSize
      return {
        items: items.slice(start, end),
        ...(end < items.length ? { nextPageToken: `page-${end}` } : {}),
        pageInfo: { totalResults: items.length, resultsPerPage: pageSize },
      }
    }
    switch (url.pathname) {
      case '/youtube/v3/channels': {
        const items = list('id')
          .filter((id) => this.channels.has(id))
          .map((id) => ({
            kind: 'youtube#channel',
            id,
            ...(parts.includes('contentDetails')
              ? { contentDetails: { relatedPlaylists: { likes: '', uploads: FakeYoutube.uploadsPlaylistOf(id) } } }
              : {}),
          }))
        // An unknown channel is no error: the list is empty.
        return this.send(res, 200, {
          kind: 'youtube#channelListResponse',
          items,
          pageInfo: { totalResults: items.length, resultsPerPage: items.length },
        })
      }
      case '/youtube/v3/playlistItems': {
        const playlistId = url.searchParams.get('playlistId') ?? ''
        const ids = this.playlists.get(playlistId) ?? this.uploads(playlistId)
        if (!ids) {
          return this.send(
            res,
            404,
            googleError(
              404,
              'playlistNotFound',
              "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
              'youtube.playlistItem',
            ),
          )
        }
        const items = ids.map((id, position) => {
          const v = this.videos.get(id)
          const hidden = !v || v.privacyStatus === 'private'
          return {
            kind: 'youtube#playlistItem',
            id: `item-${id}`,
            snippet: {
              title: !v ? 'Deleted video' : hidden ? 'Private video' : v.title,
              description: hidden ? 'This video is unavailable.' : v.description ?? '',
              publishedAt: '2030-05-10T00:00:00Z',
              position,
              resourceId: { kind: 'youtube#video', videoId: id },
            },
            contentDetails: {
              videoId: id,
              ...(!hidden && v.liveBroadcastContent !== 'upcoming' ? { videoPublishedAt: v.publishedAt } : {}),
            },
          }
        })
        return this.send(res, 200, { kind: 'youtube#playlistItemListResponse', ...page(items) })
      }
      case '/youtube/v3/videos': {
        const ids = list('id')
        if (ids.length > 50) {
          return this.send(res, 400, googleError(400, 'invalidFilters', 'Too many video ids (at most 50).'))
        }
        // Deleted and private videos are simply not returned.
        const items = ids
          .map((id) => this.videos.get(id))
          .filter((v): v is FakeVideo => Boolean(v) && v!.privacyStatus !== 'private')
          .map((v) => {
            const streamed = Boolean(v.scheduledStartTime || v.actualStartTime || v.actualEndTime)
            return {
              kind: 'youtube#video',
              id: v.id,
              ...(parts.includes('snippet')
                ? {
                    snippet: {
                      title: v.title,
                      description: v.description ?? '',
                      publishedAt: v.publishedAt,
                      channelId: v.channelId ?? 'UCfakechannel0000000000000',
                      liveBroadcastContent: v.liveBroadcastContent ?? 'none',
                    },
                  }
                : {}),
              ...(parts.includes('contentDetails')
                ? { contentDetails: { duration: v.duration, caption: v.caption ? 'true' : 'false' } }
                : {}),
              ...(parts.includes('status')
                ? { status: { uploadStatus: 'processed', privacyStatus: v.privacyStatus ?? 'public' } }
                : {}),
              ...(parts.includes('liveStreamingDetails') && streamed
                ? {
                    liveStreamingDetails: {
                      ...(v.scheduledStartTime ? { scheduledStartTime: v.scheduledStartTime } : {}),
                      ...(v.actualStartTime ? { actualStartTime: v.actualStartTime } : {}),
                      ...(v.actualEndTime ? { actualEndTime: v.actualEndTime } : {}),
                    },
                  }
                : {}),
            }
          })
        return this.send(res, 200, {
          kind: 'youtube#videoListResponse',
          items,
          pageInfo: { totalResults: items.length, resultsPerPage: items.length },
        })
      }
      default:
        return this.send(res, 404, googleError(404, 'notFound', 'Not Found'))
    }
  }
}
