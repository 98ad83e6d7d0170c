import { Worker } from 'node:worker_threads'
import { cleanupOnInterrupt } from './section'

/** One canned answer: `body` with `contentType`, or a 304 without a body when If-None-Match equals `etag`. */
export type BareRoute = { path: string; contentType: string; body: Uint8Array; etag?: string }

export type BareServer = { baseUrl: string; stop: () => Promise<void> }

/**
 * Plain JavaScript, run with `eval`: a worker does not get tsx's loader. The least a Node server can do to
 * answer: look the path up, compare If-None-Match, write the stored bytes.
 */
const WORKER_SOURCE = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const routes = new Map(workerData.routes.map((route) => [route.path, route]))
const server = http.createServer((req, res) => {
  const route = routes.get(req.url)
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found')
  } else if (route.etag && req.headers['if-none-match'] === route.etag) {
    res.writeHead(304, { etag: route.etag })
    res.end()
  } else {
    res.writeHead(200, route.etag ? { 'content-type': route.contentType, etag: route.etag } : { 'content-type': route.contentType })
    res.end(route.body)
  }
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }))
`

/**
 * A bare `node:http` server on 127.0.0.1 and a free port, in a worker thread of the bench process: an event loop of
 * its own, so the load generator (autocannon, on the main thread) does not slow it down, as it does not slow down
 * Convene's server in its own process.
 */
export function startBareServer(routes: BareRoute[]): Promise<BareServer> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { routes } })
  const stop = async () => {
    forget()
    await worker.terminate()
  }
  const forget = cleanupOnInterrupt(stop)
  return new Promise((resolve, reject) => {
    worker.once('error', (error) => {
      forget()
      reject(error)
    })
    worker.once('message', (message: { port: number }) =>
      resolve({ baseUrl: `http://127.0.0.1:${message.port}`, stop }),
    )
  })
}
