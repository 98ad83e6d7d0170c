import { beforeAll, describe, expect, it } from 'vitest'
import * as adminLayout from '~/routes/admin'
import * as adminIndex from '~/routes/admin._index'
import * as newEvent from '~/routes/admin.events.new'
import * as eventLayout from '~/routes/admin.events.$id'
import * as editEvent from '~/routes/admin.events.$id._index'
import * as organizers from '~/routes/admin.events.$id.organizers'
import { getEventById, isEventOrganizer } from '~/models/events/event.server'
import type { PublicUser } from '~/models/users/user.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

const validForm = {
  title: 'Array API Summit',
  slug: 'array-api-summit',
  summary: 'Talking about the **Array API**.',
  status: 'draft',
  timeZone: 'Europe/Paris',
  startsAt: '2031-03-28T09:00',
  endsAt: '2031-03-30T17:00',
  locationKind: 'hybrid',
  venueName: 'Inria',
  onlineUrl: 'https://meet.example.org/array-api',
  capacity: '35',
}

let owner: PublicUser
let other: PublicUser
let admin: PublicUser
let ownerCookie: string
let otherCookie: string
let adminCookie: string
let eventId: number

beforeAll(async () => {
  owner = await makeUser()
  other = await makeUser()
  admin = await makeUser({ isAdmin: true })
  ownerCookie = await sessionCookieFor(owner.id)
  otherCookie = await sessionCookieFor(other.id)
  adminCookie = await sessionCookieFor(admin.id)
  eventId = (await makeEvent(owner.id)).id
})

const eventParams = () => ({ id: String(eventId) })

describe('organizer pages refuse anonymous users and other organizers', () => {
  const pages = [
    { name: 'admin layout', mod: adminLayout, url: '/admin', params: () => ({}), hasAction: false },
    { name: 'event list', mod: adminIndex, url: '/admin', params: () => ({}), hasAction: false },
    { name: 'new event', mod: newEvent, url: '/admin/events/new', params: () => ({}), hasAction: true },
  ]
  const eventPages = [
    { name: 'event layout', mod: eventLayout, path: '', hasAction: false },
    { name: 'edit event', mod: editEvent, path: '', hasAction: true },
    { name: 'organizers', mod: organizers, path: '/organizers', hasAction: true },
  ]

  for (const page of pages) {
    it(`${page.name}: anonymous → login`, async () => {
      const loader = await callRoute(page.mod.loader, getRequest(page.url), page.params())
      expect(loader.status).toBe(302)
      expect(loader.location).toMatch(/^\/login\?redirectTo=/)
      if (page.hasAction && 'action' in page.mod) {
        const action = await callRoute(page.mod.action as never, await formRequest(page.url, validForm), page.params())
        expect(action.status).toBe(302)
        expect(action.location).toMatch(/^\/login/)
      }
    })
  }

  for (const page of eventPages) {
    it(`${page.name}: anonymous → login, other organizer → 403, owner and admin → 200`, async () => {
      const url = `/admin/events/${eventId}${page.path}`
      const anonymous = await callRoute(page.mod.loader, getRequest(url), eventParams())
      expect(anonymous.status).toBe(302)
      expect(anonymous.location).toMatch(/^\/login/)
      expect((await callRoute(page.mod.loader, getRequest(url, otherCookie), eventParams())).status).toBe(403)
      expect((await callRoute(page.mod.loader, getRequest(url, ownerCookie), eventParams())).status).toBe(200)
      expect((await callRoute(page.mod.loader, getRequest(url, adminCookie), eventParams())).status).toBe(200)
      if (page.hasAction && 'action' in page.mod) {
        const action = page.mod.action as never
        const anon = await callRoute(action, await formRequest(url, validForm), eventParams())
        expect(anon.status).toBe(302)
        const forbidden = await callRoute(
          action,
          await formRequest(url, validForm, { cookie: otherCookie }),
          eventParams(),
        )
        expect(forbidden.status).toBe(403)
      }
    })
  }

  it('unknown event ids are 404 for admins', async () => {
    expect(
      (await callRoute(editEvent.loader, getRequest('/admin/events/999999', adminCookie), { id: '999999' })).status,
    ).toBe(404)
    expect(
      (await callRoute(editEvent.loader, getRequest('/admin/events/abc', adminCookie), { id: 'abc' })).status,
    ).toBe(404)
  })
})

