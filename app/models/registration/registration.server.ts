import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AttendanceMode, Database, Event, Registration, RegistrationStatus } from '#db/schema'
import { isUniqueViolation } from '#db/errors'
import { db, type Kysely, type Transaction } from '~/utils/db.server'
import { queueEmail } from '../outbox/outbox.server'
import { renderRegistrationEmail, type RegistrationEmailKind } from './emails.server'
import type { RegistrationInput } from './schema'
import { DomainError } from '~/utils/domain-error'
import { lockEvent } from '../events/lock.server'

type Trx = Transaction<Database>
type Executor = Kysely<Database> | Trx

/** The event columns registration decisions and emails need. */
type LockedEvent = Pick<
  Event,
  | 'id'
  | 'title'
  | 'slug'
  | 'time_zone'
  | 'starts_at'
  | 'ends_at'
  | 'location_kind'
  | 'venue_name'
  | 'venue_address'
  | 'online_url'
  | 'capacity'
  | 'in_person_capacity'
  | 'requires_approval'
  | 'status'
  | 'registration_opens_at'
  | 'registration_closes_at'
>

const eventColumns = [
  'id',
  'title',
  'slug',
  'time_zone',
  'starts_at',
  'ends_at',
  'location_kind',
  'venue_name',
  'venue_address',
  'online_url',
  'capacity',
  'in_person_capacity',
  'requires_approval',
  'status',
  'registration_opens_at',
  'registration_closes_at',
] as const

export class RegistrationError extends DomainError<'closed' | 'no_seat' | 'not_found' | 'invalid_change'> {}

/** Every decision about seats happens with the event's row locked (see lockEvent). */
async function lockEventForSeats(trx: Trx, eventId: number): Promise<LockedEvent> {
  const event = await lockEvent(trx, eventId)
  if (!event) throw new RegistrationError('There is no such event.', 'not_found')
  return event
}

/**
 * A registration with its event locked: the event lock first (the order every seat decision takes, so no two
 * transactions wait on each other), then the registration as it is under that lock.
 */
async function lockRegistration(
  trx: Trx,
  registrationId: number,
): Promise<{ event: LockedEvent; before: Registration }> {
  const current = await trx
    .selectFrom('registrations')
    .select('event_id')
    .where('id', '=', registrationId)
    .executeTakeFirst()
  if (!current) throw new RegistrationError('There is no such registration.', 'not_found')
  const event = await lockEventForSeats(trx, current.event_id)
  const before = await trx
    .selectFrom('registrations')
    .selectAll()
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  return { event, before }
}

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

export async function countRegistrations(executor: Executor, eventId: number): Promise<RegistrationCounts> {
  const rows = await executor
    .selectFrom('registrations')
    .select(['status', 'attendance_mode'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('checked_in_at').as('checked_in')])
    .where('event_id', '=', eventId)
    .groupBy(['status', 'attendance_mode'])
    .execute()
  const counts: RegistrationCounts = {
    confirmed: 0,
    confirmedInPerson: 0,
    confirmedRemote: 0,
    waitlisted: 0,
    pending: 0,
    cancelled: 0,
    declined: 0,
    checkedIn: 0,
  }
  for (const row of rows) {
    counts[row.status] += row.n
    if (row.status === 'confirmed') {
      if (row.attendance_mode === 'in_person') counts.confirmedInPerson += row.n
      else counts.confirmedRemote += row.n
      counts.checkedIn += row.checked_in
    }
  }
  return counts
}

/** Whether one more person attending this way fits: within the total and, in the room, within its seats. */
function hasSeat(event: LockedEvent, counts: RegistrationCounts, mode: AttendanceMode): boolean {
  if (event.capacity !== null && counts.confirmed >= event.capacity) return false
  if (mode === 'in_person' && event.in_person_capacity !== null && counts.confirmedInPerson >= event.in_person_capacity)
    return false
  return true
}

function takeSeat(counts: RegistrationCounts, mode: AttendanceMode) {
  counts.confirmed += 1
  if (mode === 'in_person') counts.confirmedInPerson += 1
  else counts.confirmedRemote += 1
}

export type RegistrationWindowState =
  | { open: true }
  | {
      open: false
      reason: 'not_yet' | 'closed' | 'cancelled' | 'ended'
      message: string
      opensAt?: Date
      closesAt?: Date
    }

