import { PUBLIC_CONTENT_CHANNEL } from '~/models/operations/public-content.server'
import type { Listeners } from '../notifications'
import type { PublishedCache } from './cache'

// How each web process hears which published content changed: every change sends its tags with pg_notify in
// its own transaction (app/models/operations/public-content.server.ts), heard by every process's listener
// (server/notifications.ts). Entries live only while that can be heard: until the LISTEN is in place, and from
// the moment its connection is lost until it is back, the cache holds and answers nothing.

function dropTags(cache: PublishedCache, payload: string | undefined) {
  const tags = (payload ?? '').split(' ').filter(Boolean)
  // An empty payload carries no tags to go by: drop everything rather than keep what may be stale.
  if (tags.length) cache.invalidate(tags)
  else cache.clear()
}

/** The published cache's side of the listener; the cache is bypassed until the LISTEN is first in place. */
export function publishedCacheListeners(cache: PublishedCache): Listeners {
  cache.setBypass(true)
  return {
    channels: { [PUBLIC_CONTENT_CHANNEL]: (payload) => dropTags(cache, payload) },
    onLost: () => cache.setBypass(true),
    // Whatever changed while nobody listened is unknown: start empty (setBypass clears).
    onListening: () => cache.setBypass(false),
  }
}
