import { describe, expect, it } from 'vitest'
import { updateEvent } from '~/models/events/event.server'
import { registrationSchema, type RegistrationInput } from '~/models/registration/schema'
import { RegistrationError } from '~/models/registration/error'
import { setCheckedIn } from '~/models/registration/check-in.server'
import {
  countRegistrations,
  getRegistrationByToken,
  listPublicParticipants,
  listRegistrations,
} from '~/models/registration/registrations.server'
import {
  cancelRegistration,
  registerForEvent,
  setRegistrationStatus,
  updateOwnRegistration,
} from '~/models/registration/seats.server'
import { db } from '~/utils/db.server'
import { eventInput, makeEvent, makeUser } from '../support/factories'

let counter = 0
function person(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  counter += 1
  return registrationSchema({ locationKind: 'hybrid' }, []).parse({
    name: `Person ${counter}`,
    email: `person${counter}@example.org`,
    affiliations: ['NumPy'],
    attendanceMode: 'in_person',
    ...overrides,
  })
}

async function openEvent(overrides: Record<string, unknown> = {}) {
  const organizer = await makeUser()
  return makeEvent(organizer.id, {
    capacity: 20,
    locationKind: 'hybrid',
    onlineUrl: 'https://meet.example.org/secret',
    ...overrides,
  })
}

async function outbox(registrationId: number) {
  return db
    .selectFrom('email_outbox')
    .select(['kind', 'text_body', 'html_body', 'to_address'])
    .where('registration_id', '=', registrationId)
    .orderBy('id')
    .execute()
}

describe('capacity and the waiting list under concurrency', () => {
  it('220 simultaneous registrations for 20 seats: exactly 20 confirmed, 200 waitlisted in arrival order, none lost', async () => {
    const event = await openEvent()
    const inputs = Array.from({ length: 220 }, () => person({ attendanceMode: counter % 2 ? 'remote' : 'in_person' }))
    const results = await Promise.all(inputs.map((input) => registerForEvent(event.id, input)))
    expect(results.every((r) => r.created)).toBe(true)

    const counts = await countRegistrations(event.id)
    expect(counts.confirmed).toBe(20)
    expect(counts.waitlisted).toBe(200)
    const rows = await listRegistrations(event.id)
    expect(rows).toHaveLength(220)
    expect(new Set(rows.map((r) => r.email_normalized)).size).toBe(220)

    // Arrival order is the order in which registrations got the event's lock, which is the order of their ids:
    // the first 20 ids are confirmed, and positions 1…200 follow the remaining ids.
    const byId = [...rows].sort((a, b) => a.id - b.id)
    expect(byId.slice(0, 20).every((r) => r.status === 'confirmed')).toBe(true)
    expect(byId.slice(20).map((r) => r.position)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    // Each person was told what happened to them, once.
    const emails = await db.selectFrom('email_outbox').select('kind').where('event_id', '=', event.id).execute()
    expect(emails.filter((e) => e.kind === 'confirmed')).toHaveLength(20)
    expect(emails.filter((e) => e.kind === 'waitlisted')).toHaveLength(200)
  })

  it('simultaneous cancellations free exactly their seats for the next people in line', async () => {
    const event = await openEvent({ capacity: 20 })
    for (let i = 0; i < 50; i++) await registerForEvent(event.id, person({ attendanceMode: 'remote' }))
    const before = await listRegistrations(event.id)
    const confirmed = before.filter((r) => r.status === 'confirmed').slice(0, 10)
    const nextInLine = before
      .filter((r) => r.status === 'waitlisted')
      .sort((a, b) => a.position! - b.position!)
      .slice(0, 10)

    await Promise.all(confirmed.map((r) => cancelRegistration(r.id, { actor: 'attendee' })))

    const after = await listRegistrations(event.id)
    const counts = await countRegistrations(event.id)
    expect(counts).toMatchObject({ confirmed: 20, waitlisted: 20, cancelled: 10 })
    const promotedIds = after
      .filter((r) => r.status === 'confirmed' && nextInLine.some((n) => n.id === r.id))
      .map((r) => r.id)
    expect(promotedIds.sort()).toEqual(nextInLine.map((r) => r.id).sort())
    expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.position)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    const promotedEmails = await db
      .selectFrom('email_outbox')
      .select('registration_id')
      .where('event_id', '=', event.id)
      .where('kind', '=', 'promoted')
      .execute()
    expect(promotedEmails.map((e) => e.registration_id).sort()).toEqual(nextInLine.map((r) => r.id).sort())
  })
})

