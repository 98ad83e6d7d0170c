/**
 * "logging": what the access log costs. Two Convene servers in the same run, one with LOG_LEVEL=info (one JSON
 * access line per request, written to a file as a log collector would take it) and one with LOG_LEVEL=silent,
 * answer the same cheap request (a small static file: the framework does least, so the log's share is largest),
 * measured alternately A/B/A/B; printed as requests/s and their ratio (target ≥ 95 %). BENCH_SECONDS (5) per run,
 * BENCH_CONNECTIONS (50), BENCH_ROUNDS (2). The checks: every answered request has exactly one access line,
 * every line is whole JSON, and the silent server writes none.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { freePort } from '../support/convene-process'
import { createBenchDatabase, type BenchDatabase } from './database'
import { hasWrk, load } from './load'
import {
  cleanupOnInterrupt,
  figure,
  note,
  positiveIntFromEnv,
  yesNo,
  type BenchSection,
  type SectionResult,
} from './section'

const root = path.resolve(import.meta.dirname, '../..')
const CHEAP_PATH = '/favicon.svg'
const TARGET_PERCENT = 95
/** The first start after a source change rebuilds the app, which can take a while. */
const READY_TIMEOUT_MS = 5 * 60_000

type LoggingServer = { label: string; baseUrl: string; logFile: string; stop: () => Promise<void> }

/**
 * Convene as `npm start` runs it, its stdout and stderr going to `logFile` (not to this process, whose reading
 * of the lines would compete with the load generator), ready once /healthz answers.
 */
async function startLoggingServer(database: BenchDatabase, label: string, logLevel: string): Promise<LoggingServer> {
  const port = await freePort()
  const logFile = path.join(database.env.DATA_DIR, `server-${logLevel}.log`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    DEMO_DATA: 'never',
    SESSION_SECRET: randomBytes(32).toString('hex'),
  }
  if (!database.env.DATABASE_URL) delete env.DATABASE_URL
  delete env.SMTP_URL
  delete env.WEB_CONCURRENCY // one process each: the figure is the cost per process
  const fd = openSync(logFile, 'w')
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    forget()
    if (child.exitCode !== null || child.signalCode !== null) return
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.kill('SIGTERM')
    await exited
    clearTimeout(force)
  }
  const forget = cleanupOnInterrupt(stop)
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited while starting:\n${readFileSync(logFile, 'utf8')}`)
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    )
    if (healthy) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${label} did not answer /healthz in ${READY_TIMEOUT_MS / 1000} s`)
    }
    // Polling a process starting up; nothing to wait on instead.
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { label, baseUrl, logFile, stop }
}

type Run = { requestsPerSecond: number; total: number; unexpected: number }

/** One measured run through the bench's load generator (wrk, or autocannon without it). */
async function measure(url: string, connections: number, seconds: number): Promise<Run> {
  const result = await load({ url, connections, seconds })
  return {
    requestsPerSecond: result.requestsPerSecond,
    total: result.requests,
    unexpected: result.non2xx3xx + result.socketErrors,
  }
}

/** The access lines for CHEAP_PATH in a server's log, and the lines that are not whole JSON objects. */
function readAccessLines(logFile: string): { access: number; torn: string[] } {
  let access = 0
  const torn: string[] = []
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue // the start-up lines printed for a person
    try {
      const entry = JSON.parse(line) as { req?: { path?: string }; res?: unknown }
      if (entry.req?.path === CHEAP_PATH && entry.res) access++
    } catch {
      torn.push(line)
    }
  }
  return { access, torn }
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

