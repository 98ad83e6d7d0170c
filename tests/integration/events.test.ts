import { describe, expect, it } from 'vitest'
import {
  addEventOrganizer,
  getPublicEventBySlug,
  isEventOrganizer,
  listEventOrganizers,
  listManagedEvents,
  listPublicEvents,
  OrganizerError,
  removeEventOrganizer,
  SlugTakenError,
  updateEvent,
} from '~/models/events/event.server'
import { EventInputSchema } from '~/models/events/schema'
import { eventInput, makeEvent, makeUser } from '../support/factories'

describe('events', () => {
  it('stores times as instants and keeps the zone', async () => {
    const organizer = await makeUser()
    const event = await makeEvent(organizer.id, {
      timeZone: 'America/Chicago',
      startsAt: '2030-03-09T09:00',
      endsAt: '2030-03-11T17:00',
    })
    // 2030-03-10 is the US spring-forward day: the start is CST (-6), the end CDT (-5).
    expect(event.starts_at.toISOString()).toBe('2030-03-09T15:00:00.000Z')
    expect(event.ends_at.toISOString()).toBe('2030-03-11T22:00:00.000Z')
    expect(event.time_zone).toBe('America/Chicago')
  })

  it('hides drafts from the public and sorts upcoming and past', async () => {
    const organizer = await makeUser()
    const now = new Date('2030-06-01T00:00:00Z')
    const past = await makeEvent(organizer.id, { startsAt: '2030-01-10T09:00', endsAt: '2030-01-11T17:00' })
    const soon = await makeEvent(organizer.id, { startsAt: '2030-07-10T09:00', endsAt: '2030-07-11T17:00' })
    const later = await makeEvent(organizer.id, { startsAt: '2030-09-10T09:00', endsAt: '2030-09-11T17:00' })
    const draft = await makeEvent(organizer.id, {
      status: 'draft',
      startsAt: '2030-08-10T09:00',
      endsAt: '2030-08-11T17:00',
    })
    const { upcoming, past: pastList } = await listPublicEvents(now)
    const upcomingSlugs = upcoming.map((e) => e.slug)
    expect(upcomingSlugs.indexOf(soon.slug)).toBeLessThan(upcomingSlugs.indexOf(later.slug))
    expect(upcomingSlugs).not.toContain(draft.slug)
    expect(pastList.map((e) => e.slug)).toContain(past.slug)
    expect(await getPublicEventBySlug(draft.slug)).toBeUndefined()
    expect((await getPublicEventBySlug(soon.slug))?.title).toBe('Test Summit')
    // The private meeting link is not among the public columns.
    expect(Object.keys((await getPublicEventBySlug(soon.slug)) ?? {})).not.toContain('online_url')
  })

  it('refuses a taken slug with a SlugTakenError, on create and on update', async () => {
    const organizer = await makeUser()
    const first = await makeEvent(organizer.id)
    await expect(makeEvent(organizer.id, { slug: first.slug })).rejects.toBeInstanceOf(SlugTakenError)
    const second = await makeEvent(organizer.id)
    await expect(updateEvent(second.id, eventInput({ slug: first.slug }))).rejects.toBeInstanceOf(SlugTakenError)
  })

  it('lists the events a user may manage: all for admins, their own for organizers', async () => {
    const alice = await makeUser()
    const bob = await makeUser()
    const admin = await makeUser({ isAdmin: true })
    const alicesEvent = await makeEvent(alice.id)
    const bobsEvent = await makeEvent(bob.id)
    const forAlice = (await listManagedEvents(alice)).map((e) => e.id)
    expect(forAlice).toContain(alicesEvent.id)
    expect(forAlice).not.toContain(bobsEvent.id)
    const forAdmin = (await listManagedEvents(admin)).map((e) => e.id)
    expect(forAdmin).toEqual(expect.arrayContaining([alicesEvent.id, bobsEvent.id]))
  })

  it('adds and removes organizers but never the last one', async () => {
    const alice = await makeUser()
    const bob = await makeUser({ email: 'Bob.Maintainer@Example.org' })
    const event = await makeEvent(alice.id)
    await addEventOrganizer(event.id, '  bob.maintainer@example.ORG ')
    expect(await isEventOrganizer(bob.id, event.id)).toBe(true)
    await expect(addEventOrganizer(event.id, 'nobody@example.org')).rejects.toBeInstanceOf(OrganizerError)
    await removeEventOrganizer(event.id, alice.id)
    expect((await listEventOrganizers(event.id)).map((o) => o.id)).toEqual([bob.id])
    await expect(removeEventOrganizer(event.id, bob.id)).rejects.toThrow('at least one organizer')
  })
})

describe('event input', () => {
  it('reports every bad field with a message', () => {
    const result = EventInputSchema.safeParse({
      slug: 'Bad Slug!',
      title: '',
      timeZone: 'Nowhere/Land',
      startsAt: '2030-05-04T09:00',
      endsAt: '2030-05-03T09:00',
      locationKind: 'in_person',
      capacity: -3,
      onlineUrl: 'javascript:alert(1)',
    })
    expect(result.success).toBe(false)
    const paths = result.error?.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['slug', 'title', 'timeZone', 'capacity', 'onlineUrl']))
  })

  it('needs the end after the start and a venue for in-person events', () => {
    const result = EventInputSchema.safeParse({
      slug: 'ok-slug',
      title: 'Fine title',
      timeZone: 'UTC',
      startsAt: '2030-05-04T09:00',
      endsAt: '2030-05-04T08:00',
      locationKind: 'hybrid',
    })
    const messages = Object.fromEntries(result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [])
    expect(messages.endsAt).toBe('The end must be after the start')
    expect(messages.venueName).toMatch(/Name the venue/)
  })

  it('takes a playlist URL and keeps its id', () => {
    const input = eventInput({
      youtubePlaylistId: 'https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG',
    })
    expect(input.youtubePlaylistId).toBe('PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG')
  })
})