describe('registering', () => {
  it('the same email twice gives the existing registration and re-sends its link', async () => {
    const event = await openEvent()
    const first = await registerForEvent(event.id, person({ email: 'Stefan@Example.org' }))
    const again = await registerForEvent(event.id, person({ email: '  stefan@example.ORG ' }))
    expect(again.created).toBe(false)
    expect(again.registration.id).toBe(first.registration.id)
    expect(first.registration.email).toBe('Stefan@Example.org')
    expect((await outbox(first.registration.id)).map((e) => e.kind)).toEqual(['confirmed', 'already-registered'])
    expect((await countRegistrations(event.id)).confirmed).toBe(1)
  })

  it('gives the meeting link only to confirmed attendees', async () => {
    const event = await openEvent({ capacity: 1 })
    const confirmed = await registerForEvent(event.id, person({ attendanceMode: 'remote' }))
    const waitlisted = await registerForEvent(event.id, person({ attendanceMode: 'remote' }))
    expect(waitlisted.registration.status).toBe('waitlisted')
    expect(waitlisted.position).toBe(1)
    const [confirmedMail] = await outbox(confirmed.registration.id)
    const [waitlistedMail] = await outbox(waitlisted.registration.id)
    expect(confirmedMail?.text_body).toContain('https://meet.example.org/secret')
    expect(confirmedMail?.html_body).toContain('https://meet.example.org/secret')
    expect(confirmedMail?.text_body).toContain(`/r/${confirmed.registration.manage_token}`)
    expect(waitlistedMail?.text_body).not.toContain('meet.example.org')
    expect(waitlistedMail?.text_body).toContain('position 1')
  })

  it('keeps separate in-person seats on hybrid events; remote places stay open', async () => {
    const event = await openEvent({ capacity: 10, inPersonCapacity: 2 })
    const a = await registerForEvent(event.id, person({ attendanceMode: 'in_person' }))
    await registerForEvent(event.id, person({ attendanceMode: 'in_person' }))
    const c = await registerForEvent(event.id, person({ attendanceMode: 'in_person' }))
    const d = await registerForEvent(event.id, person({ attendanceMode: 'remote' }))
    expect(c.registration.status).toBe('waitlisted')
    expect(d.registration.status).toBe('confirmed')
    // A freed in-person seat goes to the waiting in-person person.
    const { promoted } = await cancelRegistration(a.registration.id, { actor: 'attendee' })
    expect(promoted.map((p) => p.id)).toEqual([c.registration.id])
  })

  it('refuses outside the registration window and for drafts', async () => {
    const notYet = await openEvent({ registrationOpensAt: '2029-01-01T00:00' })
    await expect(registerForEvent(notYet.id, person(), new Date('2028-06-01T00:00:00Z'))).rejects.toMatchObject({
      code: 'closed',
    })
    const closed = await openEvent({ registrationClosesAt: '2029-01-01T00:00' })
    await expect(registerForEvent(closed.id, person(), new Date('2029-06-01T00:00:00Z'))).rejects.toBeInstanceOf(
      RegistrationError,
    )
    const draft = await openEvent({ status: 'draft' })
    await expect(registerForEvent(draft.id, person())).rejects.toMatchObject({ code: 'closed' })
  })

  it('a cancelled registration can register again and joins the end of the queue', async () => {
    const event = await openEvent({ capacity: 1 })
    await registerForEvent(event.id, person())
    const late = await registerForEvent(event.id, person({ email: 'late@example.org' }))
    await cancelRegistration(late.registration.id, { actor: 'attendee' })
    const back = await registerForEvent(event.id, person({ email: 'late@example.org' }))
    expect(back.created).toBe(true)
    expect(back.registration.id).toBe(late.registration.id)
    expect(back.registration.status).toBe('waitlisted')
  })
})

