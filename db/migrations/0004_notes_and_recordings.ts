import { type Kysely, sql } from 'kysely'

// Frozen: this migration must never change once released. Add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_notes')
    .addColumn('session_id', 'integer', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('hidden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('current_revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('note_revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_registration_id', 'integer', (c) => c.references('registrations.id').onDelete('set null'))
    .addColumn('base_number', 'integer')
    .addColumn('merged', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('restored_from', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('note_revisions_session_number_key', ['session_id', 'number'])
    .execute()

  await db.schema
    .createTable('youtube_videos')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('video_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'timestamptz')
    .addColumn('duration_seconds', 'integer')
    .addColumn('channel_id', 'text')
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('youtube_videos_pkey', ['event_id', 'video_id'])
    .execute()

  await db.schema
    .createTable('recordings')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('video_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('linked', 'suggested')`))
    .addColumn('score', 'real')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('auto', 'manual')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One recording per session and one session per video: matches are one-to-one.
    .addUniqueConstraint('recordings_session_key', ['session_id'])
    .addUniqueConstraint('recordings_event_video_key', ['event_id', 'video_id'])
    .execute()

  // An organizer said "this video is not this session": never suggested again.
  await db.schema
    .createTable('recording_rejections')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('video_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('recording_rejections_pkey', ['session_id', 'video_id'])
    .execute()

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.references('events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`))
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('job_runs_event_task_idx')
    .on('job_runs')
    .columns(['event_id', 'task', 'started_at'])
    .execute()

  // A bad API key is told to organizers once, not retried forever.
  await db.schema.alterTable('events').addColumn('recordings_problem', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('recordings_problem').execute()
  for (const table of [
    'job_runs',
    'recording_rejections',
    'recordings',
    'youtube_videos',
    'note_revisions',
    'session_notes',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
