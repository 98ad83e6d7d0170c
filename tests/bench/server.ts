import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { BenchDatabase } from './database'
import { cleanupOnInterrupt } from './section'

const root = path.resolve(import.meta.dirname, '../..')

/** The first start after a source change rebuilds the app, which can take a while. */
const READY_TIMEOUT_MS = 5 * 60_000
const STOP_TIMEOUT_MS = 20_000

export type BenchServer = {
  baseUrl: string
  /** Warnings and errors the server logged after its ready line, and anything it wrote to stderr. */
  problems: string[]
  /** SIGTERM, then waits for the process to exit (SIGKILL if it has not after 20 s). */
  stop: () => Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Starts Convene as tests/support/browser-server.ts does (`node --import tsx app/server/main.ts`, building the
 * app first if the build is missing or stale) on the given database, on 127.0.0.1 and a free port, without demo
 * data and without sending email. `env` is added last (rate limits and the like).
 */
export async function startServer(database: BenchDatabase, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort()
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'never',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ...env,
  }
  if (!database.env.DATABASE_URL) delete childEnv.DATABASE_URL
  delete childEnv.SMTP_URL // loopback traffic only: emails stay in the outbox
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const problems: string[] = []
  try {
    await waitUntilReady(child, problems)
  } catch (error) {
    child.kill('SIGKILL')
    await exited
    throw error
  }
  const stop = async () => {
    forget()
    if (child.exitCode !== null || child.signalCode !== null) return
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    child.kill('SIGTERM')
    await exited
    clearTimeout(force)
  }
  const forget = cleanupOnInterrupt(stop)
  return { baseUrl: `http://127.0.0.1:${port}`, problems, stop }
}

/** Resolves when the server prints its ready line; rejects with its output if it exits or takes too long. */
function waitUntilReady(child: ChildProcess, problems: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = []
    let ready = false
    const timer = setTimeout(() => {
      reject(new Error(`The server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`))
    }, READY_TIMEOUT_MS)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!ready) output.push(line)
      else if (isWarningOrWorse(line)) problems.push(line)
      if (!ready && /Convene is running at \S+/.test(line)) {
        ready = true
        clearTimeout(timer)
        resolve()
      }
    })
    createInterface({ input: child.stderr! }).on('line', (line) => (ready ? problems : output).push(line))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (!ready) reject(new Error(`The server exited (${code ?? signal}) before it was ready:\n${output.join('\n')}`))
    })
  })
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
