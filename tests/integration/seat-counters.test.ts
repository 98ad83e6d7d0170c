import { randomBytes } from 'node:crypto'
import { CompiledQuery, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { RegistrationInput } from '~/models/registration/schema'
import type { RegistrationCounts } from '~/models/registration/registrations.server'
import { installQueryRecorder } from '../support/query-recorder'

// The counters on the event row (db/migrations/0007_seat_counters.ts) against a fresh count of the rows, and the
// seat decision's cost not growing with the number of registrations.

const { modules: app, record } = await installQueryRecorder(async () => ({
  ...(await import('~/utils/db.server')),
  ...(await import('~/models/registration/seats.server')),
  ...(await import('~/models/registration/registrations.server')),
  ...(await import('~/models/registration/check-in.server')),
  ...(await import('~/models/registration/schema')),
  ...(await import('~/models/registration/error')),
  ...(await import('~/models/events/event.server')),
  ...(await import('../support/factories')),
}))
const { db } = app

/** What countRegistrations answered before the counters: every registration of the event, counted now. */
async function countedNow(eventId: number): Promise<RegistrationCounts> {
  const { rows } = await sql<RegistrationCounts>`
    select
      count(*) filter (where status = 'confirmed')::int as "confirmed",
      count(*) filter (where status = 'confirmed' and attendance_mode = 'in_person')::int as "confirmedInPerson",
      count(*) filter (where status = 'confirmed' and attendance_mode = 'remote')::int as "confirmedRemote",
      count(*) filter (where status = 'waitlisted')::int as "waitlisted",
      count(*) filter (where status = 'pending')::int as "pending",
      count(*) filter (where status = 'cancelled')::int as "cancelled",
      count(*) filter (where status = 'declined')::int as "declined",
      count(*) filter (where status = 'confirmed' and checked_in_at is not null)::int as "checkedIn"
    from registrations where event_id = ${eventId}`.execute(db)
  return rows[0]!
}

let people = 0
function person(mode: 'in_person' | 'remote' = 'in_person', email?: string): RegistrationInput {
  people += 1
  return app.registrationSchema({ locationKind: 'hybrid' }, []).parse({
    name: `Person ${people}`,
    email: email ?? `counted-${people}@example.org`,
    affiliations: ['NumPy'],
    attendanceMode: mode,
  })
}

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed. */
function randomFrom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    below: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T | undefined {
      return items.length ? items[Math.floor(next() * items.length)] : undefined
    },
  }
}

/** Runs a model call whose refusal (no seat, not pending any more…) is an expected outcome of a random step. */
async function allowRefusal(run: () => Promise<unknown>) {
  try {
    await run()
  } catch (error) {
    if (!(error instanceof app.RegistrationError)) throw error
  }
}

