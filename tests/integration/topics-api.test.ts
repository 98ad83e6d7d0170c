import { beforeAll, describe, expect, it } from 'vitest'
import * as topicsApi from '~/routes/api.v1.events.$slug.topics'
import * as topicApi from '~/routes/api.v1.events.$slug.topics.$topicId'
import * as voteApi from '~/routes/api.v1.events.$slug.topics.$topicId.vote'
import * as decisionApi from '~/routes/api.v1.events.$slug.topics.$topicId.decision'
import type { Event } from '#db/schema'
import { createApiToken } from '~/models/users/api-token.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { TopicSettingsSchema } from '~/models/topics/topic-schema'
import { saveTopicSettings } from '~/models/topics/topics.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest, jsonRequest } from '../support/routes'

type TopicJson = {
  id: number
  url: string
  title: string
  description: string
  kind: string
  wantedMinutes: number
  leads: { name: string; project: string | null; moderates: boolean }[]
  projects: string[]
  status: string
  proposer: string
  votes: number | null
  voted: boolean
  sessionId: number | null
  mergedIntoId: number | null
  session?: { id: number; url: string | null; room: string | null } | null
}
type ErrorJson = { error: string; issues: { path: (string | number)[]; message: string }[] }

let organizerToken: string
let strangerToken: string
let organizerId: number
let counter = 0

const proposal = (overrides: Record<string, unknown> = {}) => ({
  title: 'Array API adoption across the ecosystem',
  description: 'Where each **project** stands, and what blocks the rest.',
  kind: 'working_session',
  wantedMinutes: 90,
  projects: ['NumPy', 'SciPy', 'array-api-compat'],
  leads: [{ name: 'Ada Lead', project: 'NumPy', moderates: true }],
  ...overrides,
})

/** A published event collecting topics with these settings (open to confirmed registrants, counts shown). */
async function topicsEvent(settings: Record<string, unknown> = {}, eventOverrides: Record<string, unknown> = {}) {
  const event = await makeEvent(organizerId, eventOverrides)
  await saveTopicSettings(
    event,
    TopicSettingsSchema.parse({ enabled: true, participation: 'registrants', moderation: 'post', countsVisible: true, ...settings }),
  )
  return event
}

async function setTopicSettings(event: Event, settings: Record<string, unknown>) {
  await saveTopicSettings(
    event,
    TopicSettingsSchema.parse({ enabled: true, participation: 'registrants', moderation: 'post', countsVisible: true, ...settings }),
  )
}

