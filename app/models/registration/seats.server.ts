import { randomBytes } from 'node:crypto'
import type { AttendanceMode, Database, Registration, RegistrationStatus } from '#db/schema'
import { isUniqueViolation } from '#db/errors'
import { db, type Transaction } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import type { RegistrationEmailKind } from './emails'
import { RegistrationError } from './error'
import { recordStatusChange } from './history.server'
import { notifyRegistrant } from './notify.server'
import type { RegistrationEvent } from './registration-event'
import { readBeforeRegistering, registerInOneStatement, type RegistrationValues } from './register-statement.server'
import {
  countRegistrations,
  getRegistrationByEmail,
  normalizeEmail,
  registrationCountsOf,
  waitlistPositionOf,
  type RegistrationCounts,
} from './registrations.server'
import type { RegistrationDetails, RegistrationInput } from './schema'
import { hasSeat } from './seat-rule'
import { registrationWindowState } from './window'
import { publicContentChanged } from '../operations/public-content.server'

// Every decision about seats and the waiting list: registering, promoting, cancelling, an organizer's status
// change, an attendee changing how they attend. Each runs in one transaction with the event's row locked, and
// records the change (history.server.ts) and queues the email (notify.server.ts) in that same transaction.

type Trx = Transaction<Database>

type LockedEvent = { event: RegistrationEvent; counts: RegistrationCounts }

/**
 * Every decision about seats happens with the event's row locked (see lockEvent). The row carries the event's
 * registration counts (kept by a trigger in the transaction of every change, db/migrations/0007_seat_counters.ts),
 * so the one locking SELECT also answers how many seats are taken, exactly and whatever the number of
 * registrations: nobody can change them until this transaction ends.
 */
async function lockEventForSeats(trx: Trx, eventId: number): Promise<LockedEvent> {
  const event = await lockEvent(trx, eventId)
  if (!event) throw new RegistrationError('There is no such event.', 'not_found')
  return { event, counts: registrationCountsOf(event) }
}

/**
 * A registration with its event locked: the event lock first (the order every seat decision takes, so no two
 * transactions wait on each other), then the registration as it is under that lock.
 */
async function lockRegistration(
  trx: Trx,
  registrationId: number,
): Promise<LockedEvent & { before: Registration }> {
  const current = await trx
    .selectFrom('registrations')
    .select('event_id')
    .where('id', '=', registrationId)
    .executeTakeFirst()
  if (!current) throw new RegistrationError('There is no such registration.', 'not_found')
  const locked = await lockEventForSeats(trx, current.event_id)
  const before = await trx
    .selectFrom('registrations')
    .selectAll()
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  return { ...locked, before }
}

function takeSeat(counts: RegistrationCounts, mode: AttendanceMode) {
  counts.confirmed += 1
  if (mode === 'in_person') counts.confirmedInPerson += 1
  else counts.confirmedRemote += 1
}

function freeSeat(counts: RegistrationCounts, mode: AttendanceMode) {
  counts.confirmed -= 1
  if (mode === 'in_person') counts.confirmedInPerson -= 1
  else counts.confirmedRemote -= 1
}

/**
 * Confirms waitlisted people, first come first served, while seats are free. Someone who cannot fit (an
 * in-person seat when only remote places are left) keeps their place in the queue and the next person who fits
 * is confirmed. Runs inside the transaction that freed the seats, with the event locked; it reads the counts
 * again (one row) because that transaction's own changes have moved them since the lock was taken.
 */
async function promoteFromWaitlist(trx: Trx, event: RegistrationEvent): Promise<Registration[]> {
  const counts = await countRegistrations(event.id, trx)
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
    await recordStatusChange(trx, person.id, 'waitlisted', 'confirmed', 'system', 'A place opened up')
    await notifyRegistrant(trx, 'promoted', event, updated)
    promoted.push(updated)
  }
  return promoted
}

/** Seats were freed or added outside this module (an organizer raised the capacity): fill them. */
export async function fillFreedSeats(trx: Trx, eventId: number): Promise<Registration[]> {
  return promoteFromWaitlist(trx, (await lockEventForSeats(trx, eventId)).event)
}

export function newManageToken(): string {
  // 192 bits: well above the 128 the manage link needs to be unguessable.
  return randomBytes(24).toString('base64url')
}

export type RegisterResult = {
  created: boolean
  registration: Registration
  position: number | null
}

/** The columns an attendee's details fill (everything but the email, which identifies the registration). */
function detailValues(input: RegistrationDetails) {
  return {
    name: input.name,
    affiliations: input.affiliations,
    role: input.role,
    attendance_mode: input.attendanceMode,
    accessibility_needs: input.accessibilityNeeds,
    dietary_needs: input.dietaryNeeds,
    public_listing: input.publicListing,
    answers: JSON.stringify(input.answers),
  }
}

/** The registration's columns from what the person sent. */
export function rowValues(input: RegistrationInput): RegistrationValues {
  return { ...detailValues(input), email: input.email, email_normalized: normalizeEmail(input.email) }
}

