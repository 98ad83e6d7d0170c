import { z } from 'zod'

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).default('./data'),
    SESSION_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    PUBLIC_URL: optionalString.pipe(z.url('must be an absolute URL such as https://convene.example.org').optional()),
    /**
     * Web server processes (node:cluster) on PostgreSQL; unset: the CPU count in production, 1 otherwise. The
     * embedded PGlite always runs one (see server/web-processes.ts).
     */
    WEB_CONCURRENCY: optionalString.pipe(
      z.coerce
        .number<string>({ error: 'must be a whole number of processes, such as 2' })
        .int('must be a whole number of processes, such as 2')
        .positive('must be 1 or more')
        .optional(),
    ),
    /**
     * Memory, in bytes, for the published-content cache of each web process (server/published-cache): public
     * pages and feeds rendered once and served from memory. 0 turns it off.
     */
    PUBLISHED_CACHE_BYTES: z.coerce
      .number({ error: 'must be a number of bytes, such as 67108864 (64 MiB), or 0 to turn the cache off' })
      .int('must be a whole number of bytes')
      .min(0, 'must be 0 or more')
      .default(64 * 1024 * 1024),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEMO_DATA: z.enum(['auto', 'never']).default('auto'),
    REGISTRATION_RATE_LIMIT_POINTS: z.coerce.number().int().positive().default(30),
    REGISTRATION_RATE_LIMIT_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(60 * 60),
    /** Failed logins from one address on one account; then 429 for that pair only, not for the owner elsewhere. */
    LOGIN_RATE_LIMIT_POINTS: z.coerce.number().int().positive().default(10),
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(15 * 60),
    /** Failed logins per address over all accounts (then 429 for that address). */
    LOGIN_ADDRESS_RATE_LIMIT_POINTS: z.coerce.number().int().positive().default(100),
    LOGIN_ADDRESS_RATE_LIMIT_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(24 * 60 * 60),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL, such as smtp://user:pass@smtp.example.org:587')
        .optional(),
    ),
    MAIL_FROM: optionalString.pipe(z.string().default('Convene <no-reply@convene.local>')),
    /** YouTube Data API v3 key: without it Convene does not look for recordings (organizers can still link by hand). */
    YOUTUBE_API_KEY: optionalString,
    /** Where the YouTube Data API lives; only tests set it, to point the client at a local fake. */
    YOUTUBE_API_ROOT_URL: optionalString.pipe(
      z.url('must be an absolute URL such as http://127.0.0.1:8080/').optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required in production (openssl rand -hex 32)',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema>

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  return result.data
}

let cached: Env | undefined

/** The validated environment, read once. */
export function env(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
