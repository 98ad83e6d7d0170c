import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Why these columns and the job_workers table: docs/decisions/011-recovering-killed-jobs.md.

export async function up(db: Kysely<any>): Promise<void> {
  // A running job run's last sign of life: the process running it refreshes it every 30 seconds, so a run whose
  // heartbeat is minutes old belongs to a process that was killed. Existing rows take their last known time.
  await db.schema.alterTable('job_runs').addColumn('heartbeat_at', 'timestamptz').execute()
  await sql`update job_runs set heartbeat_at = coalesce(finished_at, started_at)`.execute(db)
  await db.schema
    .alterTable('job_runs')
    .alterColumn('heartbeat_at', (c) => c.setNotNull())
    .alterColumn('heartbeat_at', (c) => c.setDefault(sql`now()`))
    .execute()
  await sql`create index job_runs_running_idx on job_runs (heartbeat_at) where status = 'running'`.execute(db)

  // Every running graphile-worker pool (one per `npm run worker` process), by the id graphile-worker writes into
  // the `locked_by` of the jobs it takes: a pool whose heartbeat stopped is dead, and its jobs are unlocked.
  await db.schema
    .createTable('job_workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // The Message-ID every attempt of an email carries, so that a resend after an unrecorded accept is collapsed by
  // mail clients; and when the attempt in flight was claimed (null while none is), so that a claim found still
  // set after its lease ran out tells that its sender stopped without knowing whether the server accepted.
  await db.schema
    .alterTable('email_outbox')
    .addColumn('message_id', 'text')
    .addColumn('claimed_at', 'timestamptz')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').dropColumn('claimed_at').dropColumn('message_id').execute()
  await db.schema.dropTable('job_workers').execute()
  await sql`drop index job_runs_running_idx`.execute(db)
  await db.schema.alterTable('job_runs').dropColumn('heartbeat_at').execute()
}
