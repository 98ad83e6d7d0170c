import pino from 'pino'
import { env } from '~/env.server'
import { singleton } from './singleton.server'

export const logger = singleton('logger', () =>
  pino({
    level: env().LOG_LEVEL,
    base: undefined,
    // Attendee and organizer emails are personal data: never written at any level, whatever a caller passes.
    redact: { paths: ['email', '*.email', 'password', '*.password'], censor: '[redacted]' },
  }),
)