/** Registers someone; returns their personal-link token (the manage token) and email. */
async function register(event: Event, name: string) {
  counter += 1
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${counter}@example.org`
  const { registration } = await registerForEvent(event.id, registrationSchema({ locationKind: 'in_person' }, []).parse({ name, email }))
  return { token: registration.manage_token, email, status: registration.status }
}

const topicsUrl = (event: Event, sub = '') => `/api/v1/events/${event.slug}/topics${sub}`

async function propose(event: Event, token: string | undefined, body: unknown = proposal()) {
  return callRoute(topicsApi.action, jsonRequest(topicsUrl(event), 'POST', body, token), { slug: event.slug })
}

async function vote(event: Event, topicId: number, method: 'POST' | 'DELETE', token?: string) {
  return callRoute(voteApi.action, jsonRequest(topicsUrl(event, `/${topicId}/vote`), method, '', token), {
    slug: event.slug,
    topicId: String(topicId),
  })
}

async function decide(event: Event, topicId: number | string, decision: unknown, token?: string) {
  return callRoute(decisionApi.action, jsonRequest(topicsUrl(event, `/${topicId}/decision`), 'POST', decision, token), {
    slug: event.slug,
    topicId: String(topicId),
  })
}

async function list(event: Event, query = '', token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const request = new Request(new URL(topicsUrl(event, query), 'http://localhost'), { headers })
  return callRoute(topicsApi.loader, request, { slug: event.slug })
}

async function getOne(event: Event, topicId: number | string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const request = new Request(new URL(topicsUrl(event, `/${topicId}`), 'http://localhost'), { headers })
  return callRoute(topicApi.loader, request, { slug: event.slug, topicId: String(topicId) })
}

async function edit(event: Event, topicId: number, method: 'PATCH' | 'DELETE', body: unknown, token?: string) {
  return callRoute(topicApi.action, jsonRequest(topicsUrl(event, `/${topicId}`), method, body, token), {
    slug: event.slug,
    topicId: String(topicId),
  })
}

beforeAll(async () => {
  const organizer = await makeUser({ name: 'Olga Organizer' })
  const stranger = await makeUser()
  organizerId = organizer.id
  organizerToken = await createApiToken(organizer.id, 'tests')
  strangerToken = await createApiToken(stranger.id, 'tests')
})

describe('proposing and voting by API', () => {
  let event: Event
  let alice: { token: string; email: string }
  let bob: { token: string; email: string }
  let waitlisted: { token: string; status: string }

  beforeAll(async () => {
    event = await topicsEvent({}, { capacity: 2 })
    alice = await register(event, 'Alice Proposer')
    bob = await register(event, 'Bob Voter')
    waitlisted = await register(event, 'Wanda Waitlisted')
  })

  it('a confirmed registrant proposes through their personal-link token: 201, Location, the topic without emails', async () => {
    const created = await propose(event, alice.token)
    expect(created.status).toBe(201)
    const topic = created.data as TopicJson
    expect(topic).toMatchObject({
      title: 'Array API adoption across the ecosystem',
      kind: 'working_session',
      wantedMinutes: 90,
      projects: ['NumPy', 'SciPy', 'array-api-compat'],
      leads: [{ name: 'Ada Lead', project: 'NumPy', moderates: true }],
      status: 'open',
      proposer: 'Alice Proposer',
      votes: 0,
      voted: false,
      url: `http://localhost/events/${event.slug}/topics/${topic.id}`,
    })
    expect(created.location).toBe(`http://localhost/api/v1/events/${event.slug}/topics/${topic.id}`)
    expect(created.headers.get('cache-control')).toBe('no-store')
    expect(JSON.stringify(created.data)).not.toContain(alice.email)

    const read = await getOne(event, topic.id)
    expect(read.status).toBe(200)
    expect(read.data).toMatchObject({ id: topic.id, title: topic.title, session: null })
  })

  it('votes: twice counts once, DELETE takes it back, taking back twice changes nothing', async () => {
    const topic = (await propose(event, alice.token, proposal({ title: 'Sparse arrays roadmap' }))).data as TopicJson
    const first = await vote(event, topic.id, 'POST', bob.token)
    expect(first.status).toBe(200)
    expect(first.data).toEqual({ topicId: topic.id, votes: 1, voted: true })
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect((await vote(event, topic.id, 'POST', bob.token)).data).toEqual({ topicId: topic.id, votes: 1, voted: true })
    expect((await vote(event, topic.id, 'POST', alice.token)).data).toEqual({ topicId: topic.id, votes: 2, voted: true })

    const mine = await list(event, '', bob.token)
    expect((mine.data as { topics: TopicJson[] }).topics.find((t) => t.id === topic.id)).toMatchObject({ votes: 2, voted: true })
    expect(mine.headers.get('cache-control')).toBe('no-store')

    expect((await vote(event, topic.id, 'DELETE', bob.token)).data).toEqual({ topicId: topic.id, votes: 1, voted: false })
    expect((await vote(event, topic.id, 'DELETE', bob.token)).data).toEqual({ topicId: topic.id, votes: 1, voted: false })
    const after = await getOne(event, topic.id, bob.token)
    expect(after.data).toMatchObject({ votes: 1, voted: false })
  })

  it('lists with sort, filters and search, and never an email address', async () => {
    await propose(event, bob.token, proposal({ title: 'Plotting accessibility', kind: 'discussion', projects: ['Matplotlib'] }))
    const all = await list(event)
    expect(all.status).toBe(200)
    expect(all.headers.get('cache-control')).toBeNull()
    const body = all.data as { topics: TopicJson[]; sort: string; countsShown: boolean; phase: { proposalsOpen: boolean } }
    expect(body.topics.length).toBeGreaterThanOrEqual(3)
    expect(body).toMatchObject({ sort: 'votes', countsShown: true, phase: { proposalsOpen: true, votingOpen: true } })
    expect(JSON.stringify(all.data)).not.toContain('@')
    expect(JSON.stringify((await list(event, '', organizerToken)).data)).not.toContain('@')

    const discussions = (await list(event, '?kind=discussion')).data as { topics: TopicJson[] }
    expect(discussions.topics.map((t) => t.title)).toEqual(['Plotting accessibility'])
    const matplotlib = (await list(event, '?project=matplotlib')).data as { topics: TopicJson[] }
    expect(matplotlib.topics.map((t) => t.title)).toEqual(['Plotting accessibility'])
    const searched = (await list(event, '?q=sparse')).data as { topics: TopicJson[] }
    expect(searched.topics.map((t) => t.title)).toEqual(['Sparse arrays roadmap'])
    const newest = (await list(event, '?sort=newest')).data as { topics: TopicJson[]; sort: string }
    expect(newest.sort).toBe('newest')
    expect(newest.topics[0]?.title).toBe('Plotting accessibility')
    // Nonsense in the query falls back to the defaults rather than failing.
    expect((await list(event, '?sort=loudest&kind=party')).status).toBe(200)
  })

  it('PATCH changes only the fields sent, by the proposer or an organizer; DELETE withdraws', async () => {
    const topic = (await propose(event, alice.token, proposal({ title: 'Typing stubs' }))).data as TopicJson
    const renamed = await edit(event, topic.id, 'PATCH', { title: 'Typing stubs for everyone' }, alice.token)
    expect(renamed.status).toBe(200)
    expect(renamed.data).toMatchObject({ title: 'Typing stubs for everyone', kind: 'working_session', wantedMinutes: 90 })
    expect((renamed.data as TopicJson).leads).toEqual([{ name: 'Ada Lead', project: 'NumPy', moderates: true }])

    const byOrganizer = await edit(event, topic.id, 'PATCH', { wantedMinutes: 60 }, organizerToken)
    expect(byOrganizer.status).toBe(200)
    expect(byOrganizer.data).toMatchObject({ title: 'Typing stubs for everyone', wantedMinutes: 60 })

    const bad = await edit(event, topic.id, 'PATCH', { title: 'x', kind: 'party' }, alice.token)
    expect(bad.status).toBe(400)
    expect((bad.data as ErrorJson).issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['title', 'kind']))

    const notHers = await edit(event, topic.id, 'PATCH', { title: 'Taken over' }, bob.token)
    expect(notHers.status).toBe(403)
    expect(notHers.data).toMatchObject({ error: expect.any(String), issues: [] })
    expect((await edit(event, topic.id, 'DELETE', '', bob.token)).status).toBe(403)

    const withdrawn = await edit(event, topic.id, 'DELETE', '', alice.token)
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.data).toMatchObject({ id: topic.id, status: 'withdrawn' })
    // A withdrawn topic is decided: no more edits, withdrawals or votes.
    expect((await edit(event, topic.id, 'PATCH', { title: 'Back again' }, alice.token)).status).toBe(409)
    expect((await edit(event, topic.id, 'DELETE', '', alice.token)).status).toBe(409)
    expect((await vote(event, topic.id, 'POST', bob.token)).status).toBe(409)
  })

  it('400 with issues by path, 400 for non-JSON and non-objects, 415 for forms, 413 for 50 MB', async () => {
    const bad = await propose(event, alice.token, {
      title: 'x',
      kind: 'party',
      wantedMinutes: 'long',
      leads: [{ project: 'NumPy' }],
    })
    expect(bad.status).toBe(400)
    const paths = (bad.data as ErrorJson).issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['title', 'kind', 'wantedMinutes', 'leads.0.name']))
    // The lead's own message, not the "Invalid input" of the array-or-text union the form shares.
    expect((bad.data as ErrorJson).issues.find((i) => i.path.join('.') === 'leads.0.name')?.message).toBe('Each lead needs a name')

    const notJson = await propose(event, alice.token, '{"title": ')
    expect(notJson.status).toBe(400)
    expect(notJson.data).toMatchObject({ error: 'The body is not valid JSON.', issues: [] })
    expect((await propose(event, alice.token, [proposal()])).status).toBe(400)

    const form = new Request(`http://localhost${topicsUrl(event)}`, {
      method: 'POST',
      body: 'title=Hello',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect((await callRoute(topicsApi.action, form, { slug: event.slug })).status).toBe(415)

    const huge = JSON.stringify(proposal({ description: 'x'.repeat(50 * 1024 * 1024) }))
    const tooLarge = new Request(`http://localhost${topicsUrl(event)}`, {
      method: 'POST',
      body: huge,
      headers: {
        authorization: `Bearer ${alice.token}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(huge)),
      },
    })
    const answer = await callRoute(topicsApi.action, tooLarge, { slug: event.slug })
    expect(answer.status).toBe(413)
    expect(answer.data).toMatchObject({ error: expect.any(String), issues: [] })
    // Without a declared length the body is still cut off once it passes the limit.
    const streamed = await propose(event, alice.token, huge)
    expect(streamed.status).toBe(413)
  })

  it('401 without a token or with one that is neither; 403 for the waitlisted and for other organizers', async () => {
    const none = await propose(event, undefined)
    expect(none.status).toBe(401)
    expect(none.data).toMatchObject({ error: expect.any(String), issues: [] })
    expect((await propose(event, 'cvn_not-a-real-token')).status).toBe(401)
    expect((await propose(event, 'not-a-personal-link-either')).status).toBe(401)
    const basic = new Request(`http://localhost${topicsUrl(event)}`, {
      method: 'POST',
      body: JSON.stringify(proposal()),
      headers: { authorization: 'Basic YWxpY2U6c2VjcmV0', 'content-type': 'application/json' },
    })
    expect((await callRoute(topicsApi.action, basic, { slug: event.slug })).status).toBe(401)

    expect(waitlisted.status).toBe('waitlisted')
    const refused = await propose(event, waitlisted.token)
    expect(refused.status).toBe(403)
    expect((refused.data as ErrorJson).error).toMatch(/waitlisted/)
    expect((await propose(event, strangerToken)).status).toBe(403)

    const topic = (await list(event)).data as { topics: TopicJson[] }
    const someId = topic.topics[0]!.id
    expect((await vote(event, someId, 'POST')).status).toBe(401)
    expect((await vote(event, someId, 'POST', waitlisted.token)).status).toBe(403)
    expect((await decide(event, someId, { action: 'accept' }, bob.token)).status).toBe(403)
    expect((await decide(event, someId, { action: 'accept' }, strangerToken)).status).toBe(403)
    expect((await decide(event, someId, { action: 'accept' })).status).toBe(401)
  })

  it('404 for unknown events, drafts, events without topics and unknown topics', async () => {
    const draft = await makeEvent(organizerId, { status: 'draft' })
    await setTopicSettings(draft, {})
    const quiet = await makeEvent(organizerId)
    for (const slug of ['no-such-event', draft.slug, quiet.slug]) {
      const listed = await callRoute(topicsApi.loader, getRequest(`/api/v1/events/${slug}/topics`), { slug })
      expect(listed.status).toBe(404)
      expect(listed.data).toMatchObject({ error: expect.any(String), issues: [] })
      const posted = await callRoute(
        topicsApi.action,
        jsonRequest(`/api/v1/events/${slug}/topics`, 'POST', proposal(), organizerToken),
        { slug },
      )
      expect(posted.status).toBe(404)
    }
    for (const topicId of ['999999', 'abc', '-1']) {
      expect((await getOne(event, topicId)).status).toBe(404)
      expect((await decide(event, topicId, { action: 'accept' }, organizerToken)).status).toBe(404)
      const voted = await callRoute(voteApi.action, jsonRequest(topicsUrl(event, `/${topicId}/vote`), 'POST', '', bob.token), {
        slug: event.slug,
        topicId,
      })
      expect(voted.status).toBe(404)
    }
  })

  it('answers other methods with 405', async () => {
    expect((await callRoute(topicsApi.action, jsonRequest(topicsUrl(event), 'PUT', {}), { slug: event.slug })).status).toBe(405)
    expect((await voteApi.loader()).status).toBe(405)
    expect((await decisionApi.loader()).status).toBe(405)
  })
})

