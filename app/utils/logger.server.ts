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

export const logger = singleton('logger', () => {
  const config = env()
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    base: undefined,
    // Attendee and organizer emails are personal data: never written at any level, whatever a caller passes.
    redact: { paths: ['email', '*.email', 'password', '*.password'], censor: '[redacted]' },
  }
  if (!wantsBriefLogs(process.stdout, config.NODE_ENV)) return pino(options)
  const colours = !process.env.NO_COLOR
  return pino(options, { write: (line: string) => process.stdout.write(formatLogLine(line, { colours })) })
})
