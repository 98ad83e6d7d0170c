import { sql, type RawBuilder } from 'kysely'
import type { Speaker } from '#db/schema'
import { db } from '~/utils/db.server'
import { MATCH_MARKERS, MATCH_START, MATCH_STOP, splitHighlights, type HighlightSegment } from '~/utils/highlight'
import { searchTerms } from './query'

// Full-text search of what the public sees: published (or cancelled) events and the scheduled sessions of their
// published agendas. Why PostgreSQL full-text search, the 'english' configuration and the indexes:
// docs/decisions/012-search.md. The vectors are the functions of migration 0006, which its GIN indexes index.

const EVENT_LIMIT = 20
const SESSION_LIMIT = 50

const WHOLE_TEXT = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, HighlightAll=true`
const SNIPPET = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, MaxWords=28, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" ... "`

export type EventHit = {
  slug: string
  title: HighlightSegment[]
  snippet: HighlightSegment[]
  timeZone: string
  startsAt: Date
  endsAt: Date
  venueName: string | null
  locationKind: 'in_person' | 'online' | 'hybrid'
  status: 'draft' | 'published' | 'cancelled'
  rank: number
}

export type SessionHit = {
  id: number
  event: { slug: string; title: string; timeZone: string }
  title: HighlightSegment[]
  snippet: HighlightSegment[]
  speakers: HighlightSegment[]
  speakerNames: string[]
  /** The track and the tags, comma-separated, with what matched. */
  trackLine: HighlightSegment[]
  tagLine: HighlightSegment[]
  startsAt: Date
  endsAt: Date
  room: string | null
  track: string | null
  tags: string[]
  kind: string
  rank: number
}

/** `meaningful` is false when the text has no searchable word (only stop words or punctuation). */
export type SearchResults = { meaningful: boolean; events: EventHit[]; sessions: SessionHit[] }

/**
 * The tsquery of what was typed, as text (empty when nothing in it is searchable). Built once so that the
 * searches below take it as one parameter, and so that "only stop words" is known before searching.
 */
async function toQueryText(q: string): Promise<string> {
  if (!q) return ''
  const { words, prefix } = searchTerms(q)
  const query = prefix
    ? sql`websearch_to_tsquery('english', ${words}) && to_tsquery('english', ${`'${prefix}':*`})`
    : sql`websearch_to_tsquery('english', ${words})`
  const { rows } = await sql<{ query: string }>`select (${query})::text as query`.execute(db)
  return rows[0]?.query ?? ''
}

/**
 * A markdown document as plain words for a snippet: no highlight markers, link targets, list bullets, emphasis
 * or heading marks.
 */
function plainText(column: RawBuilder<unknown>): RawBuilder<string> {
  const noMarkers = sql`translate(${column}, ${MATCH_MARKERS}, '')`
  const noLinkTargets = sql`regexp_replace(${noMarkers}, '\\]\\([^)]*\\)', ']', 'g')`
  const noBullets = sql`regexp_replace(${noLinkTargets}, '^\\s*([-+]|\\d+\\.)\\s+', '', 'gn')`
  return sql<string>`regexp_replace(${noBullets}, '[*#>~\\[\\]|]+|\`+', ' ', 'g')`
}

function withoutMarkers(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`translate(${column}, ${MATCH_MARKERS}, '')`
}

async function searchEvents(query: RawBuilder<unknown>): Promise<EventHit[]> {
  const vector = sql`event_search_vector(title, summary_md, venue_name, venue_address)`
  const rows = await db
    .selectFrom('events')
    .select(['slug', 'time_zone', 'starts_at', 'ends_at', 'venue_name', 'location_kind', 'status'])
    .select([
      sql<string>`ts_headline('english', ${withoutMarkers(sql.ref('title'))}, ${query}, ${WHOLE_TEXT})`.as('title'),
      sql<string>`ts_headline('english', ${plainText(sql.ref('summary_md'))}, ${query}, ${SNIPPET})`.as('snippet'),
      sql<number>`ts_rank(${vector}, ${query})`.as('rank'),
    ])
    .where('status', 'in', ['published', 'cancelled'])
    .where(sql<boolean>`${vector} @@ ${query}`)
    .orderBy('rank', 'desc')
    .orderBy('starts_at', 'desc')
    .limit(EVENT_LIMIT)
    .execute()
  return rows.map((r) => ({
    slug: r.slug,
    title: splitHighlights(r.title),
    snippet: splitHighlights(r.snippet),
    timeZone: r.time_zone,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venueName: r.venue_name,
    locationKind: r.location_kind,
    status: r.status,
    rank: r.rank,
  }))
}

