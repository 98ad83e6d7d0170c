import { sql } from 'kysely'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { Highlighted } from '~/components/highlighted'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { searchEventSessions, searchEverything, type SessionHit } from '~/models/search/search.server'
import * as searchApi from '~/routes/api.v1.search'
import * as eventSearchApi from '~/routes/api.v1.events.$slug.search'
import * as searchPage from '~/routes/search'
import * as eventSearchPage from '~/routes/events.$slug.search'
import { db } from '~/utils/db.server'
import { segmentsText, type HighlightSegment } from '~/utils/highlight'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest } from '../support/routes'

const session = (overrides: Record<string, unknown> = {}) =>
  sessionInputSchema('Europe/Berlin').parse({
    title: 'A session',
    kind: 'talk',
    startsAt: '2030-05-04T10:00',
    endsAt: '2030-05-04T11:00',
    room: 'Plenary',
    ...overrides,
  })

const matched = (segments: HighlightSegment[]) => segments.filter((s) => s.match).map((s) => s.text)
const titles = (hits: SessionHit[]) => hits.map((h) => segmentsText(h.title))

let organizerId: number
let eventId: number
let eventSlug: string
let otherEventId: number

beforeAll(async () => {
  organizerId = (await makeUser()).id
  const event = await makeEvent(organizerId, {
    title: 'Quasar Tooling Summit',
    summary: 'Three days on **heliotropic** instrument pipelines.\n\n- first topic\n- second topic',
  })
  eventId = event.id
  eventSlug = event.slug
  await createSession(
    eventId,
    session({
      title: 'Calibrating detectors',
      abstract: 'How the *zyxomorphic* filter removes noise from [raw frames](https://example.org/frames).',
      speakers: 'Grace Hopper, Navy',
      tags: 'calibration, detectors',
      track: 'Instruments',
    }),
  )
  await createSession(
    eventId,
    session({ title: 'Zyxomorphic filters in practice', startsAt: '2030-05-04T12:00', endsAt: '2030-05-04T13:00' }),
  )
  await createSession(
    eventId,
    session({
      title: 'Hostile abstract',
      abstract: 'Plain <script>alert("x")</script> <img src=x onerror=alert(1)> ptarmigan text',
      startsAt: '2030-05-04T14:00',
      endsAt: '2030-05-04T15:00',
    }),
  )
  await publishSchedule(eventId, 'tests')
  // Added after the publish: on the working agenda only.
  await createSession(
    eventId,
    session({ title: 'Unpublished flumoxed session', startsAt: '2030-05-05T10:00', endsAt: '2030-05-05T11:00' }),
  )

  const other = await makeEvent(organizerId, {
    title: 'Other Summit',
    summary: 'Nothing heliotropic here either, just more.',
  })
  otherEventId = other.id
  await createSession(otherEventId, session({ title: 'Zyxomorphic lightning talk' }))
  await publishSchedule(otherEventId, 'tests')

  // A draft event with a published agenda: neither it nor its sessions exist for the public.
  const draft = await makeEvent(organizerId, { status: 'draft', summary: 'A secret gallimaufry gathering.' })
  await createSession(draft.id, session({ title: 'Draft gallimaufry session', abstract: 'zyxomorphic secrets' }))
  await publishSchedule(draft.id, 'tests')
})

