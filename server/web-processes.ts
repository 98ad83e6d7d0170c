import cluster, { type Worker } from 'node:cluster'
import type { Env } from '~/env.server'
import { logger } from '~/utils/logger.server'

/** What a web process sends its primary: a request queued an email (the primary's sender runs at once). */
export const OUTBOX_QUEUED_MESSAGE = 'convene:outbox-queued'

/**
 * How many web processes to run, and a warning when fewer than asked. WEB_CONCURRENCY when set; otherwise the
 * CPU count in production, one elsewhere. The embedded PGlite always runs one: it lives inside the process that
 * opened it and holds its folder's lock. `npm run dev` runs one too (Vite's dev server is per process).
 */
export function webProcessCount(
  config: Pick<Env, 'WEB_CONCURRENCY' | 'NODE_ENV' | 'DATABASE_URL'>,
  { cpus, dev }: { cpus: number; dev: boolean },
): { count: number; warning?: string } {
  const asked = config.WEB_CONCURRENCY
  const onlyOne = !config.DATABASE_URL
    ? 'the embedded PGlite database allows one process (set DATABASE_URL to use PostgreSQL for more)'
    : dev
    ? 'npm run dev runs one process'
    : undefined
  if (onlyOne) {
    return {
      count: 1,
      warning:
        asked && asked > 1 ? `WEB_CONCURRENCY=${asked} is ignored, running one web process: ${onlyOne}` : undefined,
    }
  }
  return { count: asked ?? (config.NODE_ENV === 'production' ? cpus : 1) }
}

const FIRST_RESTART_DELAY_MS = 100
const MAX_RESTART_DELAY_MS = 30_000
const RESTART_MEMORY_MS = 60_000

/**
 * How long to wait before replacing a web process that died, given when web processes died (newest last): at
 * 100 ms the first time, then doubling with every death in the last minute, up to 30 s, so that a process that
 * crashes at every start does not spin the CPU.
 */
export function restartDelayMs(deaths: number[], now: number): number {
  const recent = deaths.filter((at) => now - at < RESTART_MEMORY_MS).length
  return Math.min(FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, recent - 1), MAX_RESTART_DELAY_MS)
}

export type WebProcesses = {
  /** Stops every web process (SIGTERM, then SIGKILL after `graceMs`); resolves once all have exited. */
  stop: (graceMs: number) => Promise<void>
}

/**
 * The primary's side of `WEB_CONCURRENCY`: forks `count` web processes (this same script, which serves when it
 * finds itself a cluster worker), which share the port through node:cluster. A process that exits unexpectedly
 * is replaced after `restartDelayMs`. One that exits before all of them first listened means the server cannot
 * start (the port is taken, the build is broken): `onStartFailure` is called instead of retrying forever.
 * `onListening` is called once, when all `count` first listen; `onOutboxQueued` when a process queued an email.
 */
export function superviseWebProcesses({
  count,
  onListening,
  onStartFailure,
  onOutboxQueued,
}: {
  count: number
  onListening: () => void
  onStartFailure: () => void
  onOutboxQueued: () => void
}): WebProcesses {
  const listening = new Set<Worker>()
  const deaths: number[] = []
  const restarts = new Set<NodeJS.Timeout>()
  let everListened = false
  let stopping = false

  const fork = () => {
    const worker = cluster.fork()
    logger.info({ webProcess: worker.process.pid }, 'web process started')
    worker.on('message', (message: unknown) => {
      if (message === OUTBOX_QUEUED_MESSAGE) onOutboxQueued()
    })
    worker.on('listening', () => {
      listening.add(worker)
      if (!everListened && listening.size === count) {
        everListened = true
        onListening()
      }
    })
    worker.on('exit', (code, signal) => {
      const wasListening = listening.delete(worker)
      if (stopping) return
      if (!everListened && !wasListening) {
        stopping = true
        onStartFailure()
        return
      }
      deaths.push(Date.now())
      const delay = restartDelayMs(deaths, Date.now())
      logger.warn(
        { webProcess: worker.process.pid, code, signal, restartInMs: delay },
        'a web process exited unexpectedly; starting another',
      )
      const timer = setTimeout(() => {
        restarts.delete(timer)
        if (!stopping) fork()
      }, delay)
      restarts.add(timer)
    })
  }

  for (let i = 0; i < count; i++) fork()

  return {
    stop: async (graceMs) => {
      stopping = true
      for (const timer of restarts) clearTimeout(timer)
      restarts.clear()
      const running = Object.values(cluster.workers ?? {}).filter(
        (worker): worker is Worker => worker !== undefined && !worker.isDead(),
      )
      await Promise.all(
        running.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve()
              const force = setTimeout(() => worker.process.kill('SIGKILL'), graceMs)
              worker.once('exit', () => {
                clearTimeout(force)
                resolve()
              })
              // Each process closes its server and its database connections, as a single server does on SIGTERM.
              worker.process.kill('SIGTERM')
            }),
        ),
      )
    },
  }
}