/** Refuses unless the event takes registrations now. */
function assertOpen(
  event: Pick<RegistrationEvent, 'status' | 'registration_opens_at' | 'registration_closes_at' | 'starts_at'>,
  now: Date,
) {
  if (event.status !== 'published') throw new RegistrationError('This event is not open for registration.', 'closed')
  const window = registrationWindowState(event, now)
  if (!window.open) throw new RegistrationError(window.message, 'closed')
}

/**
 * Registers someone: confirmed if a seat is free, waitlisted if not, pending if the organizers approve each
 * registration. The same email twice gives back the existing registration (and emails its link again); a
 * cancelled or declined one registers afresh.
 *
 * The seat decision normally holds the event's lock for one statement (registerInOneStatement): everything that
 * does not need the lock happens before it. What that statement cannot settle (the event changed since it was
 * read, the same email registering at the same moment, the earlier registration changing) goes to the
 * transaction that decides it all under the lock (registerUnderLock), as every registration once did.
 */
export async function registerForEvent(
  eventId: number,
  input: RegistrationInput,
  now = new Date(),
): Promise<RegisterResult> {
  const { event, fingerprint, earlier } = await readBeforeRegistering(eventId, input.email)
  if (!event) throw new RegistrationError('There is no such event.', 'not_found')
  // Repeats are caught here, outside the lock; the checks under the lock stay authoritative.
  if (earlier && earlier.status !== 'cancelled' && earlier.status !== 'declined') {
    return resendExisting(event, earlier.id, now)
  }
  assertOpen(event, now)
  const manageToken = earlier?.manage_token ?? newManageToken()
  const decided = await registerInOneStatement(event, fingerprint, rowValues(input), manageToken, earlier)
  if (decided) {
    // Registering again after a cancellation: their personal feed (same token) shows them attending again.
    if (earlier) await publicContentChanged(db, { registrationId: earlier.id })
    return { created: true, ...decided }
  }
  try {
    return await db.transaction().execute((trx) => registerUnderLock(trx, eventId, input, now))
  } catch (error) {
    // Two registrations with one email racing past the fast path: the constraint keeps one; answer as a repeat.
    if (isUniqueViolation(error, 'registrations_event_email_key')) {
      const existing = await getRegistrationByEmail(eventId, input.email)
      if (existing) return { created: false, registration: existing, position: await waitlistPositionOf(db, existing) }
    }
    throw error
  }
}

/** registerForEvent's decision, with the event locked. */
async function registerUnderLock(
  trx: Trx,
  eventId: number,
  input: RegistrationInput,
  now: Date,
): Promise<RegisterResult> {
  const { event, counts } = await lockEventForSeats(trx, eventId)
  assertOpen(event, now)

  const existing = await trx
    .selectFrom('registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('email_normalized', '=', normalizeEmail(input.email))
    .executeTakeFirst()
  if (existing && existing.status !== 'cancelled' && existing.status !== 'declined') {
    const position = await waitlistPositionOf(trx, existing)
    await notifyRegistrant(trx, 'already-registered', event, existing, { position })
    return { created: false, registration: existing, position }
  }

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
  await recordStatusChange(trx, registration.id, existing?.status ?? null, status, 'attendee')
  // A newcomer joins the end of the queue: everyone already waiting is ahead.
  const position = status === 'waitlisted' ? counts.waitlisted + 1 : null
  await notifyRegistrant(trx, status, event, registration, { position, onlineSeatFree: hasSeat(event, counts, 'remote') })
  return { created: true, registration, position }
}

/** Someone registered again with the same email: email their link again, change nothing. */
async function resendExisting(event: RegistrationEvent, registrationId: number, now: Date): Promise<RegisterResult> {
  assertOpen(event, now)
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('registrations')
      .selectAll()
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow()
    const position = await waitlistPositionOf(trx, existing)
    await notifyRegistrant(trx, 'already-registered', event, existing, { position })
    return { created: false, registration: existing, position }
  })
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
    await recordStatusChange(trx, registrationId, before.status, 'cancelled', by.actor, by.reason ?? null)
    await notifyRegistrant(trx, 'cancelled', event, registration, { reason: by.reason })
    const promoted = before.status === 'confirmed' ? await promoteFromWaitlist(trx, event) : []
    return { registration, promoted }
  })
}

/**
 * Where an organizer's move takes a registration, and the email it sends: approving confirms when a seat is
 * free and waitlists when not; confirming needs a free seat.
 */
function organizerMove(
  to: RegistrationStatus | 'approved',
  before: Registration,
  event: RegistrationEvent,
  counts: RegistrationCounts,
): { target: RegistrationStatus; email: RegistrationEmailKind | null } {
  if (to === 'approved') {
    if (before.status !== 'pending')
      throw new RegistrationError('Only pending registrations can be approved.', 'invalid_change')
    const target = hasSeat(event, counts, before.attendance_mode) ? 'confirmed' : 'waitlisted'
    return { target, email: target === 'confirmed' ? 'approved' : 'waitlisted' }
  }
  if (to === 'confirmed' && before.status !== 'confirmed' && !hasSeat(event, counts, before.attendance_mode)) {
    throw new RegistrationError(
      before.attendance_mode === 'in_person' && event.in_person_capacity !== null
        ? 'No in-person seat is free. Raise the in-person capacity first, or have them attend remotely.'
        : 'No seat is free. Raise the capacity first.',
      'no_seat',
    )
  }
  const email = to === 'confirmed' || to === 'waitlisted' || to === 'declined' ? to : null
  return { target: to, email }
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
    const { event, counts } = await lockEventForSeats(trx, eventId)
    const before = await trx
      .selectFrom('registrations')
      .selectAll()
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst()
    if (!before) throw new RegistrationError('There is no such registration.', 'not_found')
    return applyOrganizerMove(trx, event, before, to, by, counts)
  })
}

