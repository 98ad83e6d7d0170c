import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Registration, RegistrationStatus } from '#db/schema'
import { db } from '~/utils/db.server'
import { outboxSignal } from '~/utils/outbox-signal.server'
import { appBaseUrl } from '~/utils/url.server'
import type { RenderedEmail } from '../outbox/outbox.server'
import { renderRegistrationEmail, type RegistrationEmailKind } from './emails'
import { registrationEventColumns, type RegistrationEvent } from './registration-event'
import { normalizeEmail } from './registrations.server'
import { hasSeatSql } from './seat-rule'

// A registration decided in one statement, so that the event's lock is held for one round trip only (see
// registerForEvent in seats.server.ts, which falls back to its transaction when this cannot decide alone, and
// docs/decisions/016-registration-in-one-statement.md).

/**
 * The event columns registerInOneStatement decides from under the lock; every other column it uses (the
 * registration window, the approval rule, what the emails say) it takes from the read before the lock, and
 * proceeds only if they are unchanged.
 */
const decidedUnderLock = new Set(['id', 'capacity', 'in_person_capacity'])
const readBeforeLock = registrationEventColumns.filter((column) => !decidedUnderLock.has(column))

/**
 * A digest of the event's columns that registerInOneStatement took from the read before the lock. Computed by
 * PostgreSQL on both sides, so equal digests mean equal values (and a digest that differs only sends the
 * registration to the transaction under the lock).
 */
const eventFingerprint = sql<string>`md5(row(${sql.join(
  readBeforeLock.map((column) => sql.ref(`events.${column}`)),
)})::text)`

/** What a registration's row holds from what the person sent (seats.server.ts's rowValues). */
export type RegistrationValues = Pick<
  Registration,
  | 'name'
  | 'email'
  | 'email_normalized'
  | 'affiliations'
  | 'role'
  | 'attendance_mode'
  | 'accessibility_needs'
  | 'dietary_needs'
  | 'public_listing'
> & { answers: string }

export type EarlierRegistration = Pick<Registration, 'id' | 'status' | 'manage_token'>

/** Before the lock, in one statement: the event, its fingerprint, and any registration with this email. */
export async function readBeforeRegistering(
  eventId: number,
  email: string,
): Promise<{ event?: RegistrationEvent; fingerprint: string; earlier?: EarlierRegistration }> {
  const row = await db
    .selectFrom('events')
    .leftJoin('registrations', (join) =>
      join
        .onRef('registrations.event_id', '=', 'events.id')
        .on('registrations.email_normalized', '=', normalizeEmail(email)),
    )
    .select(registrationEventColumns.map((column) => `events.${column}` as const))
    .select(eventFingerprint.as('fingerprint'))
    .select([
      'registrations.id as earlier_id',
      'registrations.status as earlier_status',
      'registrations.manage_token as earlier_manage_token',
    ])
    .where('events.id', '=', eventId)
    .executeTakeFirst()
  if (!row) return { fingerprint: '' }
  const { fingerprint, earlier_id, earlier_status, earlier_manage_token, ...event } = row
  const earlier =
    earlier_id !== null && earlier_status !== null && earlier_manage_token !== null
      ? { id: earlier_id, status: earlier_status, manage_token: earlier_manage_token }
      : undefined
  return { event, fingerprint, earlier }
}

/**
 * Stands for the waiting-list position in an email rendered before the position is known; the statement that
 * decides it puts the number in its place. Random per process, so no name or title can contain it by chance.
 */
const POSITION_PLACEHOLDER = `waitlist-position-${randomBytes(12).toString('hex')}`

/** The key of the waiting-list email variant for someone waiting while an online place is free. */
const ONLINE_SEAT_FREE = '-online-seat-free'

/**
 * Every email the registration can get from the decision, by the status it tells about, rendered before the
 * lock (the statement picks one by the status it decides). The waiting-list email says whether an online place
 * is free, which only the decision knows: its variant for a free online place goes under `waitlisted` +
 * ONLINE_SEAT_FREE when its text differs.
 */
function candidateEmails(
  event: RegistrationEvent,
  registration: Pick<Registration, 'name' | 'manage_token' | 'attendance_mode'>,
): Record<string, RenderedEmail> {
  const render = (status: RegistrationStatus & RegistrationEmailKind, extra: { onlineSeatFree?: boolean } = {}) =>
    renderRegistrationEmail(status, {
      baseUrl: appBaseUrl(),
      event,
      registration: { ...registration, status },
      position: status === 'waitlisted' ? POSITION_PLACEHOLDER : null,
      ...extra,
    })
  // Whether approval is needed is part of the fingerprint: the decision cannot differ from this read.
  if (event.requires_approval) return { pending: render('pending') }
  const waitlisted = render('waitlisted', { onlineSeatFree: false })
  const waitlistedOnlineSeatFree = render('waitlisted', { onlineSeatFree: true })
  return {
    confirmed: render('confirmed'),
    waitlisted,
    ...(waitlistedOnlineSeatFree.text !== waitlisted.text || waitlistedOnlineSeatFree.html !== waitlisted.html
      ? { [`waitlisted${ONLINE_SEAT_FREE}`]: waitlistedOnlineSeatFree }
      : {}),
  }
}