describe('hidden counts', () => {
  it('votes are null for participants while voting is open, numbers for organizers', async () => {
    const event = await topicsEvent({ countsVisible: false })
    const voter = await register(event, 'Hidden Voter')
    const topic = (await propose(event, voter.token)).data as TopicJson
    expect(topic.votes).toBeNull()
    const given = await vote(event, topic.id, 'POST', voter.token)
    expect(given.data).toEqual({ topicId: topic.id, votes: null, voted: true })

    const forVoter = (await list(event, '', voter.token)).data as { topics: TopicJson[]; countsShown: boolean; sort: string }
    expect(forVoter).toMatchObject({ countsShown: false, sort: 'newest' })
    expect(forVoter.topics[0]).toMatchObject({ votes: null, voted: true })
    expect(((await list(event)).data as { topics: TopicJson[] }).topics[0]?.votes).toBeNull()
    expect((await getOne(event, topic.id, voter.token)).data).toMatchObject({ votes: null })

    const forOrganizer = (await list(event, '', organizerToken)).data as { topics: TopicJson[]; countsShown: boolean }
    expect(forOrganizer.countsShown).toBe(true)
    expect(forOrganizer.topics[0]).toMatchObject({ votes: 1 })
    expect((await getOne(event, topic.id, organizerToken)).data).toMatchObject({ votes: 1 })
    expect((await vote(event, topic.id, 'POST', organizerToken)).data).toEqual({ topicId: topic.id, votes: 2, voted: true })
  })
})

