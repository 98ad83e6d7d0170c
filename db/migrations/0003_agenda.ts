import { type Kysely, sql } from 'kysely'

// Frozen: this migration must never change once released. Add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    // The calendar UID: fixed at creation, never reused, never changed by edits.
    .addColumn('uid', 'text', (c) =>
      c
        .notNull()
        .unique()
        .defaultTo(sql`gen_random_uuid()::text`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('talk', 'discussion', 'working_session', 'breakout', 'tutorial', 'break', 'social')`),
    )
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('room', 'text')
    .addColumn('track', 'text')
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity > 0`))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('speakers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('scheduled')
        .check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('sessions_ends_after_starts', sql`ends_at > starts_at`)
    .execute()
  await db.schema.createIndex('sessions_event_starts_idx').on('sessions').columns(['event_id', 'starts_at']).execute()

  await db.schema
    .createTable('schedule_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addUniqueConstraint('schedule_versions_event_version_key', ['event_id', 'version'])
    .execute()

  // What the public sees: each session as of the last publish, with its calendar SEQUENCE.
  await db.schema
    .createTable('published_sessions')
    .addColumn('session_id', 'integer', (c) => c.primaryKey().references('sessions.id').onDelete('restrict'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract_md', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('room', 'text')
    .addColumn('track', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('tags', sql`text[]`, (c) => c.notNull())
    .addColumn('speakers', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_modified', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('published_sessions_event_idx')
    .on('published_sessions')
    .columns(['event_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('session_stars')
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('session_stars_pkey', ['registration_id', 'session_id'])
    .execute()

  // The personal calendar feed's secret, separate from the manage link so it can be regenerated alone.
  await db.schema
    .alterTable('registrations')
    .addColumn('feed_token', 'text', (c) => c.unique())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registrations').dropColumn('feed_token').execute()
  await db.schema.dropTable('session_stars').execute()
  await db.schema.dropTable('published_sessions').execute()
  await db.schema.dropTable('schedule_versions').execute()
  await db.schema.dropTable('sessions').execute()
}