/**
 * One organizer move under the event lock: the status, its history line, its email, and the waiting list
 * filling a seat it freed. `counts` is what the lock holds; it is kept up to date for the next move in a batch.
 */
async function applyOrganizerMove(
  trx: Trx,
  event: RegistrationEvent,
  before: Registration,
  to: RegistrationStatus | 'approved',
  by: { actor: string; reason?: string | null },
  counts: RegistrationCounts,
): Promise<{ registration: Registration; promoted: Registration[] }> {
  const { target, email } = organizerMove(to, before, event, counts)
  if (before.status === target) return { registration: before, promoted: [] }
  const registration = await trx
    .updateTable('registrations')
    .set({
      status: target,
      waitlisted_at: target === 'waitlisted' ? new Date() : null,
      updated_at: new Date(),
    })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  if (before.status === 'confirmed') freeSeat(counts, before.attendance_mode)
  if (target === 'confirmed') takeSeat(counts, registration.attendance_mode)
  await recordStatusChange(trx, before.id, before.status, target, by.actor, by.reason ?? null)
  if (email) {
    await notifyRegistrant(trx, email, event, registration, {
      position: await waitlistPositionOf(trx, registration),
      reason: by.reason,
      onlineSeatFree: hasSeat(event, counts, 'remote'),
    })
  }
  const promoted = before.status === 'confirmed' ? await promoteFromWaitlist(trx, event) : []
  return { registration, promoted }
}

export type BulkDecision = 'approved' | 'declined'

/**
 * Approves or declines several pending registrations at once, in one transaction under the event lock, in the
 * order they registered (so seats go first come first served, and approving more people than seats waitlists
 * the last ones). Each person gets the email the single decision sends. All or nothing: if any of them is not a
 * pending registration of this event (someone decided it meanwhile), nothing changes.
 */
export async function decideRegistrations(
  eventId: number,
  registrationIds: number[],
  decision: BulkDecision,
  by: { actor: string },
): Promise<Registration[]> {
  const ids = [...new Set(registrationIds)]
  return db.transaction().execute(async (trx) => {
    const { event, counts } = await lockEventForSeats(trx, eventId)
    const chosen = await trx
      .selectFrom('registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    if (chosen.length !== ids.length) throw new RegistrationError('There is no such registration.', 'not_found')
    const decided = chosen.filter((r) => r.status !== 'pending')
    if (decided.length) {
      throw new RegistrationError(
        `Only pending registrations can be ${decision === 'approved' ? 'approved' : 'declined'}: ${decided
          .map((r) => r.name)
          .join(', ')} ${decided.length === 1 ? 'is' : 'are'} no longer pending. Nothing was changed.`,
        'invalid_change',
      )
    }
    const changed: Registration[] = []
    for (const before of chosen) {
      const { registration } = await applyOrganizerMove(trx, event, before, decision, by, counts)
      changed.push(registration)
    }
    return changed
  })
}

/**
 * The attendee changes their own details (never the email, which identifies the registration). Switching to
 * in person needs a free in-person seat; a confirmed person switching to remote frees one for the waiting list.
 */
export async function updateOwnRegistration(registrationId: number, input: RegistrationDetails): Promise<Registration> {
  return db.transaction().execute(async (trx) => {
    const { event, counts, before } = await lockRegistration(trx, registrationId)
    if (before.status === 'cancelled' || before.status === 'declined') {
      throw new RegistrationError('This registration is no longer active; register again instead.', 'invalid_change')
    }
    const changesMode = before.attendance_mode !== input.attendanceMode
    if (changesMode && before.status === 'confirmed' && input.attendanceMode === 'in_person') {
      counts.confirmed -= 1
      counts.confirmedRemote -= 1
      if (!hasSeat(event, counts, 'in_person')) {
        throw new RegistrationError('All in-person seats are taken; you can keep attending remotely.', 'no_seat')
      }
    }
    const registration = await trx
      .updateTable('registrations')
      .set({ ...detailValues(input), updated_at: new Date() })
      .where('id', '=', registrationId)
      .returningAll()
      .executeTakeFirstOrThrow()
    if (changesMode && before.status === 'confirmed' && input.attendanceMode === 'remote')
      await promoteFromWaitlist(trx, event)
    // Their personal feed shows how they attend (the meeting link, or the venue).
    if (changesMode) await publicContentChanged(trx, { registrationId })
    return registration
  })
}