/** Whether people may register now; registration closes when the event starts unless an earlier close is set. */
export function registrationWindowState(
  event: Pick<LockedEvent, 'status' | 'registration_opens_at' | 'registration_closes_at' | 'starts_at'>,
  now = new Date(),
): RegistrationWindowState {
  if (event.status === 'cancelled')
    return { open: false, reason: 'cancelled', message: 'This event has been cancelled.' }
  if (event.registration_opens_at && now < event.registration_opens_at) {
    return {
      open: false,
      reason: 'not_yet',
      message: 'Registration has not opened yet.',
      opensAt: event.registration_opens_at,
    }
  }
  const closesAt = event.registration_closes_at ?? event.starts_at
  if (now >= closesAt) {
    return event.registration_closes_at
      ? { open: false, reason: 'closed', message: 'Registration is closed.', closesAt }
      : { open: false, reason: 'ended', message: 'Registration closed when the event started.', closesAt }
  }
  return { open: true }
}

async function logChange(
  trx: Trx,
  registrationId: number,
  from: RegistrationStatus | null,
  to: RegistrationStatus,
  changedBy: string,
  reason: string | null = null,
) {
  await trx
    .insertInto('registration_changes')
    .values({ registration_id: registrationId, from_status: from, to_status: to, changed_by: changedBy, reason })
    .execute()
}

async function waitlistPositionOf(
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

async function notify(
  trx: Trx,
  kind: RegistrationEmailKind,
  event: LockedEvent,
  registration: Registration,
  extra: { position?: number | null; reason?: string | null } = {},
) {
  await queueEmail(trx, {
    event_id: event.id,
    registration_id: registration.id,
    kind,
    to_address: registration.email,
    ...renderRegistrationEmail(kind, { event, registration, ...extra }),
  })
}

/**
 * Confirms waitlisted people, first come first served, while seats are free. Someone who cannot fit (an
 * in-person seat when only remote places are left) keeps their place in the queue and the next person who fits
 * is confirmed. Runs inside the transaction that freed the seats, with the event locked.
 */
async function promoteFromWaitlist(trx: Trx, event: LockedEvent): Promise<Registration[]> {
  const counts = await countRegistrations(trx, event.id)
  if (!hasSeat(event, counts, 'remote') && !hasSeat(event, counts, 'in_person')) return []
  const waiting = await trx
    .selectFrom('registrations')
    .selectAll()
    .where('event_id', '=', event.id)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlisted_at')
    .orderBy('id')
    .forUpdate()
    .execute()
  const promoted: Registration[] = []
  for (const person of waiting) {
    if (!hasSeat(event, counts, 'remote') && !hasSeat(event, counts, 'in_person')) break
    if (!hasSeat(event, counts, person.attendance_mode)) continue
    const updated = await trx
      .updateTable('registrations')
      .set({ status: 'confirmed', waitlisted_at: null, updated_at: new Date() })
      .where('id', '=', person.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    takeSeat(counts, person.attendance_mode)
    await logChange(trx, person.id, 'waitlisted', 'confirmed', 'system', 'A place opened up')
    await notify(trx, 'promoted', event, updated)
    promoted.push(updated)
  }
  return promoted
}

/** Seats were freed or added outside this module (an organizer raised the capacity): fill them. */
export async function fillFreedSeats(trx: Trx, eventId: number): Promise<Registration[]> {
  return promoteFromWaitlist(trx, await lockEventForSeats(trx, eventId))
}

export function newManageToken(): string {
  // 192 bits: well above the 128 the manage link needs to be unguessable.
  return randomBytes(24).toString('base64url')
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export type RegisterResult = {
  created: boolean
  registration: Registration
  position: number | null
}

function rowValues(input: RegistrationInput) {
  return {
    name: input.name,
    email: input.email,
    email_normalized: normalizeEmail(input.email),
    affiliations: input.affiliations,
    role: input.role,
    attendance_mode: input.attendanceMode,
    accessibility_needs: input.accessibilityNeeds,
    dietary_needs: input.dietaryNeeds,
    public_listing: input.publicListing,
    answers: JSON.stringify(input.answers),
  }
}

/**
 * Registers someone: confirmed if a seat is free, waitlisted if not, pending if the organizers approve each
 * registration. The same email twice gives back the existing registration (and emails its link again); a
 * cancelled or declined one registers afresh.
 */
export async function registerForEvent(
  eventId: number,
  input: RegistrationInput,
  now = new Date(),
): Promise<RegisterResult> {
  // Fast path outside the lock: most repeats are caught here; the check under the lock stays authoritative.
  const earlier = await getRegistrationByEmail(eventId, input.email)
  if (earlier && earlier.status !== 'cancelled' && earlier.status !== 'declined') {
    return resendExisting(eventId, earlier, now)
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const event = await lockEventForSeats(trx, eventId)
      if (event.status !== 'published')
        throw new RegistrationError('This event is not open for registration.', 'closed')
      const window = registrationWindowState(event, now)
      if (!window.open) throw new RegistrationError(window.message, 'closed')

      const existing = await trx
        .selectFrom('registrations')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('email_normalized', '=', normalizeEmail(input.email))
        .executeTakeFirst()
      if (existing && existing.status !== 'cancelled' && existing.status !== 'declined') {
        const position = await waitlistPositionOf(trx, existing)
        await notify(trx, 'already-registered', event, existing, { position })
        return { created: false, registration: existing, position }
      }

      const counts = await countRegistrations(trx, eventId)
      const status: RegistrationStatus = event.requires_approval
        ? 'pending'
        : hasSeat(event, counts, input.attendanceMode)
        ? 'confirmed'
        : 'waitlisted'
      // Queue order is lock order: stamp the time now that the lock is ours, not when the request arrived.
      const lockedAt = new Date()
      const values = {
        ...rowValues(input),
        status,
        waitlisted_at: status === 'waitlisted' ? lockedAt : null,
        checked_in_at: null,
        updated_at: lockedAt,
      }
      const registration = existing
        ? await trx
            .updateTable('registrations')
            .set(values)
            .where('id', '=', existing.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto('registrations')
            .values({ ...values, event_id: eventId, manage_token: newManageToken() })
            .returningAll()
            .executeTakeFirstOrThrow()
      await logChange(trx, registration.id, existing?.status ?? null, status, 'attendee')
      // A newcomer joins the end of the queue: everyone already waiting is ahead.
      const position = status === 'waitlisted' ? counts.waitlisted + 1 : null
      await notify(trx, status, event, registration, { position })
      return { created: true, registration, position }
    })
  } catch (error) {
    // Two registrations with one email racing past the fast path: the constraint keeps one; answer as a repeat.
    if (isUniqueViolation(error, 'registrations_event_email_key')) {
      const existing = await getRegistrationByEmail(eventId, input.email)
      if (existing) return { created: false, registration: existing, position: await waitlistPositionOf(db, existing) }
    }
    throw error
  }
}

/** Someone registered again with the same email: email their link again, change nothing. */
async function resendExisting(eventId: number, existing: Registration, now: Date): Promise<RegisterResult> {
  return db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom('events')
      .select(eventColumns)
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow()
    if (event.status !== 'published') throw new RegistrationError('This event is not open for registration.', 'closed')
    const window = registrationWindowState(event, now)
    if (!window.open) throw new RegistrationError(window.message, 'closed')
    const position = await waitlistPositionOf(trx, existing)
    await notify(trx, 'already-registered', event, existing, { position })
    return { created: false, registration: existing, position }
  })
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
  event: LockedEvent
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
    .select(eventColumns)
    .where('id', '=', registration.event_id)
    .executeTakeFirstOrThrow()
  return { registration, event, position: await waitlistPositionOf(db, registration) }
}

