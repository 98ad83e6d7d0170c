import { beforeAll, describe, expect, it } from 'vitest'
import * as adminRegistrations from '~/routes/admin.events.$id.registrations/route'
import * as adminSessions from '~/routes/admin.events.$id.sessions._index'
import * as adminHome from '~/routes/admin._index'
import type { Event } from '#db/schema'
import { createSession } from '~/models/agenda/session.server'
import { latestScheduleVersion } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { RegistrationError } from '~/models/registration/error'
import { listStatusHistory } from '~/models/registration/history.server'
import { containsPattern, countRegistrations, listRegistrations } from '~/models/registration/registrations.server'
import { registrationSchema } from '~/models/registration/schema'
import { decideRegistrations, registerForEvent, setRegistrationStatus } from '~/models/registration/seats.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

// The organizer's tools: finding a registration by part of a name or an email, deciding on several pending
// registrations at once, the admin home's numbers, and publishing an agenda that has conflicts.

let organizer: PublicUser
let organizerCookie: string

beforeAll(async () => {
  organizer = await makeUser()
  organizerCookie = await sessionCookieFor(organizer.id)
})

async function approvalEvent(capacity: number) {
  return makeEvent(organizer.id, {
    capacity,
    locationKind: 'online',
    venueName: undefined,
    onlineUrl: 'https://meet.example.org/approval',
    requiresApproval: true,
  })
}

async function register(event: Event, name: string, email: string) {
  const input = registrationSchema({ locationKind: event.location_kind }, []).parse({ name, email })
  return (await registerForEvent(event.id, input)).registration
}

const names = (rows: { name: string }[]) => rows.map((r) => r.name)

async function emailsTo(registrationIds: number[]) {
  return db
    .selectFrom('email_outbox')
    .select(['registration_id', 'kind'])
    .where('registration_id', 'in', registrationIds)
    .orderBy('id')
    .execute()
}

describe('finding a registration', () => {
  let event: Event
  beforeAll(async () => {
    event = await approvalEvent(50)
    await register(event, 'Ann Lee', 'ann_lee@example.org')
    await register(event, 'Annx Lee', 'annxlee@example.org')
    await register(event, 'Percy 100% Cent', 'percy@example.org')
    await register(event, 'Bea Back\\slash', 'bea@example.org')
    await register(event, 'Ben Fenwick', 'ben@fenwick.example.net')
  })

  it('by part of an email, whatever the case', async () => {
    expect(names(await listRegistrations(event.id, { q: 'FENWICK.exa' }))).toEqual(['Ben Fenwick'])
    expect(names(await listRegistrations(event.id, { q: 'xlee@' }))).toEqual(['Annx Lee'])
  })

  it('by part of a name', async () => {
    expect(names(await listRegistrations(event.id, { q: 'ann' }))).toEqual(['Ann Lee', 'Annx Lee'])
  })

  it('takes _ and % literally, not as LIKE wildcards', async () => {
    expect(names(await listRegistrations(event.id, { q: 'n_l' }))).toEqual(['Ann Lee'])
    expect(names(await listRegistrations(event.id, { q: '100% c' }))).toEqual(['Percy 100% Cent'])
    expect(await listRegistrations(event.id, { q: '%' })).toHaveLength(1)
    expect(await listRegistrations(event.id, { q: '_' })).toHaveLength(1)
    expect(names(await listRegistrations(event.id, { q: 'k\\s' }))).toEqual(['Bea Back\\slash'])
    expect(containsPattern('a_b%c\\d')).toBe('%a\\_b\\%c\\\\d%')
  })

  it('combines the text with the status filter', async () => {
    const [first] = await listRegistrations(event.id, { q: 'Ann Lee' })
    await setRegistrationStatus(first!.id, event.id, 'declined', { actor: 'Test' })
    expect(names(await listRegistrations(event.id, { q: 'ann', status: 'pending' }))).toEqual(['Annx Lee'])
    expect(names(await listRegistrations(event.id, { q: 'ann', status: 'declined' }))).toEqual(['Ann Lee'])
  })
})