async function run(): Promise<SectionResult> {
  const seconds = positiveIntFromEnv('BENCH_SECONDS', 5)
  const connections = positiveIntFromEnv('BENCH_CONNECTIONS', 50)
  const rounds = positiveIntFromEnv('BENCH_ROUNDS', 2)
  const checks: boolean[] = []
  const check = (label: string, held: boolean) => {
    checks.push(held)
    figure(label, yesNo(held))
  }
  if (!hasWrk()) note('wrk is not installed (apt-get install wrk): autocannon generates the load and may be the limit')

  // Two databases: two servers run at once, and an embedded PGlite is opened by one process only.
  const databases = [await createBenchDatabase(), await createBenchDatabase()] as const
  const servers: LoggingServer[] = []
  try {
    figure('database', `${databases[0].kind}`)
    figure('CPUs', `${availableParallelism()} (the load generator and both servers share them)`)
    figure('per run', `${seconds} s (BENCH_SECONDS), ${connections} connections (BENCH_CONNECTIONS), ${rounds} rounds`)
    figure('request', `GET ${CHEAP_PATH} (a static file, logged like every request)`)
    servers.push(await startLoggingServer(databases[0], 'LOG_LEVEL=info', 'info'))
    servers.push(await startLoggingServer(databases[1], 'LOG_LEVEL=silent', 'silent'))
    const [logging, silent] = servers as [LoggingServer, LoggingServer]

    const totals = new Map<LoggingServer, { requests: number; runs: Run[] }>(
      servers.map((server) => [server, { requests: 0, runs: [] }]),
    )
    for (const server of servers) {
      const warmUp = await measure(`${server.baseUrl}${CHEAP_PATH}`, 10, 1)
      totals.get(server)!.requests += warmUp.total
    }
    for (let round = 1; round <= rounds; round++) {
      for (const server of servers) {
        const measured = await measure(`${server.baseUrl}${CHEAP_PATH}`, connections, seconds)
        const entry = totals.get(server)!
        entry.requests += measured.total
        entry.runs.push(measured)
        figure(
          `  round ${round}, ${server.label}`,
          `${number(measured.requestsPerSecond, 1).padStart(9)} req/s · ${number(measured.total)} requests` +
            (measured.unexpected ? ` · ${number(measured.unexpected)} other responses or errors` : ''),
        )
      }
    }
    const mean = (server: LoggingServer) => {
      const runs = totals.get(server)!.runs
      return runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length
    }
    const percent = (100 * mean(logging)) / mean(silent)
    note('')
    figure('LOG_LEVEL=info (mean)', `${number(mean(logging), 1)} req/s`)
    figure('LOG_LEVEL=silent (mean)', `${number(mean(silent), 1)} req/s`)
    figure(
      'with the access log / without',
      `${number(percent, 1)} % (target ≥ ${TARGET_PERCENT} %: ${percent >= TARGET_PERCENT ? 'met' : 'not met'})`,
    )

    // Stopped first: the last lines are written when a server stops.
    for (const server of servers) await server.stop()
    const logged = readAccessLines(logging.logFile)
    const unlogged = readAccessLines(silent.logFile)
    const answered = totals.get(logging)!.requests
    // wrk counts the answers it read; a request whose answer was on its way when a run ended is logged, uncounted.
    const inFlight = connections * rounds + 10
    figure('access lines / requests answered', `${number(logged.access)} / ${number(answered)}`)
    check('one access line per request', logged.access >= answered && logged.access <= answered + inFlight)
    check('every log line is whole JSON', logged.torn.length === 0)
    check('no access lines with LOG_LEVEL=silent', unlogged.access === 0)
    check(
      'every response was 200',
      [...totals.values()].every(({ runs }) => runs.every((r) => r.unexpected === 0)),
    )
    return {
      ok: checks.every(Boolean),
      rows: [
        {
          figure: 'one access line per request (logging on vs. LOG_LEVEL=silent)',
          convene: `${number(mean(logging), 1)} req/s`,
          bare: `${number(mean(silent), 1)} req/s`,
          percent,
          target: `≥ ${TARGET_PERCENT} %`,
          met: percent >= TARGET_PERCENT,
        },
      ],
    }
  } finally {
    for (const server of servers) await server.stop()
    for (const database of databases) await database.drop()
  }
}

export const logging: BenchSection = { id: 'logging', name: 'logging', run }
