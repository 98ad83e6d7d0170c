import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Why PostgreSQL full-text search, the 'english' configuration and these indexes: docs/decisions/012-search.md.

export async function up(db: Kysely<any>): Promise<void> {
  // The searchable document of an event: its title weighs most, then where it happens, then its summary. One
  // function for the index and for the queries (app/models/search/search.server.ts), so they cannot drift apart
  // and the planner matches the query's expression to the index's.
  await sql`
    create function event_search_vector(title text, summary_md text, venue_name text, venue_address text)
    returns tsvector
    language sql immutable parallel safe
    return setweight(to_tsvector('english'::regconfig, title), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(venue_name, '') || ' ' || coalesce(venue_address, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, summary_md), 'C')
  `.execute(db)

  // A published session's document: title and speakers' names first, then track and tags, then the abstract.
  // Declared immutable although array_to_string is only stable: joining text[] depends on no setting (stable
  // covers element types whose output does, such as dates), so the index stays correct.
  await sql`
    create function session_search_vector(title text, abstract_md text, track text, tags text[], speakers jsonb)
    returns tsvector
    language sql immutable parallel safe
    return setweight(to_tsvector('english'::regconfig, title), 'A')
      || setweight(jsonb_to_tsvector('english'::regconfig, jsonb_path_query_array(speakers, '$[*].name'), '["string"]'), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(track, '') || ' ' || array_to_string(tags, ' ')), 'B')
      || setweight(to_tsvector('english'::regconfig, abstract_md), 'C')
  `.execute(db)

  await sql`
    create index events_search_idx on events
    using gin (event_search_vector(title, summary_md, venue_name, venue_address))
  `.execute(db)
  await sql`
    create index published_sessions_search_idx on published_sessions
    using gin (session_search_vector(title, abstract_md, track, tags, speakers))
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index published_sessions_search_idx`.execute(db)
  await sql`drop index events_search_idx`.execute(db)
  await sql`drop function session_search_vector(text, text, text, text[], jsonb)`.execute(db)
  await sql`drop function event_search_vector(text, text, text, text)`.execute(db)
}
