import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Slides and other attachments of a session (docs/decisions/021-session-attachments.md): files stored in the
// database (so they work on PGlite and PostgreSQL alike, and on several machines without shared disks), or links.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table session_attachments (
      id integer generated always as identity primary key,
      event_id integer not null references events (id) on delete cascade,
      session_id integer not null references sessions (id) on delete cascade,
      kind text not null check (kind in ('file', 'link')),
      title text not null,
      -- files: the name as uploaded (made safe when served), the type found in its content, its size and bytes
      file_name text,
      content_type text,
      size_bytes integer check (size_bytes between 1 and 26214400),
      sha256 text,
      -- links: where it points (Zenodo, Speaker Deck, GitHub …)
      url text,
      -- images: their description for people who cannot see them
      alt_text text,
      position integer not null default 0,
      added_by text not null,
      created_at timestamptz not null default now(),
      check ((kind = 'file' and file_name is not null and content_type is not null and size_bytes is not null and url is null)
          or (kind = 'link' and url is not null and file_name is null))
    )
  `.execute(db)
  await sql`create index session_attachments_session on session_attachments (session_id, position, id)`.execute(db)
  // The bytes apart from the row, so listing attachments never reads them.
  await sql`
    create table session_attachment_contents (
      attachment_id integer primary key references session_attachments (id) on delete cascade,
      content bytea not null
    )
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table session_attachment_contents`.execute(db)
  await sql`drop table session_attachments`.execute(db)
}