describe('phases', () => {
  it('refuses proposals once they close (409) and votes once voting closes (409)', async () => {
    const event = await topicsEvent()
    const person = await register(event, 'Late Comer')
    const topic = (await propose(event, person.token)).data as TopicJson

    await setTopicSettings(event, { proposalsCloseAt: '2020-01-01T00:00', votingCloseAt: '2099-01-01T00:00' })
    const late = await propose(event, person.token)
    expect(late.status).toBe(409)
    expect(late.data).toMatchObject({ error: 'Proposals are closed.', issues: [] })
    expect((await edit(event, topic.id, 'PATCH', { title: 'A late edit' }, person.token)).status).toBe(409)
    // Organizers still add the topics collected in planning calls.
    expect((await propose(event, organizerToken, proposal({ title: 'From the planning call' }))).status).toBe(201)
    expect((await vote(event, topic.id, 'POST', person.token)).data).toMatchObject({ votes: 1, voted: true })

    await setTopicSettings(event, { proposalsCloseAt: '2020-01-01T00:00', votingCloseAt: '2020-02-01T00:00' })
    const closed = await vote(event, topic.id, 'DELETE', person.token)
    expect(closed.status).toBe(409)
    expect(closed.data).toMatchObject({ error: 'Voting is closed.' })
    expect((await vote(event, topic.id, 'POST', person.token)).status).toBe(409)
  })
})

