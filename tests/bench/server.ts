import { randomBytes } from 'node:crypto'
import { startConveneServer } from '../support/convene-process'
import type { BenchDatabase } from './database'
import { cleanupOnInterrupt } from './section'

/** The first start after a source change rebuilds the app, which can take a while. */
const READY_TIMEOUT_MS = 5 * 60_000

export type BenchServer = {
  baseUrl: string
  /** The server's process (its CPU and memory are read from /proc). */
  pid: number
  /** Warnings and errors the server logged after its ready line, and anything it wrote to stderr. */
  problems: string[]
  /** SIGTERM, then waits for the process to exit (SIGKILL if it has not after 20 s). */
  stop: () => Promise<void>
}

/**
 * Starts Convene as tests/support/browser-server.ts does (`node --import tsx server/main.ts`, building the
 * app first if the build is missing or stale) on the given database, on 127.0.0.1 and a free port, without demo
 * data and without sending email. `env` is added last (rate limits and the like).
 */
export async function startServer(database: BenchDatabase, env: Record<string, string> = {}): Promise<BenchServer> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'never',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ...env,
  }
  if (!database.env.DATABASE_URL) delete childEnv.DATABASE_URL
  delete childEnv.SMTP_URL // loopback traffic only: emails stay in the outbox
  const server = await startConveneServer(childEnv, READY_TIMEOUT_MS)
  const readyAt = server.output.length
  const stderrAtReady = server.errors.length
  const forget = cleanupOnInterrupt(server.stop)
  return {
    baseUrl: server.baseUrl,
    pid: server.child.pid!,
    get problems() {
      return [
        ...server.output.slice(readyAt).filter(isWarningOrWorse),
        ...server.errors.slice(stderrAtReady).filter((line) => !isWarningOrWorse(line)),
      ]
    },
    stop: async () => {
      forget()
      await server.stop()
    },
  }
}

/** pino's JSON lines carry a numeric level; 40 is warn. */
function isWarningOrWorse(line: string): boolean {
  if (!line.startsWith('{')) return false
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level
    return typeof level === 'number' && level >= 40
  } catch {
    return false
  }
}
