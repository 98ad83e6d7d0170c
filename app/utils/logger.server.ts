import cluster from 'node:cluster'
import pino from 'pino'
import { env } from '~/env.server'
import { formatLogLine } from './log-format'
import { singleton } from './singleton.server'

/**
 * Brief coloured lines for a person at a terminal; pino's JSON, one object a line, for everything else (a pipe,
 * a file, a container's log collector) and always in production.
 */
export function wantsBriefLogs(stdout: { isTTY?: boolean }, nodeEnv: string): boolean {
  return stdout.isTTY === true && nodeEnv !== 'production'
}

/**
 * Where the JSON lines go: stdout, written asynchronously in batches so that the access line of every request
 * costs next to nothing (a synchronous write per line was a system call per request). Lines wait in memory until
 * 2 KiB have gathered, or 200 ms have passed (so an idle server's warning is not held back); each write is at
 * most 4 KiB of whole lines — PIPE_BUF on Linux, the size a pipe writes atomically — so that the lines of several
 * web processes sharing one stdout never tear into each other. pino flushes what waits when the process exits;
 * `flushLogs()` does it at once.
 */
const jsonDestination = () =>
  singleton('log-destination', () =>
    pino.destination({ dest: 1, sync: false, minLength: 2048, maxWrite: 4096, periodicFlush: 200 }),
  )

export const logger = singleton('logger', () => {
  const config = env()
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    // Several web processes write to one stdout: each line says which one it came from.
    base: cluster.isWorker ? { pid: process.pid } : undefined,
    // Attendee and organizer emails are personal data: never written at any level, whatever a caller passes.
    redact: { paths: ['email', '*.email', 'password', '*.password'], censor: '[redacted]' },
  }
  if (!wantsBriefLogs(process.stdout, config.NODE_ENV)) return pino(options, jsonDestination())
  const colours = !process.env.NO_COLOR
  return pino(options, { write: (line: string) => process.stdout.write(formatLogLine(line, { colours })) })
})

/** Writes the log lines still waiting in memory, before the process exits (a shutdown's last lines). */
export function flushLogs() {
  if (!wantsBriefLogs(process.stdout, env().NODE_ENV)) jsonDestination().flushSync()
}
