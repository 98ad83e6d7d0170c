import { spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import { env } from '~/env.server'
import { countUsers, getUserByEmail } from '~/models/users/user.server'
import { flushLogs, logger } from '~/utils/logger.server'
import { outboxSignal } from '~/utils/outbox-signal.server'
import { sessionSecret } from '~/utils/secrets.server'
import { DEMO_ORGANIZER, seedDemoData } from '../db/seed/demo'
import { startEmailSender, startScheduler } from '../jobs/in-process'
import { SCHEDULE } from '../jobs/schedule'
import { failAbandonedJobRuns } from '~/models/operations/job-runs.server'
import { describeDatabase, openDatabase } from './prepare'
import { PublishedCache } from './published-cache/cache'
import { publishedFront } from './published-cache/front'
import { publishedCacheListeners } from './published-cache/invalidation'
import { LiveNoteRooms } from './live-notes/rooms'
import { serveLiveNotes } from './live-notes/upgrade'
import { listenOnEmbedded, listenOnPostgres, type Listeners, type StopListening } from './notifications'
import { NOTE_UPDATES_CHANNEL } from '~/models/notes/live-protocol'
import { answerExpressError, createRemixHandler } from './remix-handler'
import { OUTBOX_QUEUED_MESSAGE, superviseWebProcesses, webProcessCount } from './web-processes'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const buildEntry = path.join(root, 'build/server/index.js')
const dev = process.argv.includes('--dev')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** Builds the app when there is no build yet or the sources changed since, so `npm start` just works. */
function ensureBuild() {
  // A production image is built once, at image build time; never rebuild there.
  if (process.env.NODE_ENV === 'production' && existsSync(buildEntry)) return
  const sourcesChanged =
    existsSync(buildEntry) &&
    existsSync(path.join(root, 'app')) &&
    Math.max(newestMtime(path.join(root, 'app')), newestMtime(path.join(root, 'public'))) > statSync(buildEntry).mtimeMs
  if (existsSync(buildEntry) && !sourcesChanged) return
  console.log(existsSync(buildEntry) ? 'Sources changed: rebuilding Convene…' : 'Building Convene (first start)…')
  const result = spawnSync(path.join(root, 'node_modules/.bin/remix'), ['vite:build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.')
    process.exit(1)
  }
}

async function createApp(published: PublishedCache) {
  const app = express()
  app.disable('x-powered-by')
  // Behind Fly's proxy the client address is in Fly-Client-IP; elsewhere it is the socket's peer. Whatever a
  // client sends under our own header is overwritten, so rate limits cannot be dodged by setting it.
  app.use((req, _res, next) => {
    const fromFly = process.env.FLY_APP_NAME ? req.headers['fly-client-ip'] : undefined
    req.headers['x-convene-remote-address'] =
      (typeof fromFly === 'string' && fromFly) || req.socket.remoteAddress || 'unknown'
    next()
  })
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id']
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID()
        res.setHeader('x-request-id', id)
        return id
      },
      // Our serializers read three fields of the raw request and one of the response: pino-http's wrappers would
      // first copy every header of both into objects of their own, on every request (most of the logging cost).
      wrapSerializers: false,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/assets/') === true },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  )
  app.use(
    helmet({
      contentSecurityPolicy: false, // set per response, with a nonce, by createRemixHandler
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: env().NODE_ENV === 'production',
      // helmet's default (no-referrer) makes browsers send `Origin: null` on form posts, which Remix rightly
      // refuses; this policy still never sends a path (such as a manage link) to another site.
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  )
  app.use(compression())

  let build: ServerBuild | (() => Promise<ServerBuild>)
  if (dev) {
    const vite = await import('vite').then((v) => v.createServer({ root, server: { middlewareMode: true } }))
    app.use(vite.middlewares)
    build = () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  } else {
    app.use('/assets', express.static(path.join(root, 'build/client/assets'), { immutable: true, maxAge: '1y' }))
    app.use(express.static(path.join(root, 'build/client'), { maxAge: '1h' }))
    build = (await import(pathToFileURL(buildEntry).href)) as ServerBuild
  }
  app.all(
    '*',
    createRemixHandler({
      build,
      mode: dev ? 'development' : 'production',
      published,
      countQueries: env().NODE_ENV === 'test',
    }),
  )
  app.use(answerExpressError)
  return app
}

type Database = Awaited<ReturnType<typeof openDatabase>>

/** Time a stopping process gives its requests and background runs before it exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000

function printReady(processes: number) {
  void getUserByEmail(DEMO_ORGANIZER.email).then((demo) => {
    const url = `http://localhost:${env().PORT}`
    const count = processes > 1 ? `, ${processes} web processes` : ''
    // What was logged while starting (asynchronously) comes before the ready line (written at once).
    flushLogs()
    console.log(`\nConvene is running at ${url}  (database: ${describeDatabase()}${count})`)
    if (demo) console.log(`Organizer login: ${url}/login  as ${DEMO_ORGANIZER.email} / ${DEMO_ORGANIZER.password}`)
    console.log('Stop with Ctrl-C.\n')
  })
}

/**
 * The email sender and, on the embedded database, the schedule: run by exactly one process, the single server or
 * the primary of several web processes. Returns their stop().
 */
function startBackgroundTasks(embedded: boolean): () => Promise<void> {
  const stopEmailSender = startEmailSender()
  // graphile-worker needs PostgreSQL; on the embedded database this process runs the same schedule itself.
  const stopScheduler = embedded ? startScheduler() : async () => {}
  if (embedded) console.log(`Scheduled tasks run in this process: ${SCHEDULE.map((s) => s.task).join(', ')}`)
  return async () => {
    await Promise.all([stopEmailSender(), stopScheduler()])
  }
}

/** Stops on SIGINT, SIGTERM or when orphaned, once, whichever comes first (Ctrl-C signals a whole cluster). */
function onStopRequest(stop: (signal: string) => void) {
  let stopping = false
  const once = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    setTimeout(() => {
      flushLogs()
      process.exit(1)
    }, SHUTDOWN_GRACE_MS + 5_000).unref()
    stop(signal)
  }
  process.once('SIGINT', () => once('SIGINT'))
  process.once('SIGTERM', () => once('SIGTERM'))
  stopWhenOrphaned(once)
}

/**
 * What this process hears from the others (server/notifications.ts), over one LISTEN connection: changes of
 * published content for its cache (docs/decisions/017-published-content-cache.md; the cache is off in
 * development, where sources change under it), and changes of live notes for its rooms (018-live-notes.md).
 */
async function startListening(): Promise<{ cache: PublishedCache; rooms: LiveNoteRooms; stop: StopListening }> {
  const config = env()
  const cache = new PublishedCache({ maxBytes: dev ? 0 : config.PUBLISHED_CACHE_BYTES })
  const rooms = new LiveNoteRooms()
  const forCache = cache.maxBytes === 0 ? undefined : publishedCacheListeners(cache)
  const listeners: Listeners = {
    channels: {
      ...forCache?.channels,
      [NOTE_UPDATES_CHANNEL]: (payload) => rooms.onNoteUpdated(payload),
    },
    onLost: () => forCache?.onLost?.(),
    onListening: () => {
      forCache?.onListening?.()
      rooms.catchUpAll()
    },
  }
  const stop = config.DATABASE_URL
    ? listenOnPostgres(config.DATABASE_URL, listeners)
    : await listenOnEmbedded(listeners)
  return { cache, rooms, stop }
}

/**
 * Serves HTTP in this process: the whole server when it runs alone, or one of the web processes a primary
 * forked (then `background` is false: the primary runs the background tasks, and hears of queued emails).
 */
async function serve(database: Database, { background }: { background: boolean }) {
  const config = env()
  const listening = await startListening()
  const app = await createApp(listening.cache)
  let stopBackground = async () => {}
  const server: Server = createServer(
    publishedFront(listening.cache, app, {
      keyIncludesHost: !config.PUBLIC_URL,
      countQueries: config.NODE_ENV === 'test',
    }),
  )
  serveLiveNotes(server, listening.rooms)
  server.listen(config.PORT, config.HOST, () => {
    if (background) {
      stopBackground = startBackgroundTasks(!config.DATABASE_URL)
      printReady(1)
    } else {
      outboxSignal.on('queued', () => process.send?.(OUTBOX_QUEUED_MESSAGE))
    }
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${config.PORT} is in use. Stop what uses it, or start on another port: PORT=3001 npm start`
        : `The server could not start: ${error.message}`,
    )
    void database.close().then(() => process.exit(1))
  })
  onStopRequest(() => {
    // Editors are told to reconnect (to another process, or to this one once it is back) and their bursts of
    // editing are cut as revisions, while the database is still open.
    const roomsStopped = listening.rooms.stop()
    server.close(async () => {
      await roomsStopped
      await stopBackground()
      await listening.stop()
      await database.close()
      flushLogs()
      process.exit(0)
    })
    server.closeAllConnections()
  })
}

/**
 * The primary of WEB_CONCURRENCY web processes: it has built, migrated and seeded; it runs the background tasks
 * and supervises the web processes, and stops them all before it exits.
 */
function superviseAndServe(database: Database, count: number) {
  const stopBackground = startBackgroundTasks(false)
  const stopAll = async (code: number) => {
    await processes.stop(SHUTDOWN_GRACE_MS)
    await stopBackground()
    await database.close()
    flushLogs()
    process.exit(code)
  }
  const processes = superviseWebProcesses({
    count,
    onListening: () => printReady(count),
    onStartFailure: () => {
      console.error('A web process stopped before the server could start; see its messages above.')
      void stopAll(1)
    },
    onOutboxQueued: () => outboxSignal.queued(),
  })
  onStopRequest(() => void stopAll(0))
}

async function main() {
  if (cluster.isWorker) {
    return serve(await openDatabase('a web process', { migrate: false }), { background: false })
  }
  if (!dev) ensureBuild()
  const database = await openDatabase('the server')
  const config = env()
  if (config.DEMO_DATA === 'auto' && config.NODE_ENV !== 'production' && (await countUsers()) === 0) {
    const seeded = await seedDemoData()
    logger.info({ events: seeded.createdEvents.length }, 'demo data added to the empty database')
  }
  const embedded = !config.DATABASE_URL
  if (embedded) {
    // This process holds the embedded database's lock, so a run still marked running was left by a process that
    // died: it is failed now rather than after the heartbeat threshold.
    await failAbandonedJobRuns({ staleAfterMs: 0 })
  }
  const processes = webProcessCount(config, { cpus: availableParallelism(), dev })
  if (processes.warning) logger.warn(processes.warning)
  if (processes.count === 1) return serve(database, { background: true })
  // Generated once here when unset (outside production), so that every web process signs with the same secret.
  sessionSecret()
  superviseAndServe(database, processes.count)
}

/**
 * `npm start` runs us under `sh -c`, and neither npm nor sh passes a SIGTERM on: the npm process exits and this
 * one would go on serving, an orphan holding the port (and the embedded database's lock). So when the process
 * that started us is gone, stop as if told to. Started by init (a container's PID 1 is us, or our parent is 1
 * already), there is nothing to watch.
 */
function stopWhenOrphaned(shutdown: (signal: string) => void) {
  const parent = process.ppid
  if (parent <= 1) return
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    shutdown('parent exited')
  }, 500)
  timer.unref()
}

await main()