describe('approval mode and organizer changes', () => {
  it('waits as pending; approval confirms while seats last, then waitlists', async () => {
    const event = await openEvent({ capacity: 1, requiresApproval: true })
    const a = await registerForEvent(event.id, person())
    const b = await registerForEvent(event.id, person())
    expect([a.registration.status, b.registration.status]).toEqual(['pending', 'pending'])
    expect(
      (await setRegistrationStatus(a.registration.id, event.id, 'approved', { actor: 'Org' })).registration.status,
    ).toBe('confirmed')
    expect(
      (await setRegistrationStatus(b.registration.id, event.id, 'approved', { actor: 'Org' })).registration.status,
    ).toBe('waitlisted')
    expect((await outbox(a.registration.id)).map((e) => e.kind)).toEqual(['pending', 'approved'])
  })

  it('refuses to confirm beyond capacity, and raising the capacity promotes at once', async () => {
    const organizer = await makeUser()
    const input = eventInput({ capacity: 1, locationKind: 'hybrid', venueName: 'Hall' })
    const event = await (await import('~/models/events/event.server')).createEvent(input, organizer.id)
    await registerForEvent(event.id, person())
    const waiting = await registerForEvent(event.id, person())
    await expect(
      setRegistrationStatus(waiting.registration.id, event.id, 'confirmed', { actor: 'Org' }),
    ).rejects.toMatchObject({ code: 'no_seat' })
    await updateEvent(event.id, { ...input, capacity: 2 })
    expect((await getRegistrationByToken(waiting.registration.manage_token))?.registration.status).toBe('confirmed')
  })

  it('declines with a reason that reaches the person', async () => {
    const event = await openEvent({ requiresApproval: true })
    const r = await registerForEvent(event.id, person())
    await setRegistrationStatus(r.registration.id, event.id, 'declined', {
      actor: 'Org',
      reason: 'The room is reserved for maintainers.',
    })
    const mails = await outbox(r.registration.id)
    expect(mails.at(-1)?.kind).toBe('declined')
    expect(mails.at(-1)?.text_body).toContain('The room is reserved for maintainers.')
  })

  it('an attendee switching to in person needs a free in-person seat; switching to remote frees one', async () => {
    const event = await openEvent({ capacity: 10, inPersonCapacity: 1 })
    const inRoom = await registerForEvent(event.id, person({ attendanceMode: 'in_person' }))
    const remote = await registerForEvent(event.id, person({ attendanceMode: 'remote' }))
    const waiting = await registerForEvent(event.id, person({ attendanceMode: 'in_person' }))
    await expect(
      updateOwnRegistration(remote.registration.id, person({ attendanceMode: 'in_person' })),
    ).rejects.toMatchObject({ code: 'no_seat' })
    await updateOwnRegistration(
      inRoom.registration.id,
      person({ email: inRoom.registration.email, attendanceMode: 'remote' }),
    )
    expect((await getRegistrationByToken(waiting.registration.manage_token))?.registration.status).toBe('confirmed')
  })
})

describe('check-in', () => {
  it('checks in confirmed attendees only, and can be undone', async () => {
    const event = await openEvent({ capacity: 1 })
    const confirmed = await registerForEvent(event.id, person())
    const waiting = await registerForEvent(event.id, person())
    await setCheckedIn(confirmed.registration.id, event.id, true)
    expect((await countRegistrations(event.id)).checkedIn).toBe(1)
    await setCheckedIn(confirmed.registration.id, event.id, false)
    expect((await countRegistrations(event.id)).checkedIn).toBe(0)
    await expect(setCheckedIn(waiting.registration.id, event.id, true)).rejects.toBeInstanceOf(RegistrationError)
    // Not through another event's page either.
    const other = await openEvent()
    await expect(setCheckedIn(confirmed.registration.id, other.id, true)).rejects.toBeInstanceOf(RegistrationError)
  })
})

describe('public participant list', () => {
  it('lists only confirmed people who agreed, by project, without emails', async () => {
    const event = await openEvent({ capacity: 2 })
    await registerForEvent(event.id, person({ name: 'Ada', affiliations: ['NumPy', 'SciPy'], publicListing: true }))
    await registerForEvent(event.id, person({ name: 'Hidden', affiliations: ['NumPy'], publicListing: false }))
    await registerForEvent(event.id, person({ name: 'Waiting', affiliations: ['NumPy'], publicListing: true }))
    const groups = await listPublicParticipants(event.id)
    expect(groups).toEqual([
      { project: 'NumPy', names: ['Ada'] },
      { project: 'SciPy', names: ['Ada'] },
    ])
    expect(JSON.stringify(groups)).not.toContain('@')
  })
})