/** Cancels a registration; a confirmed seat goes straight to the next person on the waiting list. */
export async function cancelRegistration(
  registrationId: number,
  by: { actor: string; reason?: string | null },
): Promise<{ registration: Registration; promoted: Registration[] }> {
  return db.transaction().execute(async (trx) => {
    const { event, before } = await lockRegistration(trx, registrationId)
    if (before.status === 'cancelled') return { registration: before, promoted: [] }
    const registration = await trx
      .updateTable('registrations')
      .set({ status: 'cancelled', waitlisted_at: null, updated_at: new Date() })
      .where('id', '=', registrationId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await logChange(trx, registrationId, before.status, 'cancelled', by.actor, by.reason ?? null)
    await notify(trx, 'cancelled', event, registration, { reason: by.reason })
    const promoted = before.status === 'confirmed' ? await promoteFromWaitlist(trx, event) : []
    return { registration, promoted }
  })
}

/**
 * An organizer moves a registration to another status. Confirming needs a free seat (raise the capacity
 * first otherwise); approving a pending registration confirms it when a seat is free and waitlists it when not.
 */
export async function setRegistrationStatus(
  registrationId: number,
  eventId: number,
  to: RegistrationStatus | 'approved',
  by: { actor: string; reason?: string | null },
): Promise<{ registration: Registration; promoted: Registration[] }> {
  if (to === 'cancelled') {
    const owned = await db
      .selectFrom('registrations')
      .select('id')
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst()
    if (!owned) throw new RegistrationError('There is no such registration.', 'not_found')
    return cancelRegistration(registrationId, by)
  }
  return db.transaction().execute(async (trx) => {
    const event = await lockEventForSeats(trx, eventId)
    const before = await trx
      .selectFrom('registrations')
      .selectAll()
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst()
    if (!before) throw new RegistrationError('There is no such registration.', 'not_found')
    const counts = await countRegistrations(trx, eventId)
    let target: RegistrationStatus
    let email: RegistrationEmailKind | null
    if (to === 'approved') {
      if (before.status !== 'pending')
        throw new RegistrationError('Only pending registrations can be approved.', 'invalid_change')
      target = hasSeat(event, counts, before.attendance_mode) ? 'confirmed' : 'waitlisted'
      email = target === 'confirmed' ? 'approved' : 'waitlisted'
    } else {
      target = to
      email =
        to === 'confirmed' ? 'confirmed' : to === 'waitlisted' ? 'waitlisted' : to === 'declined' ? 'declined' : null
      if (to === 'confirmed' && before.status !== 'confirmed' && !hasSeat(event, counts, before.attendance_mode)) {
        throw new RegistrationError(
          before.attendance_mode === 'in_person' && event.in_person_capacity !== null
            ? 'No in-person seat is free. Raise the in-person capacity first, or have them attend remotely.'
            : 'No seat is free. Raise the capacity first.',
          'no_seat',
        )
      }
    }
    if (before.status === target) return { registration: before, promoted: [] }
    const registration = await trx
      .updateTable('registrations')
      .set({
        status: target,
        waitlisted_at: target === 'waitlisted' ? new Date() : null,
        updated_at: new Date(),
      })
      .where('id', '=', registrationId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await logChange(trx, registrationId, before.status, target, by.actor, by.reason ?? null)
    if (email) {
      await notify(trx, email, event, registration, {
        position: await waitlistPositionOf(trx, registration),
        reason: by.reason,
      })
    }
    const promoted = before.status === 'confirmed' ? await promoteFromWaitlist(trx, event) : []
    return { registration, promoted }
  })
}

/**
 * The attendee changes their own details. Switching to in person needs a free in-person seat; a confirmed
 * person switching to remote frees one for the waiting list.
 */
export async function updateOwnRegistration(registrationId: number, input: RegistrationInput): Promise<Registration> {
  return db.transaction().execute(async (trx) => {
    const { event, before } = await lockRegistration(trx, registrationId)
    if (before.status === 'cancelled' || before.status === 'declined') {
      throw new RegistrationError('This registration is no longer active; register again instead.', 'invalid_change')
    }
    const changesMode = before.attendance_mode !== input.attendanceMode
    if (changesMode && before.status === 'confirmed' && input.attendanceMode === 'in_person') {
      const counts = await countRegistrations(trx, event.id)
      counts.confirmed -= 1
      counts.confirmedRemote -= 1
      if (!hasSeat(event, counts, 'in_person')) {
        throw new RegistrationError('All in-person seats are taken; you can keep attending remotely.', 'no_seat')
      }
    }
    const { email: _email, email_normalized: _normalized, ...values } = rowValues(input)
    const registration = await trx
      .updateTable('registrations')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', registrationId)
      .returningAll()
      .executeTakeFirstOrThrow()
    if (changesMode && before.status === 'confirmed' && input.attendanceMode === 'remote')
      await promoteFromWaitlist(trx, event)
    return registration
  })
}

export async function setCheckedIn(registrationId: number, eventId: number, checkedIn: boolean): Promise<void> {
  const result = await db
    .updateTable('registrations')
    .set({ checked_in_at: checkedIn ? new Date() : null })
    .where('id', '=', registrationId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0)
    throw new RegistrationError('Only confirmed attendees can be checked in.', 'invalid_change')
}

export type RegistrationListFilter = { status?: RegistrationStatus; q?: string }

export type RegistrationRow = Registration & { position: number | null }

/**
 * The organizer's list, filtered by status and free text, with waiting-list positions. A summit has at most a
 * few hundred registrations, so the event's rows are read once and filtered here.
 */
export async function listRegistrations(
  eventId: number,
  filter: RegistrationListFilter = {},
): Promise<RegistrationRow[]> {
  const rows = await db
    .selectFrom('registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const queue = rows
    .filter((r) => r.status === 'waitlisted')
    .sort((a, b) => (a.waitlisted_at?.getTime() ?? 0) - (b.waitlisted_at?.getTime() ?? 0) || a.id - b.id)
  const positions = new Map(queue.map((r, i) => [r.id, i + 1]))
  const q = filter.q?.trim().toLowerCase()
  return rows
    .filter((r) => !filter.status || r.status === filter.status)
    .filter(
      (r) =>
        !q ||
        r.name.toLowerCase().includes(q) ||
        r.email_normalized.includes(q) ||
        r.affiliations.some((a) => a.toLowerCase().includes(q)),
    )
    .map((r) => ({ ...r, position: positions.get(r.id) ?? null }))
}

export async function getRegistrationHistory(registrationId: number) {
  return db
    .selectFrom('registration_changes')
    .select(['from_status', 'to_status', 'reason', 'changed_by', 'created_at'])
    .where('registration_id', '=', registrationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
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
  const counts = await countRegistrations(db, event.id)
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

export async function getRegistrationCounts(eventId: number): Promise<RegistrationCounts> {
  return countRegistrations(db, eventId)
}
