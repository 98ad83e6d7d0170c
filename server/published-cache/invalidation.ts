import pg from 'pg'
import { embeddedInstanceOf } from '#db/client'
import { PUBLIC_CONTENT_CHANNEL } from '~/models/operations/public-content.server'
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import type { PublishedCache } from './cache'

// How each web process hears which published content changed: every change sends its tags with pg_notify in
// its own transaction (app/models/operations/public-content.server.ts), delivered on commit to every process
// that LISTENs — on PostgreSQL, over a connection of its own that each process keeps open; on the embedded
// PGlite, in this one process. Entries live only while that can be heard: until the LISTEN is in place, and
// from the moment its connection is lost until it is back, the cache holds and answers nothing.

export type StopListening = () => Promise<void>

/** application_name of the LISTEN connections, followed by `:<pid>`. */
export const LISTENER_APPLICATION_NAME = 'convene-published-cache'

function dropTags(cache: PublishedCache, payload: string | undefined) {
  const tags = (payload ?? '').split(' ').filter(Boolean)
  // An empty payload carries no tags to go by: drop everything rather than keep what may be stale.
  if (tags.length) cache.invalidate(tags)
  else cache.clear()
}

/** Backoff before the next LISTEN attempt: exponential from 250 ms to 10 s, with full jitter. */
export function reconnectDelayMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(10_000, 250 * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** LISTENs on PostgreSQL over a dedicated connection, reconnecting (and bypassing the cache) while it is lost. */
export function listenOnPostgres(cache: PublishedCache, databaseUrl: string): StopListening {
  let stopped = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  let attempt = 0
  cache.setBypass(true)

  const lost = (dropped: pg.Client, reason: string) => {
    // A connection reports its loss twice ('error', then 'end'): act once, for the one in use.
    if (stopped || client !== dropped) return
    client = undefined
    void dropped.end().catch(() => {})
    cache.setBypass(true)
    logger.warn({ reason }, 'published content: the LISTEN connection was lost; answering without the cache')
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
    next.on('notification', (message) => {
      if (message.channel === PUBLIC_CONTENT_CHANNEL) dropTags(cache, message.payload)
    })
    try {
      await next.connect()
      await next.query(`LISTEN ${PUBLIC_CONTENT_CHANNEL}`)
    } catch (error) {
      void next.end().catch(() => {})
      if (!stopped) {
        logger.warn({ reason: (error as Error).message }, 'published content: LISTEN failed; retrying')
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
    // Whatever changed while nobody listened is unknown: start empty (setBypass clears).
    cache.setBypass(false)
  }
  void connect()

  return async () => {
    stopped = true
    clearTimeout(retry)
    const current = client
    client = undefined
    cache.setBypass(true)
    await current?.end().catch(() => {})
  }
}

/** LISTENs on the embedded PGlite, which runs in this process: nothing can be lost between them. */
export async function listenOnEmbedded(cache: PublishedCache): Promise<StopListening> {
  const instance = embeddedInstanceOf(db)
  if (!instance) throw new Error('listenOnEmbedded needs the embedded database')
  const pglite = await instance
  const unlisten = await pglite.listen(PUBLIC_CONTENT_CHANNEL, (payload) => dropTags(cache, payload))
  return () => unlisten()
}