async function searchSessions(query: RawBuilder<unknown>, eventId?: number): Promise<SessionHit[]> {
  const vector = sql`session_search_vector(s.title, s.abstract_md, s.track, s.tags, s.speakers)`
  const speakerNames = sql`(select string_agg(speaker->>'name', ', ') from jsonb_array_elements(s.speakers) as speaker)`
  let select = db
    .selectFrom('published_sessions as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .select([
      's.session_id',
      's.starts_at',
      's.ends_at',
      's.room',
      's.track',
      's.tags',
      's.kind',
      's.speakers',
      'e.slug as event_slug',
      'e.title as event_title',
      'e.time_zone',
    ])
    .select([
      sql<string>`ts_headline('english', ${withoutMarkers(sql.ref('s.title'))}, ${query}, ${WHOLE_TEXT})`.as('title'),
      sql<string>`ts_headline('english', ${plainText(sql.ref('s.abstract_md'))}, ${query}, ${SNIPPET})`.as('snippet'),
      sql<string>`ts_headline('english', coalesce(${withoutMarkers(speakerNames)}, ''), ${query}, ${WHOLE_TEXT})`.as(
        'speaker_line',
      ),
      sql<string>`ts_headline('english', ${withoutMarkers(sql`coalesce(s.track, '')`)}, ${query}, ${WHOLE_TEXT})`.as(
        'track_line',
      ),
      sql<string>`ts_headline('english', ${withoutMarkers(
        sql`array_to_string(s.tags, ', ')`,
      )}, ${query}, ${WHOLE_TEXT})`.as('tag_line'),
      sql<number>`ts_rank(${vector}, ${query})`.as('rank'),
    ])
    .where('s.status', '=', 'scheduled')
    .where('e.status', 'in', ['published', 'cancelled'])
    .where(sql<boolean>`${vector} @@ ${query}`)
  if (eventId !== undefined) select = select.where('s.event_id', '=', eventId)
  const rows = await select
    .orderBy('rank', 'desc')
    .orderBy('s.starts_at')
    .orderBy('s.session_id')
    .limit(SESSION_LIMIT)
    .execute()
  return rows.map((r) => ({
    id: r.session_id,
    event: { slug: r.event_slug, title: r.event_title, timeZone: r.time_zone },
    title: splitHighlights(r.title),
    snippet: splitHighlights(r.snippet),
    speakers: splitHighlights(r.speaker_line),
    speakerNames: (r.speakers as Speaker[]).map((p) => p.name),
    trackLine: splitHighlights(r.track_line),
    tagLine: splitHighlights(r.tag_line),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    room: r.room,
    track: r.track,
    tags: r.tags,
    kind: r.kind,
    rank: r.rank,
  }))
}

/** Events and sessions across every public event, each list best match first. */
export async function searchEverything(q: string): Promise<SearchResults> {
  const queryText = await toQueryText(q)
  if (!queryText) return { meaningful: false, events: [], sessions: [] }
  const query = sql`${queryText}::tsquery`
  const [events, sessions] = await Promise.all([searchEvents(query), searchSessions(query)])
  return { meaningful: true, events, sessions }
}

/** The sessions of one event's published agenda, best match first. */
export async function searchEventSessions(eventId: number, q: string): Promise<SearchResults> {
  const queryText = await toQueryText(q)
  if (!queryText) return { meaningful: false, events: [], sessions: [] }
  return { meaningful: true, events: [], sessions: await searchSessions(sql`${queryText}::tsquery`, eventId) }
}
