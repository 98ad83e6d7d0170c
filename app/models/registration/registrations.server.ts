import { sql, type SqlBool } from 'kysely'
import type { Database, Event, Registration, RegistrationStatus } from '#db/schema'
import { db, type Kysely, type Transaction } from '~/utils/db.server'
import { registrationEventColumns, type RegistrationEvent } from './registration-event'
import { registrationWindowState } from './window'

// What the pages, the API and the organizer's table read about registrations. Decisions about seats are in
// seats.server.ts.

type Executor = Kysely<Database> | Transaction<Database>

export type RegistrationCounts = {
  confirmed: number
  confirmedInPerson: number
  confirmedRemote: number
  waitlisted: number
  pending: number
  cancelled: number
  declined: number
  checkedIn: number
}

/** The event columns holding its registration counts (kept by a trigger, see db/migrations/0007_seat_counters.ts). */
export const registrationCountColumns = [
  'confirmed_count',
  'confirmed_in_person_count',
  'confirmed_remote_count',
  'waitlisted_count',
  'pending_count',
  'cancelled_count',
  'declined_count',
  'checked_in_count',
] as const

export type RegistrationCountColumns = Pick<Event, (typeof registrationCountColumns)[number]>

/** The counts an event row carries, in the shape pages and seat decisions use. */
export function registrationCountsOf(row: RegistrationCountColumns): RegistrationCounts {
  return {
    confirmed: row.confirmed_count,
    confirmedInPerson: row.confirmed_in_person_count,
    confirmedRemote: row.confirmed_remote_count,
    waitlisted: row.waitlisted_count,
    pending: row.pending_count,
    cancelled: row.cancelled_count,
    declined: row.declined_count,
    checkedIn: row.checked_in_count,
  }
}

const noRegistrations: RegistrationCounts = {
  confirmed: 0,
  confirmedInPerson: 0,
  confirmedRemote: 0,
  waitlisted: 0,
  pending: 0,
  cancelled: 0,
  declined: 0,
  checkedIn: 0,
}

/**
 * The event's registrations counted by status (and confirmed ones by attendance, and checked in): one row read,
 * however many registrations there are. Seat decisions pass their transaction, so they read what the lock holds.
 */
export async function countRegistrations(eventId: number, executor: Executor = db): Promise<RegistrationCounts> {
  const row = await executor
    .selectFrom('events')
    .select(registrationCountColumns)
    .where('id', '=', eventId)
    .executeTakeFirst()
  return row ? registrationCountsOf(row) : { ...noRegistrations }
}