describe('registration counters on the event row', () => {
  it('equal a fresh count after every step of a long random sequence of changes', async () => {
    const organizer = await app.makeUser()
    const hybridInput = app.eventInput({
      locationKind: 'hybrid',
      onlineUrl: 'https://meet.example.org/counted',
      capacity: 6,
      inPersonCapacity: 3,
    })
    const hybrid = await app.createEvent(hybridInput, organizer.id)
    const approved = await app.makeEvent(organizer.id, {
      locationKind: 'hybrid',
      onlineUrl: 'https://meet.example.org/approved',
      capacity: 4,
      requiresApproval: true,
    })
    const open = await app.makeEvent(organizer.id, {
      locationKind: 'hybrid',
      onlineUrl: 'https://meet.example.org/open',
    })
    const events = [hybrid, approved, open]
    const random = randomFrom(20261201)
    const registrations = () =>
      db.selectFrom('registrations').select(['id', 'event_id', 'status', 'email', 'attendance_mode']).execute()
    const targets = ['confirmed', 'waitlisted', 'pending', 'declined', 'cancelled', 'approved'] as const
    const seen = new Set<string>()

    for (let step = 0; step < 300; step++) {
      const all = await registrations()
      const someone = random.pick(all)
      const event = random.pick(events)!
      const operation = someone ? random.below(10) : 0
      let what: string
      if (operation <= 2 || !someone) {
        // Newcomers, and now and then someone who had cancelled or been declined registering again.
        const gone = random.pick(
          all.filter((r) => r.event_id === event.id && ['cancelled', 'declined'].includes(r.status)),
        )
        const mode = random.below(2) ? 'remote' : 'in_person'
        what = gone ? 'register again' : 'register'
        await app.registerForEvent(event.id, person(mode, gone?.email))
      } else if (operation === 3) {
        what = 'cancel'
        await app.cancelRegistration(someone.id, { actor: 'attendee' })
      } else if (operation === 4) {
        const target = random.pick(targets)!
        what = `organizer: ${target}`
        await allowRefusal(() =>
          app.setRegistrationStatus(someone.id, someone.event_id, target, { actor: 'organizer' }),
        )
      } else if (operation === 5) {
        const pending = all.filter((r) => r.event_id === approved.id && r.status === 'pending')
        const chosen = pending.slice(0, 1 + random.below(3))
        const decision = random.below(3) ? 'approved' : 'declined'
        what = `bulk ${decision} of ${chosen.length}`
        if (chosen.length) {
          await app.decideRegistrations(
            approved.id,
            chosen.map((r) => r.id),
            decision,
            { actor: 'organizer' },
          )
        }
      } else if (operation === 6) {
        what = 'check-in'
        await allowRefusal(() => app.setCheckedIn(someone.id, someone.event_id, random.below(3) > 0))
      } else if (operation === 7) {
        what = 'switch attendance'
        const mode = someone.attendance_mode === 'remote' ? 'in_person' : 'remote'
        await allowRefusal(() => app.updateOwnRegistration(someone.id, person(mode, someone.email)))
      } else if (operation === 8) {
        // Not something the app does: the trigger keeps the counters whatever changes the rows.
        if (random.below(2)) {
          what = 'delete'
          await db.deleteFrom('registrations').where('id', '=', someone.id).execute()
        } else {
          what = 'move to another event'
          const other = random.pick(events.filter((e) => e.id !== someone.event_id))!
          await db.updateTable('registrations').set({ event_id: other.id }).where('id', '=', someone.id).execute()
        }
      } else {
        const capacity = 2 + random.below(8)
        what = `capacity ${capacity}`
        await app.updateEvent(hybrid.id, { ...hybridInput, capacity, inPersonCapacity: Math.min(3, capacity) })
      }
      seen.add(what.replace(/ of \d+|\d+/g, '').trim())

      for (const e of events) {
        expect(await app.countRegistrations(e.id), `event ${e.id} after step ${step} (${what})`).toEqual(
          await countedNow(e.id),
        )
      }
    }
    // The sequence went through every kind of change.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'cancel',
        'register',
        'register again',
        'organizer: confirmed',
        'organizer: approved',
        'bulk approved',
        'bulk declined',
        'check-in',
        'switch attendance',
        'delete',
        'move to another event',
        'capacity',
      ]),
    )
    const totals = await countedNow(approved.id)
    expect(totals.confirmed + totals.waitlisted + totals.pending).toBeGreaterThan(0)
  })

  it('start from the existing registrations when the migration runs (backfill)', async () => {
    const { migrateDown, migrateToLatest } = await import('#db/migrate')
    const organizer = await app.makeUser()
    const event = await app.makeEvent(organizer.id, {
      locationKind: 'hybrid',
      onlineUrl: 'https://meet.example.org/backfill',
      capacity: 3,
    })
    for (let i = 0; i < 5; i++) await app.registerForEvent(event.id, person(i % 2 ? 'remote' : 'in_person'))
    const [arrived, leaving] = await app.listRegistrations(event.id, { status: 'confirmed' })
    await app.setCheckedIn(arrived!.id, event.id, true)
    await app.cancelRegistration(leaving!.id, { actor: 'attendee' })
    const expected = await countedNow(event.id)

    await migrateDown(db)
    await migrateToLatest(db)
    expect(await app.countRegistrations(event.id)).toEqual(expected)
    expect(expected).toMatchObject({ confirmed: 3, waitlisted: 1, cancelled: 1, checkedIn: 1 })
  })

  it('refuse to go negative (CHECK)', async () => {
    const organizer = await app.makeUser()
    const event = await app.makeEvent(organizer.id)
    await expect(
      db.updateTable('events').set({ waitlisted_count: -1 }).where('id', '=', event.id).execute(),
    ).rejects.toThrow(/check constraint/)
  })
})

