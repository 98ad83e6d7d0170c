import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { AttendanceMode, Registration } from '#db/schema'
import type { RegistrationInput } from '~/models/registration/schema'
import { installQueryRecorder } from '../support/query-recorder'

// A registration decided in one statement (app/models/registration/register-statement.server.ts): the same rule
// as the TypeScript one, the same emails notifyRegistrant would queue, and nothing written when it cannot decide
// alone (registerForEvent then decides under the lock, in its transaction).

const { modules: app, record } = await installQueryRecorder(async () => ({
  ...(await import('~/utils/db.server')),
  ...(await import('~/utils/url.server')),
  ...(await import('~/models/registration/seats.server')),
  ...(await import('~/models/registration/seat-rule')),
  ...(await import('~/models/registration/register-statement.server')),
  ...(await import('~/models/registration/registrations.server')),
  ...(await import('~/models/registration/emails')),
  ...(await import('~/models/registration/schema')),
  ...(await import('../support/factories')),
}))
const { db } = app

let people = 0
function person(mode: AttendanceMode = 'in_person', email?: string): RegistrationInput {
  people += 1
  return app.registrationSchema({ locationKind: 'hybrid' }, []).parse({
    name: `Person ${people}`,
    email: email ?? `one-statement-${people}@example.org`,
    affiliations: ['NumPy'],
    attendanceMode: mode,
  })
}

async function hybridEvent(overrides: Record<string, unknown> = {}) {
  const organizer = await app.makeUser()
  return app.makeEvent(organizer.id, {
    locationKind: 'hybrid',
    onlineUrl: 'https://meet.example.org/one-statement',
    capacity: 3,
    inPersonCapacity: 1,
    ...overrides,
  })
}

async function emailsOf(registrationId: number) {
  return db
    .selectFrom('email_outbox')
    .select(['kind', 'to_address', 'subject', 'text_body', 'html_body'])
    .where('registration_id', '=', registrationId)
    .orderBy('id')
    .execute()
}

/** The email notifyRegistrant queues for this registration's status, rendered now from what is stored. */
async function expectedEmail(registration: Registration, position: number | null, onlineSeatFree: boolean) {
  const event = await db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', registration.event_id)
    .executeTakeFirstOrThrow()
  const kind = registration.status as 'confirmed' | 'waitlisted' | 'pending'
  const rendered = app.renderRegistrationEmail(kind, {
    baseUrl: app.appBaseUrl(),
    event,
    registration,
    position,
    onlineSeatFree,
  })
  return {
    kind,
    to_address: registration.email,
    subject: rendered.subject,
    text_body: rendered.text,
    html_body: rendered.html,
  }
}

describe('the seat rule in SQL', () => {
  it('answers as hasSeat does for every case of a table', async () => {
    const cases: { capacity: number | null; inPerson: number | null; confirmed: number; confirmedInPerson: number }[] =
      []
    for (const capacity of [null, 0, 1, 5, 10])
      for (const inPerson of [null, 0, 1, 4, 5])
        for (const confirmed of [0, 1, 4, 5, 9, 10, 11])
          for (const confirmedInPerson of [0, 1, 4, 5, 6])
            if (confirmedInPerson <= confirmed) cases.push({ capacity, inPerson, confirmed, confirmedInPerson })
    const modes: AttendanceMode[] = ['in_person', 'remote']
    for (const mode of modes) {
      const { rows } = await sql<{ fits: boolean }>`
        select ${app.hasSeatSql(mode)} as fits
        from (values ${sql.join(
          cases.map(
            (c, i) =>
              sql`(${i}::int, ${c.capacity}::int, ${c.inPerson}::int, ${c.confirmed}::int, ${c.confirmedInPerson}::int)`,
          ),
        )}) as seats(i, capacity, in_person_capacity, confirmed_count, confirmed_in_person_count)
        order by i`.execute(db)
      const inSql = rows.map((row) => row.fits)
      const inTypeScript = cases.map((c) =>
        app.hasSeat(
          { capacity: c.capacity, in_person_capacity: c.inPerson },
          { confirmed: c.confirmed, confirmedInPerson: c.confirmedInPerson },
          mode,
        ),
      )
      expect(inSql, mode).toEqual(inTypeScript)
      // The table holds both answers for both modes, so it tests something.
      expect(new Set(inTypeScript)).toEqual(new Set([true, false]))
    }
  })
})