describe('deciding on several pending registrations at once', () => {
  it('approves in registration order while seats last, waitlists the rest, emails each and records history', async () => {
    const event = await approvalEvent(2)
    const people = [
      await register(event, 'First', 'first@example.org'),
      await register(event, 'Second', 'second@example.org'),
      await register(event, 'Third', 'third@example.org'),
    ]
    const ids = people.map((p) => p.id)
    const changed = await decideRegistrations(event.id, [ids[2]!, ids[0]!, ids[1]!], 'approved', { actor: 'Ada' })
    expect(changed.map((r) => [r.name, r.status])).toEqual([
      ['First', 'confirmed'],
      ['Second', 'confirmed'],
      ['Third', 'waitlisted'],
    ])
    const counts = await countRegistrations(event.id)
    expect([counts.confirmed, counts.waitlisted, counts.pending]).toEqual([2, 1, 0])
    const sent = await emailsTo(ids)
    expect(sent.filter((e) => e.kind !== 'pending').map((e) => [e.registration_id, e.kind])).toEqual([
      [ids[0], 'approved'],
      [ids[1], 'approved'],
      [ids[2], 'waitlisted'],
    ])
    const history = await listStatusHistory(event.id)
    expect(history.get(ids[0]!)?.at(-1)).toMatchObject({ from: 'pending', to: 'confirmed', changedBy: 'Ada' })
  })

  it('declines and emails each', async () => {
    const event = await approvalEvent(10)
    const a = await register(event, 'Decline A', 'decline-a@example.org')
    const b = await register(event, 'Decline B', 'decline-b@example.org')
    const changed = await decideRegistrations(event.id, [a.id, b.id], 'declined', { actor: 'Ada' })
    expect(changed.map((r) => r.status)).toEqual(['declined', 'declined'])
    expect((await emailsTo([a.id, b.id])).filter((e) => e.kind === 'declined')).toHaveLength(2)
  })

  it('changes nothing when one of them is no longer pending, or is not of this event', async () => {
    const event = await approvalEvent(10)
    const other = await approvalEvent(10)
    const a = await register(event, 'Still Pending', 'still@example.org')
    const b = await register(event, 'Already Approved', 'already@example.org')
    const stranger = await register(other, 'Other Event', 'other@example.org')
    await setRegistrationStatus(b.id, event.id, 'approved', { actor: 'Ada' })

    const refused = decideRegistrations(event.id, [a.id, b.id], 'approved', { actor: 'Ada' })
    await expect(refused).rejects.toThrow(RegistrationError)
    await expect(refused).rejects.toMatchObject({ code: 'invalid_change' })
    await expect(refused).rejects.toThrow(/Already Approved is no longer pending. Nothing was changed./)
    await expect(decideRegistrations(event.id, [a.id, stranger.id], 'approved', { actor: 'Ada' })).rejects.toMatchObject(
      { code: 'not_found' },
    )
    const counts = await countRegistrations(event.id)
    expect([counts.pending, counts.confirmed]).toEqual([1, 1])
    expect((await countRegistrations(other.id)).pending).toBe(1)
  })

  it('two organizers approving at once never confirm more people than seats (the event lock)', async () => {
    const event = await approvalEvent(3)
    const people = []
    for (let i = 0; i < 8; i++) people.push(await register(event, `Racer ${i}`, `racer${i}@example.org`))
    const ids = people.map((p) => p.id)
    await Promise.all([
      decideRegistrations(event.id, ids.slice(0, 4), 'approved', { actor: 'Ada' }),
      decideRegistrations(event.id, ids.slice(4), 'approved', { actor: 'Grace' }),
    ])
    const counts = await countRegistrations(event.id)
    expect([counts.confirmed, counts.waitlisted, counts.pending]).toEqual([3, 5, 0])
    const emails = (await emailsTo(ids)).filter((e) => e.kind !== 'pending')
    expect(emails.filter((e) => e.kind === 'approved')).toHaveLength(3)
    expect(emails.filter((e) => e.kind === 'waitlisted')).toHaveLength(5)
  })
})