describe('seats with 10,000 registrations', () => {
  /** 9,999 confirmed people written directly (5,999 in person), in batches; the model takes the rest. */
  async function eventWith9999Confirmed(capacity: number, inPersonCapacity: number) {
    const organizer = await app.makeUser()
    const event = await app.makeEvent(organizer.id, {
      locationKind: 'hybrid',
      onlineUrl: 'https://meet.example.org/big',
      capacity,
      inPersonCapacity,
    })
    const batch = 1000
    for (let start = 0; start < 9999; start += batch) {
      const rows = Array.from({ length: Math.min(batch, 9999 - start) }, (_, k) => {
        const i = start + k
        const email = `big-${event.id}-${i}@example.org`
        return {
          event_id: event.id,
          manage_token: randomBytes(18).toString('base64url'),
          name: `Attendee ${i}`,
          email,
          email_normalized: email,
          attendance_mode: i < 5999 ? ('in_person' as const) : ('remote' as const),
          status: 'confirmed' as const,
        }
      })
      await db.insertInto('registrations').values(rows).execute()
    }
    await sql`analyze registrations`.execute(db)
    return event
  }

  it('keep exact seats: one of twenty racing for the 10,000th seat gets it, the others wait', async () => {
    const event = await eventWith9999Confirmed(10_000, 6_000)
    expect(await app.countRegistrations(event.id)).toEqual(await countedNow(event.id))

    // Twenty at once for the last seat (on PostgreSQL they really race for the lock): exactly one gets it.
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => app.registerForEvent(event.id, person('in_person'))),
    )
    const statuses = burst.map((r) => r.registration.status)
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(1)
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(19)
    const remote = await app.registerForEvent(event.id, person('remote'))
    expect(remote.registration.status).toBe('waitlisted')
    const counts = await app.countRegistrations(event.id)
    expect(counts).toEqual(await countedNow(event.id))
    expect(counts).toMatchObject({
      confirmed: 10_000,
      confirmedInPerson: 6_000,
      confirmedRemote: 4_000,
      waitlisted: 20,
    })

    // A remote seat freed at 10,000 passes over the nineteen ahead (in person: the room is still full) to the remote one.
    const leaving = await db
      .selectFrom('registrations')
      .select('id')
      .where('event_id', '=', event.id)
      .where('attendance_mode', '=', 'remote')
      .where('status', '=', 'confirmed')
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const { promoted } = await app.cancelRegistration(leaving.id, { actor: 'attendee' })
    expect(promoted.map((r) => r.id)).toEqual([remote.registration.id])
    expect(await app.countRegistrations(event.id)).toEqual(await countedNow(event.id))
  })

  it('cost the same statements for the 10,000th registration as for the 1st, none counting registrations', async () => {
    const organizer = await app.makeUser()
    const empty = await app.makeEvent(organizer.id, {
      locationKind: 'hybrid',
      onlineUrl: 'https://meet.example.org/empty',
      capacity: 20_000,
      inPersonCapacity: 12_000,
    })
    const big = await eventWith9999Confirmed(20_000, 12_000)

    const first = await record(() => app.registerForEvent(empty.id, person('in_person')))
    const tenThousandth = await record(() => app.registerForEvent(big.id, person('in_person')))
    expect((await app.countRegistrations(big.id)).confirmed).toBe(10_000)

    // Same statements, same order: only the parameters differ.
    expect(tenThousandth.map((q) => q.sql)).toEqual(first.map((q) => q.sql))
    expect(first.length).toBeGreaterThan(0)
    for (const statement of tenThousandth) expect(statement.sql).not.toMatch(/\bcount\(|\bgroup by\b|\bsum\(/i)

    // And none of them reads more than a handful of registrations: the planner finds each by an index, with
    // 10,000 rows of this event in the table (inserts and updates have no plan over registrations to look at).
    for (const statement of tenThousandth.filter((q) => /^select/i.test(q.sql))) {
      const { rows } = await db.executeQuery<{ 'QUERY PLAN': unknown }>(
        CompiledQuery.raw(`explain (format json) ${statement.sql}`, [...statement.parameters]),
      )
      const plan = JSON.stringify(rows[0]!['QUERY PLAN'])
      expect(plan, statement.sql).not.toMatch(/"Node Type":"Aggregate"/)
      expect(plan, statement.sql).not.toMatch(/"Node Type":"Seq Scan"[^{}]*"Relation Name":"registrations"/)
    }
  })
})
