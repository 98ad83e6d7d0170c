import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import type { Server } from 'node:http'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import { env } from '~/env.server'
import { countUsers, getUserByEmail } from '~/models/users/user.server'
import { logger } from '~/utils/logger.server'
import { DEMO_ORGANIZER, seedDemoData } from '../db/seed/demo'
import { startEmailSender, startScheduler } from '../jobs/in-process'
import { SCHEDULE } from '../jobs/schedule'
import { failAbandonedJobRuns } from '~/models/operations/job-runs.server'
import { describeDatabase, openDatabase } from './prepare'
import { answerExpressError, createRemixHandler } from './remix-handler'

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

async function createApp() {
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
  app.all('*', createRemixHandler({ build, mode: dev ? 'development' : 'production' }))
  app.use(answerExpressError)
  return app
}

async function main() {
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
  const app = await createApp()
  let stopEmailSender = async () => {}
  let stopScheduler = async () => {}
  const server: Server = app.listen(config.PORT, config.HOST, async () => {
    stopEmailSender = startEmailSender()
    if (embedded) {
      // graphile-worker needs PostgreSQL; on the embedded database this process runs the same schedule itself.
      stopScheduler = startScheduler()
      console.log(`Scheduled tasks run in this process: ${SCHEDULE.map((s) => s.task).join(', ')}`)
    }
    const url = `http://localhost:${config.PORT}`
    const demo = await getUserByEmail(DEMO_ORGANIZER.email)
    console.log(`\nConvene is running at ${url}  (database: ${describeDatabase()})`)
    if (demo) console.log(`Organizer login: ${url}/login  as ${DEMO_ORGANIZER.email} / ${DEMO_ORGANIZER.password}`)
    console.log('Stop with Ctrl-C.\n')
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${config.PORT} is in use. Stop what uses it, or start on another port: PORT=3001 npm start`
        : `The server could not start: ${error.message}`,
    )
    void database.close().then(() => process.exit(1))
  })
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    server.close(async () => {
      await Promise.all([stopEmailSender(), stopScheduler()])
      await database.close()
      process.exit(0)
    })
    server.closeAllConnections()
    setTimeout(() => process.exit(1), 10_000).unref()
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  stopWhenOrphaned(shutdown)
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