describe('the registrations page’s bulk form', () => {
  it('decides on the ticked ids, and answers 400 with a message for bad input', async () => {
    const event = await approvalEvent(10)
    const a = await register(event, 'Form A', 'form-a@example.org')
    const b = await register(event, 'Form B', 'form-b@example.org')
    const url = `/admin/events/${event.id}/registrations`
    const params = { id: String(event.id) }
    const post = async (fields: Record<string, string | number | (string | number)[]>) =>
      callRoute(adminRegistrations.action, await formRequest(url, fields, { cookie: organizerCookie }), params)

    const badInputs: Record<string, string | number | (string | number)[]>[] = [
      { intent: 'bulk', decision: 'approved' },
      { intent: 'bulk', decision: 'approved', ids: ['abc'] },
      { intent: 'bulk', decision: 'maybe', ids: [a.id] },
    ]
    for (const bad of badInputs) {
      const refused = await post(bad)
      expect(refused.status, JSON.stringify(bad)).toBe(400)
      expect(refused.data).toMatchObject({ ok: false })
    }
    expect((await post({ intent: 'bulk', decision: 'approved' })).data).toMatchObject({
      message: 'Tick the registrations to decide on',
    })
    expect((await countRegistrations(event.id)).pending).toBe(2)

    const done = await post({ intent: 'bulk', decision: 'approved', ids: [a.id, b.id] })
    expect(done.status).toBe(200)
    expect(done.data).toMatchObject({ ok: true, message: 'Approved and confirmed: Form A, Form B. Each was emailed.' })
    const again = await post({ intent: 'bulk', decision: 'declined', ids: [a.id] })
    expect(again.status).toBe(409)
  })

  it('the page finds people by the q in its address', async () => {
    const event = await approvalEvent(10)
    await register(event, 'Searchable Sam', 'sam_s@example.org')
    await register(event, 'Other Person', 'samxs@example.org')
    const page = await callRoute(
      adminRegistrations.loader,
      getRequest(`/admin/events/${event.id}/registrations?q=m_s`, organizerCookie),
      { id: String(event.id) },
    )
    expect((page.data as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['Searchable Sam'])
  })
})

describe('publishing an agenda with conflicts, and the admin home', () => {
  it('lists the conflicts and publishes only with "Publish anyway"; the admin home counts them', async () => {
    const event = await makeEvent(organizer.id, { startsAt: '2030-05-04T09:00', endsAt: '2030-05-06T17:00' })
    const schema = sessionInputSchema(event.time_zone)
    const session = (title: string) =>
      schema.parse({
        title,
        kind: 'talk',
        startsAt: '2030-05-04T10:00',
        endsAt: '2030-05-04T11:00',
        room: 'Main hall',
        status: 'scheduled',
      })
    await createSession(event.id, session('Keynote'))
    await createSession(event.id, session('Clashing talk'))
    const url = `/admin/events/${event.id}/sessions`
    const params = { id: String(event.id) }

    const home = await callRoute(adminHome.loader, getRequest('/admin', organizerCookie))
    const listed = (home.data as { events: { id: number; counts: Record<string, number> }[] }).events.find(
      (e) => e.id === event.id,
    )
    expect(listed?.counts).toMatchObject({ sessions: 2, conflicts: 1, unpublishedChanges: 2, confirmed: 0 })

    const asked = await callRoute(
      adminSessions.action,
      await formRequest(url, { notify: 'on' }, { cookie: organizerCookie }),
      params,
    )
    expect(asked.data).toEqual({
      ok: false,
      conflicts: ['“Keynote” and “Clashing talk” are both in Main hall at the same time.'],
      notify: true,
    })
    expect(await latestScheduleVersion(event.id)).toBeUndefined()

    const published = await callRoute(
      adminSessions.action,
      await formRequest(url, { publishAnyway: 'on' }, { cookie: organizerCookie }),
      params,
    )
    expect(published.data).toMatchObject({ ok: true, message: 'Version 1 published with 2 changes.' })
    expect((await latestScheduleVersion(event.id))?.version).toBe(1)
  })
})
