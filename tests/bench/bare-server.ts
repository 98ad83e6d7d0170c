import { Worker } from 'node:worker_threads'
import { cleanupOnInterrupt } from './section'

/**
 * One canned answer: `body` with `contentType`; `gzipBody` (compressed once, beforehand) when the request accepts
 * gzip; a 304 without a body when If-None-Match equals `etag`. `headers`: the rest of the response headers Convene
 * sent (its security headers, Content-Security-Policy, Cache-Control…), so that both send the same bytes.
 */
export type BareRoute = {
  path: string
  contentType: string
  body: Uint8Array
  gzipBody?: Uint8Array
  etag?: string
  headers?: Record<string, string>
}

export type BareServer = { baseUrl: string; stop: () => Promise<void> }

/**
 * Plain JavaScript, run with `eval`: a worker does not get tsx's loader. The least a Node server can do to
 * answer: look the path up, compare If-None-Match, write the stored bytes.
 */
const BYTES_SOURCE = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const routes = new Map(workerData.routes.map((route) => [route.path, route]))
const server = http.createServer((req, res) => {
  const route = routes.get(req.url)
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/plain' })
    return res.end('not found')
  }
  const headers = { ...route.headers, 'content-type': route.contentType, vary: 'Accept-Encoding' }
  if (route.etag) headers.etag = route.etag
  if (route.etag && req.headers['if-none-match'] === route.etag) {
    res.writeHead(304, headers)
    return res.end()
  }
  if (route.gzipBody && /\\bgzip\\b/.test(req.headers['accept-encoding'] || '')) {
    headers['content-encoding'] = 'gzip'
    res.writeHead(200, headers)
    return res.end(route.gzipBody)
  }
  res.writeHead(200, headers)
  res.end(route.body)
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }))
`

/**
 * The least a Node server can do to take a registration: read the JSON body, one INSERT through a pg pool of the
 * size Convene uses, answer 201 with the new id.
 */
const INSERT_SOURCE = `
const http = require('node:http')
const pg = require('pg')
const { parentPort, workerData } = require('node:worker_threads')
const pool = new pg.Pool({ connectionString: workerData.databaseUrl, max: 10 })
const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      const { rows } = await pool.query(
        'insert into bare_registrations (name, email, answers) values ($1, $2, $3) returning id',
        [body.name, body.email, body],
      )
      res.writeHead(201, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id: rows[0].id }))
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(error))
    }
  })
})
pool.query(
  'create table if not exists bare_registrations (id bigserial primary key, name text not null, ' +
    'email text not null unique, answers jsonb not null, created_at timestamptz not null default now())',
).then(() => server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port })))
`

/**
 * Runs `source` in a worker thread of the bench process: an event loop of its own, so the bench's own work (the
 * autocannon client of the storm) does not slow it down, as it does not slow down Convene's server in its own
 * process.
 */
function startWorker(source: string, workerData: unknown): Promise<BareServer> {
  const worker = new Worker(source, { eval: true, workerData })
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

/** A bare `node:http` server answering `routes` with their stored bytes, on 127.0.0.1 and a free port. */
export function startBareServer(routes: BareRoute[]): Promise<BareServer> {
  return startWorker(BYTES_SOURCE, { routes })
}

/**
 * A bare `node:http` + `pg` server on `databaseUrl` (its table, bare_registrations, lives in that URL's
 * search_path): POST anything, one INSERT each.
 */
export function startBareInsertServer(databaseUrl: string): Promise<BareServer> {
  return startWorker(INSERT_SOURCE, { databaseUrl })
}
