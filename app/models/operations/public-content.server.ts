import { sql } from 'kysely'
import type { Database } from '#db/schema'
import type { Kysely, Transaction } from '~/utils/db.server'
import { currentRequestScope } from '~/utils/request-scope.server'

// Public content (feeds, exports, the pages visitors without a session see) is rendered once and served from
// memory by every web process (server/published-cache). Each cached response names, in tags, what it shows;
// whatever changes that content says so here, in the transaction of the change.

/** The PostgreSQL channel that carries changed tags, space-separated, to every web process. */
export const PUBLIC_CONTENT_CHANNEL = 'convene_public_content'

/** The event listings: home, the community calendar, search over events. */
export const LISTING_TAG = 'listing'

export const eventTag = (eventId: number) => `event:${eventId}`
/** What one person's personal feed shows of them: their registration and their stars. */
export const registrationTag = (registrationId: number) => `registration:${registrationId}`

/**
 * How long published content may be served from memory at most, changes aside. Pages say "live now", "opens in
 * 2 days" and the like, which change with the clock and no commit: a minute. Pages with seat counts or the
 * participant list change with every registration, which would otherwise drop them hundreds of times a second
 * in a registration storm: they live half a second instead of being notified. (Past its lifetime an entry is
 * still answered while its successor renders, a few milliseconds: within a second of any change either way.)
 */
export const PUBLISHED_MAX_AGE_MS = { default: 60_000, live: 500 } as const

/**
 * Declares, from a loader, that what this request renders is published content showing `shows` (the same for
 * every visitor without a session), so the server may keep it in memory until a change to one of those says
 * otherwise. Every loader of a page declares what it shows; a request in which none did is never cached.
 */
export function showsPublicContent(shows: PublicContentChange[], options: { live?: boolean } = {}): void {
  const scope = currentRequestScope()
  if (!scope) return
  const maxAgeMs = options.live ? PUBLISHED_MAX_AGE_MS.live : PUBLISHED_MAX_AGE_MS.default
  scope.published ??= { tags: new Set(), maxAgeMs }
  scope.published.maxAgeMs = Math.min(scope.published.maxAgeMs, maxAgeMs)
  for (const change of shows) for (const tag of shownTagsOf(change)) scope.published.tags.add(tag)
}

/** What a response showing this depends on: an event page depends on its event, not on the listings. */
function shownTagsOf(change: PublicContentChange | 'listing'): string[] {
  if (change === 'listing') return [LISTING_TAG]
  return 'eventId' in change ? [eventTag(change.eventId)] : [registrationTag(change.registrationId)]
}

export type PublicContentChange = { eventId: number } | { registrationId: number } | 'listing'

/** The tags a change makes stale: an event's change also reaches the listings it appears in. */
export function tagsOf(change: PublicContentChange): string[] {
  return change !== 'listing' && 'eventId' in change ? [...shownTagsOf(change), LISTING_TAG] : shownTagsOf(change)
}

/**
 * Says that `change` altered public content. The NOTIFY is part of the caller's transaction: PostgreSQL
 * delivers it to every listening process when, and only when, that transaction commits (and drops it on
 * rollback). The request that made the change also notes the tags in its scope, so this process drops them
 * before it answers: whoever made the change never sees the old content, whatever the NOTIFY's latency.
 */
export async function publicContentChanged(
  trx: Kysely<Database> | Transaction<Database>,
  change: PublicContentChange | { sessionId: number },
): Promise<void> {
  let known: PublicContentChange
  if (typeof change === 'object' && 'sessionId' in change) {
    const session = await trx
      .selectFrom('sessions')
      .select('event_id')
      .where('id', '=', change.sessionId)
      .executeTakeFirst()
    if (!session) return
    known = { eventId: session.event_id }
  } else {
    known = change
  }
  const tags = tagsOf(known)
  await sql`select pg_notify(${PUBLIC_CONTENT_CHANNEL}, ${tags.join(' ')})`.execute(trx)
  const scope = currentRequestScope()
  for (const tag of tags) scope?.changedTags.add(tag)
}