describe('organizer decisions by API', () => {
  let event: Event
  let alice: { token: string; email: string }
  let bob: { token: string; email: string }

  beforeAll(async () => {
    event = await topicsEvent({}, { startsAt: '2030-05-04T09:00', endsAt: '2030-05-06T17:00' })
    alice = await register(event, 'Alice Decided')
    bob = await register(event, 'Bob Both')
  })

  const outbox = (kind: string, to: string) =>
    db.selectFrom('email_outbox').select(['subject', 'text_body']).where('kind', '=', kind).where('to_address', '=', to).execute()

  it('accepts and declines (with a message, emailed through the outbox)', async () => {
    const accepted = (await propose(event, alice.token, proposal({ title: 'Accept me' }))).data as TopicJson
    const result = await decide(event, accepted.id, { action: 'accept' }, organizerToken)
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ id: accepted.id, status: 'accepted' })
    expect(await outbox('topic-accepted', alice.email)).toHaveLength(1)

    const declined = (await propose(event, alice.token, proposal({ title: 'Decline me' }))).data as TopicJson
    const no = await decide(event, declined.id, { action: 'decline', message: 'Covered by the sparse session.' }, organizerToken)
    expect(no.status).toBe(200)
    expect(no.data).toMatchObject({ status: 'declined', decisionMessage: 'Covered by the sparse session.' })
    const emails = await outbox('topic-declined', alice.email)
    expect(emails).toHaveLength(1)
    expect(emails[0]?.text_body).toContain('Covered by the sparse session.')
    // The public never sees the message; the proposer does.
    expect((await getOne(event, declined.id)).data).toMatchObject({ status: 'declined', decisionMessage: null })
    expect((await getOne(event, declined.id, alice.token)).data).toMatchObject({ decisionMessage: 'Covered by the sparse session.' })

    expect((await decide(event, declined.id, { action: 'decline' }, organizerToken)).status).toBe(409)
    expect((await decide(event, declined.id, { action: 'approve' }, organizerToken)).status).toBe(409)
  })

  it('400 for a decision the schema refuses, with issues by path', async () => {
    const topic = (await propose(event, alice.token, proposal({ title: 'Badly decided' }))).data as TopicJson
    const unknown = await decide(event, topic.id, { action: 'celebrate' }, organizerToken)
    expect(unknown.status).toBe(400)
    expect((unknown.data as ErrorJson).issues[0]?.path).toEqual(['action'])
    const noTarget = await decide(event, topic.id, { action: 'merge' }, organizerToken)
    expect((noTarget.data as ErrorJson).issues.map((i) => i.path)).toEqual([['intoTopicId']])
    const noTime = await decide(event, topic.id, { action: 'schedule', minutes: 2 }, organizerToken)
    expect(noTime.status).toBe(400)
    expect((noTime.data as ErrorJson).issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['startsAt', 'minutes']))
    // A time the model cannot read (no such wall time in the event's zone) is refused by its field too.
    const gap = await decide(event, topic.id, { action: 'schedule', startsAt: '2030-03-31T02:30' }, organizerToken)
    expect(gap.status).toBe(400)
    expect((gap.data as ErrorJson).issues.map((i) => i.path)).toEqual([['startsAt']])
  })

  it('merges a duplicate: votes carried over, one per person', async () => {
    const original = (await propose(event, alice.token, proposal({ title: 'GPU support' }))).data as TopicJson
    const duplicate = (await propose(event, bob.token, proposal({ title: 'GPUs!' }))).data as TopicJson
    await vote(event, original.id, 'POST', bob.token)
    await vote(event, duplicate.id, 'POST', bob.token)
    await vote(event, duplicate.id, 'POST', alice.token)

    const merged = await decide(event, duplicate.id, { action: 'merge', intoTopicId: original.id }, organizerToken)
    expect(merged.status).toBe(200)
    expect(merged.data).toMatchObject({ id: duplicate.id, status: 'merged', mergedIntoId: original.id, votes: 0 })
    expect((await getOne(event, original.id, organizerToken)).data).toMatchObject({ votes: 2 })
    expect((await vote(event, duplicate.id, 'POST', bob.token)).status).toBe(409)
    expect((await decide(event, original.id, { action: 'merge', intoTopicId: original.id }, organizerToken)).status).toBe(409)
    expect((await decide(event, original.id, { action: 'merge', intoTopicId: 999999 }, organizerToken)).status).toBe(404)
  })

  it('schedules a topic as a session, publishes, and the topic then shows it', async () => {
    const topic = (await propose(event, alice.token, proposal({ title: 'Scheduled sprint' }))).data as TopicJson
    await vote(event, topic.id, 'POST', bob.token)
    const scheduled = await decide(
      event,
      topic.id,
      { action: 'schedule', startsAt: '2030-05-04T14:00', room: 'Hall B', publish: true },
      organizerToken,
    )
    expect(scheduled.status).toBe(200)
    const body = scheduled.data as TopicJson & { publishedVersion: number }
    expect(body).toMatchObject({ id: topic.id, status: 'accepted', sessionId: expect.any(Number), publishedVersion: expect.any(Number) })

    const session = await db.selectFrom('sessions').selectAll().where('id', '=', body.sessionId!).executeTakeFirstOrThrow()
    expect(session).toMatchObject({ event_id: event.id, title: 'Scheduled sprint', room: 'Hall B', kind: 'working_session' })
    expect(session.starts_at.toISOString()).toBe('2030-05-04T12:00:00.000Z')
    expect(session.ends_at.toISOString()).toBe('2030-05-04T13:30:00.000Z')
    expect(await outbox('topic-scheduled', alice.email)).toHaveLength(1)

    const shown = (await getOne(event, topic.id)).data as TopicJson
    expect(shown.session).toMatchObject({
      id: body.sessionId,
      url: `http://localhost/events/${event.slug}/sessions/${body.sessionId}`,
      room: 'Hall B',
    })
    // On the agenda, it can no longer be declined.
    expect((await decide(event, topic.id, { action: 'decline' }, organizerToken)).status).toBe(409)
  })
})