/** The registration's place on the waiting list (1 is next), or null when it is not waiting. */
export async function waitlistPositionOf(
  executor: Executor,
  registration: Pick<Registration, 'id' | 'event_id' | 'waitlisted_at' | 'status'>,
) {
  if (registration.status !== 'waitlisted' || !registration.waitlisted_at) return null
  const { n } = await executor
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', registration.event_id)
    .where('status', '=', 'waitlisted')
    .where((eb) =>
      eb.or([
        eb('waitlisted_at', '<', registration.waitlisted_at!),
        eb.and([eb('waitlisted_at', '=', registration.waitlisted_at!), eb('id', '<=', registration.id)]),
      ]),
    )
    .executeTakeFirstOrThrow()
  return n
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export async function getRegistrationByEmail(eventId: number, email: string): Promise<Registration | undefined> {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('email_normalized', '=', normalizeEmail(email))
    .executeTakeFirst()
}

export type ManagedRegistration = {
  registration: Registration
  event: RegistrationEvent
  position: number | null
}

/** The registration behind a manage link, with its event and waiting-list position. */
export async function getRegistrationByToken(token: string): Promise<ManagedRegistration | undefined> {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined
  const registration = await db
    .selectFrom('registrations')
    .selectAll()
    .where('manage_token', '=', token)
    .executeTakeFirst()
  if (!registration) return undefined
  const event = await db
    .selectFrom('events')
    .select(registrationEventColumns)
    .where('id', '=', registration.event_id)
    .executeTakeFirstOrThrow()
  return { registration, event, position: await waitlistPositionOf(db, registration) }
}

export type RegistrationListFilter = { status?: RegistrationStatus; q?: string }

export type RegistrationRow = Registration & { position: number | null }

/**
 * An ILIKE pattern matching `text` anywhere, its own `%`, `_` and backslash taken literally (PostgreSQL's LIKE
 * escapes with a backslash by default), so "a_b" does not match "axb".
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The organizer's list, filtered by status and by part of a name, an email or a project (case-insensitive),
 * with waiting-list positions (counted over the whole waiting list, whatever the filter).
 */
export async function listRegistrations(
  eventId: number,
  filter: RegistrationListFilter = {},
): Promise<RegistrationRow[]> {
  const q = filter.q?.trim()
  let query = db.selectFrom('registrations').selectAll().where('event_id', '=', eventId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (q) {
    const pattern = containsPattern(q)
    query = query.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('email', 'ilike', pattern),
        sql<SqlBool>`exists (select 1 from unnest(${eb.ref('affiliations')}) as project where project ilike ${pattern})`,
      ]),
    )
  }
  const [rows, queue] = await Promise.all([
    query.orderBy('created_at').orderBy('id').execute(),
    db
      .selectFrom('registrations')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted')
      .orderBy('waitlisted_at')
      .orderBy('id')
      .execute(),
  ])
  const positions = new Map(queue.map((r, i) => [r.id, i + 1]))
  return rows.map((r) => ({ ...r, position: positions.get(r.id) ?? null }))
}

/** Confirmed attendees who agreed to be listed, grouped by project; names and projects only. */
export async function listPublicParticipants(eventId: number): Promise<{ project: string; names: string[] }[]> {
  const people = await db
    .selectFrom('registrations')
    .select(['name', 'affiliations'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .where('public_listing', '=', true)
    .orderBy('name')
    .execute()
  const groups = new Map<string, string[]>()
  for (const person of people) {
    const projects = person.affiliations.length ? person.affiliations : ['Independent']
    for (const project of projects) groups.set(project, [...(groups.get(project) ?? []), person.name])
  }
  return [...groups.entries()]
    .map(([project, names]) => ({ project, names }))
    .sort((a, b) => b.names.length - a.names.length || a.project.localeCompare(b.project))
}

/** Registrations by project among the active (not cancelled or declined) ones, most first. */
export async function countByProject(eventId: number): Promise<{ project: string; count: number }[]> {
  const { rows } = await sql<{ project: string; count: number }>`
    select project, count(*)::int as count
    from registrations, unnest(affiliations) as project
    where event_id = ${eventId} and status in ('confirmed', 'waitlisted', 'pending')
    group by project
    order by count desc, project`.execute(db)
  return rows
}

export type RegistrationSummary = {
  capacity: number | null
  inPersonCapacity: number | null
  confirmed: number
  waitlisted: number
  pending: number
  open: boolean
  /** Free seats, or null for no limit. */
  seatsLeft: number | null
}

/** Counts only (the public may see them): what the event page and the API show. */
export async function registrationSummary(
  event: Pick<
    Event,
    | 'id'
    | 'capacity'
    | 'in_person_capacity'
    | 'status'
    | 'registration_opens_at'
    | 'registration_closes_at'
    | 'starts_at'
  >,
  now = new Date(),
): Promise<RegistrationSummary> {
  const counts = await countRegistrations(event.id)
  return {
    capacity: event.capacity,
    inPersonCapacity: event.in_person_capacity,
    confirmed: counts.confirmed,
    waitlisted: counts.waitlisted,
    pending: counts.pending,
    open: event.status === 'published' && registrationWindowState(event, now).open,
    seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - counts.confirmed),
  }
}