describe('creating and editing events through the forms', () => {
  it('creates a draft, then publishes it', async () => {
    const created = await callRoute(
      newEvent.action,
      await formRequest('/admin/events/new', validForm, { cookie: ownerCookie }),
    )
    expect(created.status).toBe(302)
    const id = Number(/\/admin\/events\/(\d+)/.exec(created.location ?? '')?.[1])
    const event = await getEventById(id)
    expect(event?.status).toBe('draft')
    expect(event?.starts_at.toISOString()).toBe('2031-03-28T08:00:00.000Z') // CET, before the change on 30 March
    expect(event?.ends_at.toISOString()).toBe('2031-03-30T15:00:00.000Z') // CEST
    expect(event?.capacity).toBe(35)
    expect(await isEventOrganizer(owner.id, id)).toBe(true)

    const published = await callRoute(
      editEvent.action,
      await formRequest(
        `/admin/events/${id}`,
        { ...validForm, status: 'published', title: 'Array API Summit 2031' },
        { cookie: ownerCookie },
      ),
      { id: String(id) },
    )
    expect(published.status).toBe(200)
    expect((await getEventById(id))?.status).toBe('published')
    expect((await getEventById(id))?.title).toBe('Array API Summit 2031')
  })

  it('shows field errors with status 400 and saves nothing', async () => {
    const result = await callRoute(
      newEvent.action,
      await formRequest(
        '/admin/events/new',
        { ...validForm, slug: 'x', endsAt: '2031-03-27T09:00', capacity: 'many' },
        { cookie: ownerCookie },
      ),
    )
    expect(result.status).toBe(400)
    const errors = (result.data as { result: { error: Record<string, string[]> } }).result.error
    expect(errors.slug?.[0]).toMatch(/at least 3/)
    expect(errors.capacity?.[0]).toMatch(/whole number/)
  })

  it('a taken slug is a field error', async () => {
    const first = await makeEvent(owner.id)
    const result = await callRoute(
      newEvent.action,
      await formRequest('/admin/events/new', { ...validForm, slug: first.slug }, { cookie: ownerCookie }),
    )
    expect(result.status).toBe(400)
    const errors = (result.data as { result: { error: Record<string, string[]> } }).result.error
    expect(errors.slug?.[0]).toContain('already taken')
  })

  it('a skipped DST wall time is a field error', async () => {
    const result = await callRoute(
      newEvent.action,
      await formRequest(
        '/admin/events/new',
        { ...validForm, slug: 'dst-gap', startsAt: '2031-03-30T02:30' },
        { cookie: ownerCookie },
      ),
    )
    expect(result.status).toBe(400)
    const errors = (result.data as { result: { error: Record<string, string[]> } }).result.error
    expect(errors.startsAt?.[0]).toMatch(/does not exist in Europe\/Paris/)
  })

  it('organizers can add a co-organizer by email', async () => {
    const url = `/admin/events/${eventId}/organizers`
    const result = await callRoute(
      organizers.action,
      await formRequest(url, { intent: 'add', email: other.email }, { cookie: ownerCookie }),
      eventParams(),
    )
    expect(result.status).toBe(200)
    expect(await isEventOrganizer(other.id, eventId)).toBe(true)
    const unknown = await callRoute(
      organizers.action,
      await formRequest(url, { intent: 'add', email: 'stranger@example.org' }, { cookie: ownerCookie }),
      eventParams(),
    )
    expect(unknown.status).toBe(400)
  })
})
