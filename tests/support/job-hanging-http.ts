import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An HTTP server on loopback that takes requests and never answers them: pointed at as the YouTube API, it holds
 * a sync-recordings job mid-run for as long as a test needs, deterministically. `received` resolves with the
 * first request, the moment the job is known to be waiting on it.
 */
export class HangingHttpServer {
  readonly requests: IncomingMessage[] = []
  url = ''
  private server: Server = createServer((req) => {
    this.requests.push(req)
    this.server.emit('held', req)
  })

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1')
    await once(this.server, 'listening')
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`
    return this
  }

  /** The first request held (at once if one already came). */
  async received(): Promise<IncomingMessage> {
    if (this.requests[0]) return this.requests[0]
    const [req] = (await once(this.server, 'held')) as [IncomingMessage]
    return req
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
