import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Why counters on the event row, kept by a trigger: docs/decisions/015-seat-counters.md.

/** The event's registrations by status, confirmed ones by attendance and checked in; as countRegistrations reads them. */
const COUNTERS = [
  'confirmed_count',
  'confirmed_in_person_count',
  'confirmed_remote_count',
  'waitlisted_count',
  'pending_count',
  'cancelled_count',
  'declined_count',
  'checked_in_count',
] as const

export async function up(db: Kysely<any>): Promise<void> {
  // One statement: the table is locked once for all the columns, and the backfill below follows at once.
  // integer, not bigint: both drivers hand integers back as numbers.
  await sql`
    alter table events
    ${sql.join(
      COUNTERS.map(
        (column) => sql`add column ${sql.ref(column)} integer not null default 0 check (${sql.ref(column)} >= 0)`,
      ),
    )}
  `.execute(db)

  await sql`
    update events set
      confirmed_count = c.confirmed,
      confirmed_in_person_count = c.confirmed_in_person,
      confirmed_remote_count = c.confirmed_remote,
      waitlisted_count = c.waitlisted,
      pending_count = c.pending,
      cancelled_count = c.cancelled,
      declined_count = c.declined,
      checked_in_count = c.checked_in
    from (
      select event_id,
        count(*) filter (where status = 'confirmed') as confirmed,
        count(*) filter (where status = 'confirmed' and attendance_mode = 'in_person') as confirmed_in_person,
        count(*) filter (where status = 'confirmed' and attendance_mode = 'remote') as confirmed_remote,
        count(*) filter (where status = 'waitlisted') as waitlisted,
        count(*) filter (where status = 'pending') as pending,
        count(*) filter (where status = 'cancelled') as cancelled,
        count(*) filter (where status = 'declined') as declined,
        count(*) filter (where status = 'confirmed' and checked_in_at is not null) as checked_in
      from registrations
      group by event_id
    ) as c
    where events.id = c.event_id
  `.execute(db)

  // Moves one registration's contribution from (from_*) to (to_*) on its event's counters, in one UPDATE; a
  // side left null counts nothing (an insert has no "from", a delete no "to"). `checked_in` counts confirmed
  // people only, as the door list does.
  await sql`
    create function move_registration_count(
      event integer,
      from_status text, from_mode text, from_checked_in boolean,
      to_status text, to_mode text, to_checked_in boolean
    ) returns void
    language sql
    begin atomic
      update events set
        confirmed_count = confirmed_count
          + coalesce((to_status = 'confirmed')::int, 0) - coalesce((from_status = 'confirmed')::int, 0),
        confirmed_in_person_count = confirmed_in_person_count
          + coalesce((to_status = 'confirmed' and to_mode = 'in_person')::int, 0)
          - coalesce((from_status = 'confirmed' and from_mode = 'in_person')::int, 0),
        confirmed_remote_count = confirmed_remote_count
          + coalesce((to_status = 'confirmed' and to_mode = 'remote')::int, 0)
          - coalesce((from_status = 'confirmed' and from_mode = 'remote')::int, 0),
        waitlisted_count = waitlisted_count
          + coalesce((to_status = 'waitlisted')::int, 0) - coalesce((from_status = 'waitlisted')::int, 0),
        pending_count = pending_count
          + coalesce((to_status = 'pending')::int, 0) - coalesce((from_status = 'pending')::int, 0),
        cancelled_count = cancelled_count
          + coalesce((to_status = 'cancelled')::int, 0) - coalesce((from_status = 'cancelled')::int, 0),
        declined_count = declined_count
          + coalesce((to_status = 'declined')::int, 0) - coalesce((from_status = 'declined')::int, 0),
        checked_in_count = checked_in_count
          + coalesce((to_status = 'confirmed' and to_checked_in)::int, 0)
          - coalesce((from_status = 'confirmed' and from_checked_in)::int, 0)
      where id = event;
    end
  `.execute(db)

  await sql`
    create function keep_event_registration_counts() returns trigger
    language plpgsql
    as $$
    begin
      if tg_op = 'INSERT' then
        perform move_registration_count(new.event_id, null, null, null,
          new.status, new.attendance_mode, new.checked_in_at is not null);
      elsif tg_op = 'DELETE' then
        perform move_registration_count(old.event_id, old.status, old.attendance_mode, old.checked_in_at is not null,
          null, null, null);
      elsif old.event_id = new.event_id then
        perform move_registration_count(new.event_id, old.status, old.attendance_mode, old.checked_in_at is not null,
          new.status, new.attendance_mode, new.checked_in_at is not null);
      else
        perform move_registration_count(old.event_id, old.status, old.attendance_mode, old.checked_in_at is not null,
          null, null, null);
        perform move_registration_count(new.event_id, null, null, null,
          new.status, new.attendance_mode, new.checked_in_at is not null);
      end if;
      return null;
    end
    $$
  `.execute(db)
  await sql`
    create trigger registrations_counted_on_insert_or_delete
    after insert or delete on registrations
    for each row execute function keep_event_registration_counts()
  `.execute(db)
  // Only updates that change what is counted touch the event row (a name, a feed token or a note do not).
  await sql`
    create trigger registrations_counted_on_update
    after update of status, attendance_mode, checked_in_at, event_id on registrations
    for each row
    when (
      old.status is distinct from new.status
      or old.attendance_mode is distinct from new.attendance_mode
      or (old.checked_in_at is null) <> (new.checked_in_at is null)
      or old.event_id is distinct from new.event_id
    )
    execute function keep_event_registration_counts()
  `.execute(db)

  await sql`
    create function reset_event_registration_counts() returns trigger
    language plpgsql
    as $$
    begin
      update events set
        confirmed_count = 0, confirmed_in_person_count = 0, confirmed_remote_count = 0, waitlisted_count = 0,
        pending_count = 0, cancelled_count = 0, declined_count = 0, checked_in_count = 0;
      return null;
    end
    $$
  `.execute(db)
  await sql`
    create trigger registrations_counted_on_truncate
    after truncate on registrations
    for each statement execute function reset_event_registration_counts()
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger registrations_counted_on_truncate on registrations`.execute(db)
  await sql`drop trigger registrations_counted_on_update on registrations`.execute(db)
  await sql`drop trigger registrations_counted_on_insert_or_delete on registrations`.execute(db)
  await sql`drop function reset_event_registration_counts()`.execute(db)
  await sql`drop function keep_event_registration_counts()`.execute(db)
  await sql`drop function move_registration_count(integer, text, text, boolean, text, text, boolean)`.execute(db)
  await sql`alter table events ${sql.join(COUNTERS.map((column) => sql`drop column ${sql.ref(column)}`))}`.execute(db)
}