describe('registering in one statement', () => {
  it('reads before the lock, then locks, decides and writes in a single statement', async () => {
    const event = await hybridEvent()
    const statements = await record(() => app.registerForEvent(event.id, person('remote')))
    expect(statements).toHaveLength(2)
    const [read, decision] = statements
    expect(read!.sql).toMatch(/^select/i)
    expect(read!.sql).not.toMatch(/for update/i)
    expect(decision!.sql).toMatch(/for update/i)
    for (const table of ['registrations', 'registration_changes', 'email_outbox'])
      expect(decision!.sql).toMatch(new RegExp(`insert into "?${table}"?`, 'i'))
  })

  it('queues the email notifyRegistrant would, for each status and waiting-list place it decides', async () => {
    // 3 seats, 1 of them in the room.
    const event = await hybridEvent()
    const outcomes: { result: Awaited<ReturnType<typeof app.registerForEvent>>; onlineSeatFree: boolean }[] = []
    const register = async (mode: AttendanceMode, onlineSeatFree: boolean) =>
      outcomes.push({ result: await app.registerForEvent(event.id, person(mode)), onlineSeatFree })
    await register('in_person', true) // confirmed, in the room
    await register('in_person', true) // the room is full, online places are free: waiting, position 1
    await register('remote', true) // confirmed online
    await register('remote', true) // confirmed online: the last seat
    await register('in_person', false) // everything is full: waiting, position 2
    await register('remote', false) // waiting, position 3

    expect(outcomes.map(({ result }) => [result.registration.status, result.position])).toEqual([
      ['confirmed', null],
      ['waitlisted', 1],
      ['confirmed', null],
      ['confirmed', null],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ])
    for (const { result, onlineSeatFree } of outcomes) {
      expect(result.created).toBe(true)
      const stored = await db
        .selectFrom('registrations')
        .selectAll()
        .where('id', '=', result.registration.id)
        .executeTakeFirstOrThrow()
      expect(result.registration).toEqual(stored)
      expect(await app.waitlistPositionOf(db, stored)).toBe(result.position)
      expect(await emailsOf(stored.id)).toEqual([await expectedEmail(stored, result.position, onlineSeatFree)])
    }
    // Told apart by the email: a seat online is free for the first one waiting, not for the second.
    const [, first, , , second] = await Promise.all(outcomes.map(({ result }) => emailsOf(result.registration.id)))
    expect(first![0]!.text_body).toContain('Online places are still free')
    expect(first![0]!.text_body).toContain('at position 1')
    expect(second![0]!.text_body).not.toContain('Online places are still free')
    expect(second![0]!.text_body).toContain('at position 2')

    const history = await db
      .selectFrom('registration_changes')
      .select(['registration_id', 'from_status', 'to_status', 'changed_by'])
      .where(
        'registration_id',
        'in',
        outcomes.map(({ result }) => result.registration.id),
      )
      .orderBy('id')
      .execute()
    expect(history).toEqual(
      outcomes.map(({ result }) => ({
        registration_id: result.registration.id,
        from_status: null,
        to_status: result.registration.status,
        changed_by: 'attendee',
      })),
    )
  })

  it('makes registrations pending when the organizers approve each one', async () => {
    const event = await hybridEvent({ requiresApproval: true, capacity: 1 })
    for (const mode of ['in_person', 'remote', 'in_person'] as const) {
      const { registration, position } = await app.registerForEvent(event.id, person(mode))
      expect([registration.status, position]).toEqual(['pending', null])
      expect(await emailsOf(registration.id)).toEqual([await expectedEmail(registration, null, true)])
    }
  })

  it('registers a cancelled registration afresh, keeping its link and recording where it came from', async () => {
    const event = await hybridEvent({ capacity: 1, inPersonCapacity: null })
    const first = await app.registerForEvent(event.id, person('remote', 'again@example.org'))
    await app.cancelRegistration(first.registration.id, { actor: 'attendee' })
    await app.registerForEvent(event.id, person('remote')) // takes the freed seat

    const statements = await record(async () => {
      const again = await app.registerForEvent(event.id, person('in_person', 'Again@Example.org'))
      expect(again).toMatchObject({ created: true, position: 1 })
      expect(again.registration).toMatchObject({
        id: first.registration.id,
        manage_token: first.registration.manage_token,
        email: 'Again@Example.org',
        status: 'waitlisted',
        attendance_mode: 'in_person',
      })
      const emails = await emailsOf(first.registration.id)
      expect(emails.map((e) => e.kind)).toEqual(['confirmed', 'cancelled', 'waitlisted'])
      expect(emails[2]).toEqual(await expectedEmail(again.registration, 1, false))
    })
    expect(statements.filter((q) => /for update/i.test(q.sql))).toHaveLength(1)
    const steps = await db
      .selectFrom('registration_changes')
      .select(['from_status', 'to_status'])
      .where('registration_id', '=', first.registration.id)
      .orderBy('id')
      .execute()
    expect(steps).toEqual([
      { from_status: null, to_status: 'confirmed' },
      { from_status: 'confirmed', to_status: 'cancelled' },
      { from_status: 'cancelled', to_status: 'waitlisted' },
    ])
  })

  it('writes nothing when the event changed since it was read, and registerForEvent decides under the lock', async () => {
    const event = await hybridEvent()
    const input = person('remote')
    const { event: read, fingerprint } = await app.readBeforeRegistering(event.id, input.email)
    await db.updateTable('events').set({ title: 'Renamed Summit' }).where('id', '=', event.id).execute()

    const values = app.rowValues(input)
    const stale = await app.registerInOneStatement(read!, fingerprint, values, app.newManageToken(), undefined)
    expect(stale).toBeUndefined()
    expect(await app.getRegistrationByEmail(event.id, input.email)).toBeUndefined()
    expect(await db.selectFrom('email_outbox').select('id').where('event_id', '=', event.id).execute()).toEqual([])

    const { registration } = await app.registerForEvent(event.id, input)
    const [email] = await emailsOf(registration.id)
    expect(email!.subject).toBe("You're registered for Renamed Summit")
  })

  it('writes nothing when the same email registered meanwhile, and registerForEvent answers as a repeat', async () => {
    const event = await hybridEvent()
    const input = person('remote')
    const { event: read, fingerprint, earlier } = await app.readBeforeRegistering(event.id, input.email)
    expect(earlier).toBeUndefined()
    const meanwhile = await app.registerForEvent(event.id, { ...input, name: 'Meanwhile' })

    const values = app.rowValues(input)
    expect(
      await app.registerInOneStatement(read!, fingerprint, values, app.newManageToken(), undefined),
    ).toBeUndefined()
    expect(await emailsOf(meanwhile.registration.id)).toHaveLength(1)
    expect((await app.countRegistrations(event.id)).confirmed).toBe(1)

    const repeat = await app.registerForEvent(event.id, input)
    expect(repeat).toMatchObject({ created: false, registration: { id: meanwhile.registration.id, name: 'Meanwhile' } })
  })

  it('tells everyone in a burst the waiting-list place they got, in the order of the lock', async () => {
    const event = await hybridEvent({ capacity: 5, inPersonCapacity: null })
    const results = await Promise.all(
      Array.from({ length: 40 }, () => app.registerForEvent(event.id, person('remote'))),
    )
    const waiting = results.filter((r) => r.registration.status === 'waitlisted')
    expect(results.filter((r) => r.registration.status === 'confirmed')).toHaveLength(5)
    expect(waiting.map((r) => r.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1))
    const byId = [...waiting].sort((a, b) => a.registration.id - b.registration.id)
    expect(byId.map((r) => r.position)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1))
    for (const { registration, position } of waiting) {
      const [email] = await emailsOf(registration.id)
      expect(email!.text_body).toContain(`on the waiting list to join online at position ${position}.`)
      expect(await app.waitlistPositionOf(db, registration)).toBe(position)
    }
  })
})
