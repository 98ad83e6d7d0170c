import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Live notes (docs/decisions/018-live-notes.md): a note is no longer a session's only. Every note, a session's or
// the event's worklog, gets a row of its own in `notes`; its revisions point at it; the live Yjs document is kept
// as a compacted state on that row plus the updates appended since, in `note_updates`.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notes (
      id integer generated always as identity primary key,
      event_id integer not null references events (id) on delete cascade,
      -- null: the event's worklog (one per event, by the index below)
      session_id integer unique references sessions (id) on delete cascade,
      hidden boolean not null default false,
      locked boolean not null default false,
      current_revision integer not null default 0,
      updated_at timestamptz not null default now(),
      -- The Yjs document as one update, holding every appended update up to live_through; null before seeding.
      live_state bytea,
      live_through bigint not null default 0,
      -- The seq of the newest update appended to note_updates: appends take it under this row's lock, so seqs
      -- commit in order.
      last_seq bigint not null default 0,
      -- The seq of the last update that the current revision's text includes.
      revision_through bigint not null default 0
    )
  `.execute(db)
  await sql`create unique index notes_one_worklog_per_event on notes (event_id) where session_id is null`.execute(db)
  await sql`
    insert into notes (event_id, session_id, hidden, current_revision, updated_at)
    select s.event_id, n.session_id, n.hidden, n.current_revision, n.updated_at
    from session_notes n join sessions s on s.id = n.session_id
  `.execute(db)

  await sql`alter table note_revisions add column note_id integer references notes (id) on delete cascade`.execute(db)
  await sql`update note_revisions r set note_id = n.id from notes n where n.session_id = r.session_id`.execute(db)
  await sql`alter table note_revisions alter column note_id set not null`.execute(db)
  await sql`alter table note_revisions drop constraint note_revisions_session_number_key`.execute(db)
  await sql`alter table note_revisions drop column session_id`.execute(db)
  await sql`alter table note_revisions add constraint note_revisions_note_number_key unique (note_id, number)`.execute(
    db,
  )
  // A revision cut from live editing may have several authors: their names, in the order they first typed.
  await sql`alter table note_revisions add column author_names text[] not null default '{}'`.execute(db)
  await sql`update note_revisions set author_names = array[author_name]`.execute(db)

  await sql`
    create table note_updates (
      note_id integer not null references notes (id) on delete cascade,
      seq bigint not null,
      update bytea not null,
      -- Who typed it (names as their cursors show them), for the authors of the next revision.
      author_names text[] not null,
      created_at timestamptz not null default now(),
      primary key (note_id, seq)
    )
  `.execute(db)
  await sql`drop table session_notes`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create table session_notes (
      session_id integer primary key references sessions (id) on delete cascade,
      hidden boolean not null default false,
      current_revision integer not null default 0,
      updated_at timestamptz not null default now()
    )
  `.execute(db)
  await sql`
    insert into session_notes (session_id, hidden, current_revision, updated_at)
    select session_id, hidden, current_revision, updated_at from notes where session_id is not null
  `.execute(db)
  await sql`drop table note_updates`.execute(db)
  await sql`alter table note_revisions add column session_id integer references sessions (id) on delete cascade`.execute(
    db,
  )
  await sql`update note_revisions r set session_id = n.session_id from notes n where n.id = r.note_id`.execute(db)
  // The worklogs' revisions have no session to go back to.
  await sql`delete from note_revisions where session_id is null`.execute(db)
  await sql`alter table note_revisions alter column session_id set not null`.execute(db)
  await sql`alter table note_revisions drop column note_id`.execute(db)
  await sql`alter table note_revisions drop column author_names`.execute(db)
  await sql`
    alter table note_revisions add constraint note_revisions_session_number_key unique (session_id, number)
  `.execute(db)
  await sql`drop table notes`.execute(db)
}