/**
 * registerUnderLock's decision for a new registration (or one registering again after being cancelled or
 * declined) as one autocommitted statement, so the event's row lock lives only inside PostgreSQL, for that one
 * statement: lock the event row, decide the status from the counters it carries (hasSeatSql), write the
 * registration, its history step and its email (rendered beforehand, chosen by the status), and commit. The
 * trigger of db/migrations/0007_seat_counters.ts moves the counters in the same statement, so the next
 * registration to get the lock reads them already moved.
 *
 * Answers undefined, having changed nothing, when the statement cannot decide alone: the event's fingerprint
 * changed since it was read (the row matches nothing), someone registered this email meanwhile (ON CONFLICT),
 * or the earlier registration is no longer the cancelled or declined one that was read.
 */
export async function registerInOneStatement(
  event: RegistrationEvent,
  fingerprint: string,
  values: RegistrationValues,
  manageToken: string,
  earlier: EarlierRegistration | undefined,
): Promise<{ registration: Registration; position: number | null } | undefined> {
  const emails = candidateEmails(event, {
    name: values.name,
    manage_token: manageToken,
    attendance_mode: values.attendance_mode,
  })
  // Queue order is lock order: the time is stamped once the lock is ours (clock_timestamp, not the statement's
  // start), as the id is drawn then.
  const registered = earlier
    ? sql`
        update registrations set
          name = ${values.name}::text,
          email = ${values.email}::text,
          email_normalized = ${values.email_normalized}::text,
          affiliations = ${values.affiliations}::text[],
          role = ${values.role}::text,
          attendance_mode = ${values.attendance_mode}::text,
          accessibility_needs = ${values.accessibility_needs}::text,
          dietary_needs = ${values.dietary_needs}::text,
          public_listing = ${values.public_listing}::boolean,
          answers = ${values.answers}::jsonb,
          status = decided.status,
          waitlisted_at = case when decided.status = 'waitlisted' then decided.locked_at end,
          checked_in_at = null,
          updated_at = decided.locked_at
        from decided
        where registrations.id = ${earlier.id} and registrations.status = ${earlier.status}::text
        returning registrations.*`
    : sql`
        insert into registrations (
          event_id, manage_token, name, email, email_normalized, affiliations, role, attendance_mode,
          accessibility_needs, dietary_needs, public_listing, answers, status, waitlisted_at, checked_in_at, updated_at
        )
        select
          decided.event_id, ${manageToken}::text, ${values.name}::text, ${values.email}::text,
          ${values.email_normalized}::text, ${values.affiliations}::text[], ${values.role}::text,
          ${values.attendance_mode}::text, ${values.accessibility_needs}::text, ${values.dietary_needs}::text,
          ${values.public_listing}::boolean, ${values.answers}::jsonb, decided.status,
          case when decided.status = 'waitlisted' then decided.locked_at end, null, decided.locked_at
        from decided
        on conflict (event_id, email_normalized) do nothing
        returning *`
  const { rows } = await sql<Registration & { position: number | null }>`
    with locked as (
      select id, capacity, in_person_capacity, requires_approval, confirmed_count, confirmed_in_person_count,
        waitlisted_count
      from events
      where id = ${event.id} and ${eventFingerprint} = ${fingerprint}
      for update
    ),
    decided as (
      select
        id as event_id,
        case
          when requires_approval then 'pending'
          when ${hasSeatSql(values.attendance_mode)} then 'confirmed'
          else 'waitlisted'
        end as status,
        ${hasSeatSql('remote')} as online_seat_free,
        -- A newcomer joins the end of the queue: everyone already waiting is ahead.
        waitlisted_count + 1 as next_position,
        -- Milliseconds, as a JavaScript Date holds them: the app compares waiting-list times it has read.
        date_trunc('milliseconds', clock_timestamp()) as locked_at,
        ${JSON.stringify(emails)}::jsonb as emails
      from locked
    ),
    registered as (${registered}),
    recorded as (
      insert into registration_changes (registration_id, from_status, to_status, changed_by)
      select id, ${earlier?.status ?? null}::text, status, 'attendee' from registered
    ),
    queued as (
      insert into email_outbox (event_id, registration_id, kind, to_address, subject, text_body, html_body)
      select
        registered.event_id, registered.id, registered.status, registered.email, email.subject,
        replace(email.text, ${POSITION_PLACEHOLDER}::text, decided.next_position::text),
        replace(email.html, ${POSITION_PLACEHOLDER}::text, decided.next_position::text)
      from registered
        cross join decided
        cross join lateral jsonb_to_record(coalesce(
          case when decided.online_seat_free then decided.emails -> (registered.status || ${ONLINE_SEAT_FREE}::text) end,
          decided.emails -> registered.status
        )) as email(subject text, text text, html text)
    )
    select registered.*, case when registered.status = 'waitlisted' then decided.next_position end as position
    from registered cross join decided
  `.execute(db)
  const row = rows[0]
  if (!row) return undefined
  outboxSignal.queued()
  const { position, ...registration } = row
  return { registration, position }
}
