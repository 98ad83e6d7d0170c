import { describe, expect, it } from 'vitest'
import { findScheduleWarnings } from '~/models/agenda/conflicts'
import { listPublishedSessions, listScheduleVersions, publishSchedule, scheduleState } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, deleteSession, SessionError, scheduleWarnings, updateSession } from '~/models/agenda/session.server'
import { makeEvent, makeUser } from '../support/factories'
import { emailStarredChanges } from '~/models/agenda/notify.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { starSession } from '~/models/agenda/stars.server'
import { db } from '~/utils/db.server'

const input = (overrides: Record<string, unknown> = {}) =>
  sessionInputSchema('Europe/Berlin').parse({
    title: 'State of sparse arrays in SciPy',
    kind: 'discussion',
    startsAt: '2030-05-04T10:00',
    endsAt: '2030-05-04T11:00',
    room: 'Plenary',
    speakers: 'Ada Lovelace, SciPy, https://example.org/ada',
    tags: 'sparse, scipy',
    ...overrides,
  })

async function newEvent() {
  return makeEvent((await makeUser()).id)
}

describe('session input', () => {
  it('reads wall time in the event zone, speakers per line, tags by comma', () => {
    const s = input()
    expect(s.startsAt.toISOString()).toBe('2030-05-04T08:00:00.000Z')
    expect(s.speakers).toEqual([{ name: 'Ada Lovelace', affiliation: 'SciPy', url: 'https://example.org/ada' }])
    expect(s.tags).toEqual(['sparse', 'scipy'])
  })

  it('refuses an end before the start', () => {
    const result = sessionInputSchema('UTC').safeParse({
      title: 'X y',
      kind: 'talk',
      startsAt: '2030-01-01T10:00',
      endsAt: '2030-01-01T09:00',
    })
    expect(result.error?.issues[0]).toMatchObject({ path: ['endsAt'], message: 'The end must be after the start' })
  })
})

describe('conflict warnings', () => {
  it('flags room and speaker overlaps and sessions outside the event, not cancelled ones', async () => {
    const event = await newEvent()
    const a = await createSession(event.id, input())
    const b = await createSession(
      event.id,
      input({
        title: 'Array API adoption',
        startsAt: '2030-05-04T10:30',
        endsAt: '2030-05-04T11:30',
        speakers: 'Grace Hopper',
      }),
    )
    const c = await createSession(
      event.id,
      input({ title: 'Breakout: protocol', room: 'Room B', startsAt: '2030-05-04T10:45', endsAt: '2030-05-04T11:15' }),
    )
    await createSession(
      event.id,
      input({
        title: 'Too early',
        startsAt: '2030-05-01T10:00',
        endsAt: '2030-05-01T11:00',
        room: 'Room C',
        speakers: '',
      }),
    )
    await createSession(event.id, input({ title: 'Cancelled clash', status: 'cancelled' }))
    const warnings = await scheduleWarnings(event)
    expect(warnings.map((w) => [w.type, w.sessionIds])).toEqual(
      expect.arrayContaining([
        ['room', [a.id, b.id]],
        ['speaker', [a.id, c.id]],
        ['outside-event', [expect.any(Number)]],
      ]),
    )
    expect(warnings).toHaveLength(3)
    expect(findScheduleWarnings({ startsAt: new Date(0), endsAt: new Date(1e13) }, [])).toEqual([])
  })
})

