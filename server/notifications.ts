import pg from 'pg'
import { embeddedInstanceOf } from '#db/client'
import { backoffDelayMs } from '~/utils/backoff'
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'

// How a web process hears what other processes committed: pg_notify in their transactions, delivered on commit
// to every process that LISTENs — on PostgreSQL over one connection of its own per process, kept open and
// reconnected with backoff; on the embedded PGlite in this one process. Whoever listens is told when the
// connection is lost and when it is back (what was sent meanwhile is lost, so they catch up or start afresh).

export type StopListening = () => Promise<void>

export type Listeners = {
  /** What to do with each channel's payloads. */
  channels: Record<string, (payload: string | undefined) => void>
  /** The connection is gone: notifications sent from now on will not arrive. */
  onLost?: () => void
  /** LISTEN is in place (first time, or again after a loss). */
  onListening?: () => void
}

/** application_name of the LISTEN connections, followed by `:<pid>`. */
export const LISTENER_APPLICATION_NAME = 'convene-listen'

/** Backoff before the next LISTEN attempt: from 250 ms to 10 s, with jitter. */
export function reconnectDelayMs(attempt: number, random = Math.random): number {
  return backoffDelayMs(attempt, { firstMs: 250, maxMs: 10_000 }, random)
}

/** LISTENs on PostgreSQL over a dedicated connection, reconnecting while it is lost. */
export function listenOnPostgres(databaseUrl: string, listeners: Listeners): StopListening {
  let stopped = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  let attempt = 0
  const channels = Object.keys(listeners.channels)

  const lost = (dropped: pg.Client, reason: string) => {
    // A connection reports its loss twice ('error', then 'end'): act once, for the one in use.
    if (stopped || client !== dropped) return
    client = undefined
    void dropped.end().catch(() => {})
    listeners.onLost?.()
    logger.warn({ reason, channels }, 'the LISTEN connection was lost; reconnecting')
    scheduleConnect()
  }
  const scheduleConnect = () => {
    if (stopped || retry) return
    const delay = reconnectDelayMs(attempt++)
    retry = setTimeout(() => {
      retry = undefined
      void connect()
    }, delay)
    retry.unref()
  }
  const connect = async () => {
    const next = new pg.Client({
      connectionString: databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      // Named in pg_stat_activity, per process: which connection is whose LISTEN.
      application_name: `${LISTENER_APPLICATION_NAME}:${process.pid}`,
    })
    // Without an 'error' listener a dropped connection would be an uncaught exception that ends the process.
    next.on('error', (error) => lost(next, error.message))
    next.on('end', () => lost(next, 'connection ended'))
    next.on('notification', (message) => listeners.channels[message.channel]?.(message.payload))
    try {
      await next.connect()
      for (const channel of channels) await next.query(`LISTEN ${channel}`)
    } catch (error) {
      void next.end().catch(() => {})
      if (!stopped) {
        logger.warn({ reason: (error as Error).message, channels }, 'LISTEN failed; retrying')
        scheduleConnect()
      }
      return
    }
    if (stopped) {
      await next.end().catch(() => {})
      return
    }
    client = next
    attempt = 0
    listeners.onListening?.()
  }
  void connect()

  return async () => {
    stopped = true
    clearTimeout(retry)
    const current = client
    client = undefined
    listeners.onLost?.()
    await current?.end().catch(() => {})
  }
}

/** LISTENs on the embedded PGlite, which runs in this process: nothing can be lost between them. */
export async function listenOnEmbedded(listeners: Listeners): Promise<StopListening> {
  const instance = embeddedInstanceOf(db)
  if (!instance) throw new Error('listenOnEmbedded needs the embedded database')
  const pglite = await instance
  const unlisten = await Promise.all(
    Object.entries(listeners.channels).map(([channel, handle]) => pglite.listen(channel, (payload) => handle(payload))),
  )
  listeners.onListening?.()
  return async () => {
    await Promise.all(unlisten.map((stop) => stop()))
  }
}
