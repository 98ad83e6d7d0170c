import { type Kysely, sql } from 'kysely'

// Frozen: this migration must never change once released. Add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('in_person_capacity', 'integer', (c) =>
      c.check(sql`in_person_capacity is null or in_person_capacity >= 0`),
    )
    .addColumn('requires_approval', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()

  await db.schema
    .createTable('registration_questions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('text', 'single_choice', 'multiple_choice', 'checkbox')`),
    )
    .addColumn('options', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('registration_questions_event_idx')
    .on('registration_questions')
    .columns(['event_id', 'position'])
    .execute()

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('manage_token', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull())
    .addColumn('affiliations', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('role', 'text')
    .addColumn('attendance_mode', 'text', (c) => c.notNull().check(sql`attendance_mode in ('in_person', 'remote')`))
    .addColumn('accessibility_needs', 'text')
    .addColumn('dietary_needs', 'text')
    .addColumn('public_listing', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'confirmed', 'waitlisted', 'cancelled', 'declined')`),
    )
    .addColumn('waitlisted_at', 'timestamptz')
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('registrations_event_email_key', ['event_id', 'email_normalized'])
    .execute()
  await db.schema
    .createIndex('registrations_event_status_idx')
    .on('registrations')
    .columns(['event_id', 'status'])
    .execute()
  // The waiting list in order: who is promoted next.
  await sql`create index registrations_waitlist_idx on registrations (event_id, waitlisted_at, id) where status = 'waitlisted'`.execute(
    db,
  )

  await db.schema
    .createTable('registration_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('registration_changes_registration_idx')
    .on('registration_changes')
    .column('registration_id')
    .execute()

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'integer', (c) => c.references('events.id').onDelete('set null'))
    .addColumn('registration_id', 'integer', (c) => c.references('registrations.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index email_outbox_due_idx on email_outbox (next_attempt_at, id) where status = 'pending'`.execute(
    db,
  )
  await db.schema.createIndex('email_outbox_event_idx').on('email_outbox').columns(['event_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute()
  await db.schema.dropTable('registration_changes').execute()
  await db.schema.dropTable('registrations').execute()
  await db.schema.dropTable('registration_questions').execute()
  await db.schema.alterTable('events').dropColumn('requires_approval').dropColumn('in_person_capacity').execute()
}