describe('search', () => {
  it('finds a session by a word of its abstract, with the word highlighted in the snippet', async () => {
    const { sessions } = await searchEverything('zyxomorphic')
    const hit = sessions.find((s) => segmentsText(s.title) === 'Calibrating detectors')
    expect(hit).toBeDefined()
    expect(matched(hit!.snippet).map((w) => w.toLowerCase())).toEqual(['zyxomorphic'])
    // Markdown emphasis and link targets are not part of the snippet.
    expect(segmentsText(hit!.snippet)).not.toMatch(/\*|https:|\]\(/)
    expect(hit).toMatchObject({ event: { slug: eventSlug }, room: 'Plenary', track: 'Instruments' })
  })

  it('finds a session by its speaker’s name, any form of a word, and the last word as a prefix', async () => {
    const bySpeaker = await searchEverything('hopper')
    expect(titles(bySpeaker.sessions)).toEqual(['Calibrating detectors'])
    expect(matched(bySpeaker.sessions[0]!.speakers)).toEqual(['Hopper'])
    expect(titles((await searchEverything('detector')).sessions)).toEqual(['Calibrating detectors'])
    expect(titles((await searchEverything('grace hop')).sessions)).toEqual(['Calibrating detectors'])
    expect(titles((await searchEverything('calibr')).sessions)).toEqual(['Calibrating detectors'])
    // By a tag and by the track.
    expect(titles((await searchEverything('calibration')).sessions)).toEqual(['Calibrating detectors'])
    const byTrack = await searchEverything('instruments')
    expect(titles(byTrack.sessions)).toEqual(['Calibrating detectors'])
    expect(matched(byTrack.sessions[0]!.trackLine)).toEqual(['Instruments'])
    expect(segmentsText(byTrack.sessions[0]!.tagLine)).toBe('calibration, detectors')
  })

  it('finds an event by a word of its description', async () => {
    const { events } = await searchEverything('heliotropic')
    expect(events.map((e) => segmentsText(e.title)).sort()).toEqual(['Other Summit', 'Quasar Tooling Summit'])
    const quasar = events.find((e) => e.slug === eventSlug)!
    expect(matched(quasar.snippet)).toEqual(['heliotropic'])
    // Markdown emphasis and list bullets are not part of the snippet.
    expect(segmentsText(quasar.snippet)).not.toMatch(/\*|- (first|second)/)
    expect(matched((await searchEverything('quasar')).events[0]!.title)).toEqual(['Quasar'])
  })

  it('does not find draft events, their sessions, or sessions not yet published', async () => {
    expect(await searchEverything('gallimaufry')).toEqual({ meaningful: true, events: [], sessions: [] })
    expect((await searchEverything('flumoxed')).sessions).toEqual([])
    const zyx = await searchEverything('zyxomorphic')
    expect(titles(zyx.sessions)).not.toContain('Draft gallimaufry session')
  })

  it('ranks a title match above an abstract match', async () => {
    const { sessions } = await searchEventSessions(eventId, 'zyxomorphic')
    expect(titles(sessions)).toEqual(['Zyxomorphic filters in practice', 'Calibrating detectors'])
    expect(sessions[0]!.rank).toBeGreaterThan(sessions[1]!.rank)
  })

  it('searches one event’s sessions only', async () => {
    expect(titles((await searchEventSessions(otherEventId, 'zyxomorphic')).sessions)).toEqual([
      'Zyxomorphic lightning talk',
    ])
  })

  it('answers a query of only stop words or punctuation with nothing, not an error', async () => {
    for (const q of ['the and of', '?!...', '"', '- or -', 'a']) {
      expect(await searchEverything(q)).toEqual({ meaningful: false, events: [], sessions: [] })
    }
  })

  it('runs hostile queries without an error and never turns stored text into HTML', async () => {
    for (const q of [
      `"unclosed & | ! ( ) : * <script>`,
      `'':* & !`,
      `ptarmigan:* | !(`,
      '\\',
      `<script>alert(1)</script>`,
    ]) {
      await expect(searchEverything(q)).resolves.toMatchObject({ events: expect.any(Array) })
    }
    const { sessions } = await searchEverything('ptarmigan')
    expect(titles(sessions)).toEqual(['Hostile abstract'])
    const html = renderToStaticMarkup(createElement(Highlighted, { segments: sessions[0]!.snippet }))
    expect(html).toContain('<mark>ptarmigan</mark>')
    expect(html).not.toMatch(/<script|<img/)
  })

  it('uses the GIN indexes for events and sessions', async () => {
    const plans = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx)
      const explain = async (query: ReturnType<typeof sql>) =>
        (await query.execute(trx)).rows.map((r) => Object.values(r as object)[0]).join('\n')
      return [
        await explain(
          sql`explain select 1 from events where event_search_vector(title, summary_md, venue_name, venue_address) @@ 'quasar'::tsquery`,
        ),
        await explain(
          sql`explain select 1 from published_sessions where session_search_vector(title, abstract_md, track, tags, speakers) @@ 'hopper'::tsquery`,
        ),
      ]
    })
    expect(plans[0]).toContain('events_search_idx')
    expect(plans[1]).toContain('published_sessions_search_idx')
  })
})

describe('search pages and API', () => {
  it('the search page shows grouped results and refuses an over-long query with a 400 by the field', async () => {
    const ok = await callRoute(searchPage.loader, getRequest('/search?q=zyxomorphic'))
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({ q: 'zyxomorphic', error: null, results: { meaningful: true } })
    const long = await callRoute(searchPage.loader, getRequest(`/search?q=${'a'.repeat(201)}`))
    expect(long.status).toBe(400)
    expect(long.data).toMatchObject({ error: 'Keep the search under 200 characters.', results: null })
    const empty = await callRoute(searchPage.loader, getRequest('/search'))
    expect(empty.data).toMatchObject({ q: '', results: null })
    // A NUL character would make PostgreSQL fail; it is removed before searching.
    expect((await callRoute(searchPage.loader, getRequest('/search?q=zyxo%00morphic'))).status).toBe(200)
  })

  it('the event search page answers 404 for a draft and searches a published event', async () => {
    const ok = await callRoute(eventSearchPage.loader, getRequest(`/events/${eventSlug}/search?q=hopper`), {
      slug: eventSlug,
    })
    expect(ok.status).toBe(200)
    const missing = await callRoute(eventSearchPage.loader, getRequest('/events/nope/search?q=x'), { slug: 'nope' })
    expect(missing.status).toBe(404)
  })

  it('the JSON API returns plain text and segments, and errors as {error, issues}', async () => {
    const result = await callRoute(searchApi.loader, getRequest('/api/v1/search?q=zyxomorphic'))
    expect(result.status).toBe(200)
    const body = result.data as { sessions: { title: { text: string }; url: string; speakers: string[] }[] }
    expect(body.sessions.map((s) => s.title.text)).toContain('Calibrating detectors')
    expect(body.sessions.find((s) => s.title.text === 'Calibrating detectors')).toMatchObject({
      url: expect.stringMatching(new RegExp(`/events/${eventSlug}/sessions/\\d+$`)),
      speakers: ['Grace Hopper'],
    })
    expect(JSON.stringify(body)).not.toMatch(/<mark|\\u0002/)
    const bad = await callRoute(searchApi.loader, getRequest(`/api/v1/search?q=${'x'.repeat(300)}`))
    expect(bad.status).toBe(400)
    expect(bad.data).toEqual({
      error: 'The search is not valid.',
      issues: [{ path: ['q'], message: 'Keep the search under 200 characters.' }],
    })
    const scoped = await callRoute(
      eventSearchApi.loader,
      getRequest(`/api/v1/events/${eventSlug}/search?q=zyxomorphic`),
      {
        slug: eventSlug,
      },
    )
    expect((scoped.data as { sessions: unknown[] }).sessions).toHaveLength(2)
  })
})
