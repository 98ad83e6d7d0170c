import { beforeAll, describe, expect, it } from 'vitest'
import * as eventsApi from '~/routes/api.v1.events'
import * as eventApi from '~/routes/api.v1.events.$slug'
import { createApiToken } from '~/models/users/api-token.server'
import { getEventBySlug } from '~/models/events/event.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest, jsonRequest } from '../support/routes'

let ownerToken: string
let otherToken: string
let publishedSlug: string
let draftSlug: string

beforeAll(async () => {
  const owner = await makeUser()
  const other = await makeUser()
  ownerToken = await createApiToken(owner.id, 'tests')
  otherToken = await createApiToken(other.id, 'tests')
  publishedSlug = (await makeEvent(owner.id, { onlineUrl: 'https://meet.example.org/secret' })).slug
  draftSlug = (await makeEvent(owner.id, { status: 'draft' })).slug
})

const body = {
  slug: 'networkx-backends',
  title: 'NetworkX Backends Workshop',
  timeZone: 'America/New_York',
  startsAt: '2031-11-01T09:00',
  endsAt: '2031-11-02T17:00:00-05:00',
  locationKind: 'online',
  status: 'published',
}

describe('GET /api/v1/events', () => {
  it('lists published events without private links', async () => {
    const result = await callRoute(eventsApi.loader, getRequest('/api/v1/events'))
    const slugs = (result.data as { events: { slug: string }[] }).events.map((e) => e.slug)
    expect(slugs).toContain(publishedSlug)
    expect(slugs).not.toContain(draftSlug)
    expect(JSON.stringify(result.data)).not.toContain('meet.example.org/secret')
  })

  it('shows one event with zoned times, and 404 for drafts and unknown slugs', async () => {
    const ok = await callRoute(eventApi.loader, getRequest(`/api/v1/events/${publishedSlug}`), { slug: publishedSlug })
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({
      slug: publishedSlug,
      timeZone: 'Europe/Berlin',
      startsAt: '2030-05-04T09:00:00+02:00',
    })
    for (const slug of [draftSlug, 'no-such-event']) {
      const missing = await callRoute(eventApi.loader, getRequest(`/api/v1/events/${slug}`), { slug })
      expect(missing.status).toBe(404)
      expect(missing.data).toMatchObject({ error: expect.any(String), issues: [] })
    }
  })
})

describe('POST /api/v1/events', () => {
  it('needs a valid token', async () => {
    const none = await callRoute(eventsApi.action, jsonRequest('/api/v1/events', 'POST', body))
    expect(none.status).toBe(401)
    const bad = await callRoute(eventsApi.action, jsonRequest('/api/v1/events', 'POST', body, 'cvn_not-a-real-token'))
    expect(bad.status).toBe(401)
  })

  it('creates an event: wall time in the zone, or the offset given', async () => {
    const result = await callRoute(eventsApi.action, jsonRequest('/api/v1/events', 'POST', body, ownerToken))
    expect(result.status).toBe(201)
    // 1 November 2031 is still EDT (-04:00); the end was given with -05:00 (EST, after the change on the 2nd).
    expect(result.data).toMatchObject({ startsAt: '2031-11-01T09:00:00-04:00', endsAt: '2031-11-02T17:00:00-05:00' })
    const stored = await getEventBySlug('networkx-backends')
    expect(stored?.starts_at.toISOString()).toBe('2031-11-01T13:00:00.000Z')
  })

  it('400 with issues for bad input, 409 for a taken slug, 400/415 for bad bodies', async () => {
    const bad = await callRoute(
      eventsApi.action,
      jsonRequest(
        '/api/v1/events',
        'POST',
        { ...body, slug: 'fine-slug', title: 42, capacity: 'ten', locationKind: 'zeppelin' },
        ownerToken,
      ),
    )
    expect(bad.status).toBe(400)
    const issues = (bad.data as { issues: { path: string[]; message: string }[] }).issues
    expect(issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['title', 'capacity', 'locationKind']))

    const taken = await callRoute(
      eventsApi.action,
      jsonRequest('/api/v1/events', 'POST', { ...body, slug: publishedSlug }, ownerToken),
    )
    expect(taken.status).toBe(409)
    expect(taken.data).toMatchObject({ issues: [{ path: ['slug'] }] })

    const notJson = await callRoute(eventsApi.action, jsonRequest('/api/v1/events', 'POST', '{"slug": ', ownerToken))
    expect(notJson.status).toBe(400)
    expect(notJson.data).toMatchObject({ error: 'The body is not valid JSON.' })

    const array = await callRoute(eventsApi.action, jsonRequest('/api/v1/events', 'POST', [1, 2], ownerToken))
    expect(array.status).toBe(400)

    const form = new Request('http://localhost/api/v1/events', {
      method: 'POST',
      body: 'slug=x',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect((await callRoute(eventsApi.action, form)).status).toBe(415)
  })
})

describe('PATCH /api/v1/events/:slug', () => {
  it('changes only the fields sent, for the event’s organizers', async () => {
    const result = await callRoute(
      eventApi.action,
      jsonRequest(`/api/v1/events/${publishedSlug}`, 'PATCH', { title: 'Renamed Summit', capacity: 12 }, ownerToken),
      { slug: publishedSlug },
    )
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ title: 'Renamed Summit', capacity: 12, startsAt: '2030-05-04T09:00:00+02:00' })
  })

  it('refuses anonymous (401) and other organizers (403); unknown slug 404', async () => {
    const url = `/api/v1/events/${publishedSlug}`
    expect(
      (await callRoute(eventApi.action, jsonRequest(url, 'PATCH', { title: 'Nope' }), { slug: publishedSlug })).status,
    ).toBe(401)
    const forbidden = await callRoute(eventApi.action, jsonRequest(url, 'PATCH', { title: 'Nope' }, otherToken), {
      slug: publishedSlug,
    })
    expect(forbidden.status).toBe(403)
    expect(forbidden.data).toMatchObject({ error: expect.any(String), issues: [] })
    const unknown = await callRoute(eventApi.action, jsonRequest('/api/v1/events/none', 'PATCH', {}, ownerToken), {
      slug: 'none',
    })
    expect(unknown.status).toBe(404)
  })

  it('400 for invalid changes, nothing saved', async () => {
    const url = `/api/v1/events/${publishedSlug}`
    const result = await callRoute(
      eventApi.action,
      jsonRequest(url, 'PATCH', { endsAt: '2000-01-01T00:00:00Z' }, ownerToken),
      {
        slug: publishedSlug,
      },
    )
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ issues: [{ path: ['endsAt'], message: 'The end must be after the start' }] })
    expect((await getEventBySlug(publishedSlug))?.ends_at.toISOString()).toBe('2030-05-06T15:00:00.000Z')
  })

  it('405 for other methods', async () => {
    const result = await callRoute(
      eventApi.action,
      jsonRequest(`/api/v1/events/${publishedSlug}`, 'DELETE', {}, ownerToken),
      {
        slug: publishedSlug,
      },
    )
    expect(result.status).toBe(405)
  })
})