describe('publishing', () => {
  it('publishes versions with a changelog; moves bump SEQUENCE and keep the UID; cancelled sessions stay', async () => {
    const event = await newEvent()
    const keep = await createSession(event.id, input())
    const moveMe = await createSession(event.id, input({ title: 'Dispatching backends', room: 'Room B', speakers: '' }))
    const v1 = await publishSchedule(event.id, 'Org')
    expect(v1.version).toBe(1)
    expect(v1.changes.map((c) => c.type)).toEqual(['added', 'added'])
    const first = await listPublishedSessions(event.id)
    expect(first.every((p) => p.sequence === 0)).toBe(true)

    await updateSession(
      event.id,
      moveMe.id,
      input({
        title: 'Dispatching backends',
        room: 'Plenary',
        startsAt: '2030-05-04T14:00',
        endsAt: '2030-05-04T15:00',
        speakers: '',
      }),
    )
    await updateSession(event.id, keep.id, input({ status: 'cancelled' }))
    await createSession(
      event.id,
      input({ title: 'Lightning talks', startsAt: '2030-05-05T16:00', endsAt: '2030-05-05T17:00', speakers: '' }),
    )
    expect((await scheduleState(event.id)).unpublishedChanges).toBe(3)
    // The public still sees version 1.
    expect((await listPublishedSessions(event.id)).find((p) => p.session_id === moveMe.id)?.room).toBe('Room B')

    const v2 = await publishSchedule(event.id, 'Org')
    expect(v2.version).toBe(2)
    expect(v2.changes.map((c) => c.type).sort()).toEqual(['added', 'cancelled', 'moved'])
    const moved = v2.changes.find((c) => c.type === 'moved')
    expect(moved).toMatchObject({ from: { room: 'Room B' }, to: { room: 'Plenary' } })
    const now = await listPublishedSessions(event.id)
    const movedRow = now.find((p) => p.session_id === moveMe.id)!
    expect(movedRow.sequence).toBe(1)
    expect(movedRow.uid).toBe(moveMe.uid)
    expect(now.find((p) => p.session_id === keep.id)?.status).toBe('cancelled')
    expect((await listScheduleVersions(event.id)).map((v) => v.version)).toEqual([2, 1])
    expect((await scheduleState(event.id)).unpublishedChanges).toBe(0)

    // Publishing again without changes changes nothing for calendars.
    await publishSchedule(event.id, 'Org')
    expect((await listPublishedSessions(event.id)).find((p) => p.session_id === moveMe.id)?.sequence).toBe(1)
  })

  it('deletes only never-published sessions', async () => {
    const event = await newEvent()
    const draft = await createSession(event.id, input())
    const published = await createSession(event.id, input({ title: 'Published one', room: 'B' }))
    await publishSchedule(event.id, 'Org')
    const later = await createSession(event.id, input({ title: 'Later draft', room: 'C' }))
    await expect(deleteSession(event.id, published.id)).rejects.toBeInstanceOf(SessionError)
    await expect(deleteSession(event.id, draft.id)).rejects.toMatchObject({ code: 'published' })
    await deleteSession(event.id, later.id)
    await expect(deleteSession(event.id, later.id)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('change emails', () => {
  it('emails confirmed attendees only about the sessions they starred', async () => {
    const event = await newEvent()
    const starred = await createSession(event.id, input())
    const other = await createSession(event.id, input({ title: 'Other session', room: 'Room B', speakers: '' }))
    await publishSchedule(event.id, 'Org')
    const schema = registrationSchema({ locationKind: 'in_person' }, [])
    const fan = await registerForEvent(event.id, schema.parse({ name: 'Fan', email: 'fan@example.org' }))
    const bystander = await registerForEvent(event.id, schema.parse({ name: 'Bystander', email: 'by@example.org' }))
    await starSession(fan.registration.id, event.id, starred.id)
    await starSession(bystander.registration.id, event.id, other.id)
    await updateSession(event.id, starred.id, input({ startsAt: '2030-05-04T15:00', endsAt: '2030-05-04T16:00' }))
    const { version, changes } = await publishSchedule(event.id, 'Org')
    expect(await emailStarredChanges(event, version, changes)).toBe(1)
    const mail = await db
      .selectFrom('email_outbox')
      .select(['to_address', 'text_body'])
      .where('kind', '=', 'schedule-changes')
      .where('event_id', '=', event.id)
      .execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]!.to_address).toBe('fan@example.org')
    expect(mail[0]!.text_body).toContain(
      'Moved “State of sparse arrays in SciPy” from Sat 4 May 10:00–11:00, Plenary to Sat 4 May 15:00–16:00, Plenary.',
    )
  })
})
