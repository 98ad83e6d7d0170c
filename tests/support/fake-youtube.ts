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
  liveBroadcastContent?: 'none' | 'live' | 'upcoming'
}

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
 * A local stand-in for the YouTube Data API v3 (playlistItems.list, videos.list, search.list) on 127.0.0.1 and
 * a free port, speaking the API's JSON: pages with nextPageToken, at most 50 ids per videos.list, Google's error
 * bodies. Requests with another key than VALID_KEY get 400 keyInvalid. Tests point the googleapis client at it
 * with rootUrl; nothing reaches the network.
 */
export class FakeYoutube {
  readonly videos = new Map<string, FakeVideo>()
  readonly playlists = new Map<string, string[]>()
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

  callsTo(endpoint: 'playlistItems' | 'videos' | 'search'): FakeRequest[] {
    return this.requests.filter((r) => r.path === `/youtube/v3/${endpoint}`)
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
      case '/youtube/v3/playlistItems': {
        const ids = this.playlists.get(url.searchParams.get('playlistId') ?? '')
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
          return {
            kind: 'youtube#playlistItem',
            id: `item-${id}`,
            snippet: {
              title: v?.title ?? 'Deleted video',
              description: v?.description ?? 'This video is unavailable.',
              publishedAt: '2030-05-10T00:00:00Z',
              position,
              resourceId: { kind: 'youtube#video', videoId: id },
            },
            contentDetails: { videoId: id, ...(v ? { videoPublishedAt: v.publishedAt } : {}) },
          }
        })
        return this.send(res, 200, { kind: 'youtube#playlistItemListResponse', ...page(items) })
      }
      case '/youtube/v3/videos': {
        const ids = list('id')
        if (ids.length > 50) {
          return this.send(res, 400, googleError(400, 'invalidFilters', 'Too many video ids (at most 50).'))
        }
        const parts = list('part')
        // Deleted and private videos are simply not returned.
        const items = ids
          .map((id) => this.videos.get(id))
          .filter((v): v is FakeVideo => Boolean(v))
          .map((v) => ({
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
            ...(parts.includes('contentDetails') ? { contentDetails: { duration: v.duration } } : {}),
          }))
        return this.send(res, 200, {
          kind: 'youtube#videoListResponse',
          items,
          pageInfo: { totalResults: items.length, resultsPerPage: items.length },
        })
      }
      case '/youtube/v3/search': {
        const after = url.searchParams.get('publishedAfter')
        const ids = (this.channels.get(url.searchParams.get('channelId') ?? '') ?? [])
          .map((id) => this.videos.get(id))
          .filter((v): v is FakeVideo => Boolean(v))
          .filter((v) => !after || Date.parse(v.publishedAt) > Date.parse(after))
          .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
        const items = ids.map((v) => ({
          kind: 'youtube#searchResult',
          id: { kind: 'youtube#video', videoId: v.id },
          snippet: {
            title: v.title,
            publishedAt: v.publishedAt,
            channelId: v.channelId ?? 'UCfakechannel0000000000000',
          },
        }))
        return this.send(res, 200, { kind: 'youtube#searchListResponse', ...page(items) })
      }
      default:
        return this.send(res, 404, googleError(404, 'notFound', 'Not Found'))
    }
  }
}
