import { beforeAll, describe, expect, it } from 'vitest'
import * as topicList from '~/routes/events.$slug.topics._index/route'
import * as newTopic from '~/routes/events.$slug.topics.new'
import * as topicPage from '~/routes/events.$slug.topics.$topicId/route'
import * as editTopic from '~/routes/events.$slug.topics.$topicId_.edit'
import * as eventPage from '~/routes/events.$slug._index'
import * as sessionPage from '~/routes/events.$slug.sessions.$sessionId/route'
import * as manage from '~/routes/r.$token/route'
import type { Event } from '#db/schema'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { decideTopic } from '~/models/topics/decisions.server'
import { TopicDecisionSchema, TopicSettingsSchema } from '~/models/topics/topic-schema'
import { saveTopicSettings } from '~/models/topics/topics.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor, type RouteResult } from '../support/routes'

// The public topic pages through their loaders and actions, as a browser asks for and posts them: the list with
// its sorting and filters, proposing, voting, guests joining, the discussion and its moderation, withdrawing and
// editing, and a scheduled topic's way to its session and back.

let organizer: PublicUser
let organizerCookie: string

beforeAll(async () => {
  organizer = await makeUser({ name: 'Olga Organizer' })
  organizerCookie = await sessionCookieFor(organizer.id)
})

type Card = {
  id: number
  title: string
  votes: number | null
  voted: boolean
  mayVote: boolean
  status: { key: string }
}
type ListData = {
  topics: Card[]
  countsShown: boolean
  query: { sort: string }
  participation: { kind: string }
  mayPropose: boolean
  projects: string[]
  starScheduled: boolean | null
  phase: { title: string; lines: string[] }
}
type FormReply = { ok: boolean; message?: string; result?: { error?: Record<string, string[]> } }

async function topicsEvent(settings: Record<string, unknown> = {}) {
  const event = await makeEvent(organizer.id)
  await saveTopicSettings(
    event,
    TopicSettingsSchema.parse({
      enabled: true,
      participation: 'registrants',
      moderation: 'post',
      countsVisible: true,
      ...settings,
    }),
  )
  return event
}

/** A confirmed registrant who opened their personal link in this "browser": its attendee cookie. */
async function registrantCookie(event: Event, name: string): Promise<string> {
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${event.id}@example.org`
  const input = registrationSchema({ locationKind: event.location_kind }, []).parse({ name, email })
  const { registration } = await registerForEvent(event.id, input)
  const opened = await callRoute(manage.loader, getRequest(`/r/${registration.manage_token}`), {
    token: registration.manage_token,
  })
  return opened.headers.get('set-cookie')!.split(';')[0]!
}

const listUrl = (event: Event, query = '') => `/events/${event.slug}/topics${query}`
const topicUrl = (event: Event, id: number, sub = '') => `/events/${event.slug}/topics/${id}${sub}`

async function list(event: Event, cookie?: string, query = ''): Promise<ListData> {
  const result = await callRoute(topicList.loader, getRequest(listUrl(event, query), cookie), { slug: event.slug })
  expect(result.status).toBe(200)
  return result.data as ListData
}

const proposal = (fields: Record<string, string | string[]> = {}) => ({
  title: 'Array API adoption',
  description: 'Where **NumPy** and friends stand.',
  kind: 'working_session',
  wantedMinutes: '90',
  ...fields,
})

async function propose(event: Event, cookie: string | undefined, fields: Record<string, string | string[]> = {}) {
  return callRoute(newTopic.action, await formRequest(`${listUrl(event)}/new`, proposal(fields), { cookie }), {
    slug: event.slug,
  })
}

/** Proposes through the page and returns the new topic's id (from where the page sends the proposer). */
async function proposed(event: Event, cookie: string, fields: Record<string, string | string[]> = {}) {
  const result = await propose(event, cookie, fields)
  expect(result.status).toBe(303)
  return Number(/\/topics\/(\d+)$/.exec(result.location!)![1])
}

async function post(
  action: typeof topicList.action | typeof topicPage.action,
  url: string,
  params: Record<string, string>,
  fields: Record<string, string | number>,
  cookie?: string,
): Promise<RouteResult> {
  return callRoute(action, await formRequest(url, fields, { cookie }), params)
}

async function vote(event: Event, topicId: number, cookie: string | undefined, intent = 'vote', extra = {}) {
  return post(topicList.action, listUrl(event), { slug: event.slug }, { intent, topicId, ...extra }, cookie)
}

async function openTopic(event: Event, topicId: number, cookie?: string) {
  return callRoute(topicPage.loader, getRequest(topicUrl(event, topicId), cookie), {
    slug: event.slug,
    topicId: String(topicId),
  })
}

async function onTopic(event: Event, topicId: number, fields: Record<string, string | number>, cookie?: string) {
  return post(
    topicPage.action,
    topicUrl(event, topicId),
    { slug: event.slug, topicId: String(topicId) },
    fields,
    cookie,
  )
}

describe('an event that collects topics', () => {
  it('links its topics from the event page; one that does not answers 404 on them', async () => {
    const plain = await makeEvent(organizer.id)
    expect((await callRoute(topicList.loader, getRequest(listUrl(plain)), { slug: plain.slug })).status).toBe(404)
    const before = await callRoute(eventPage.loader, getRequest(`/events/${plain.slug}`), { slug: plain.slug })
    expect((before.data as { collectsTopics: boolean }).collectsTopics).toBe(false)
    const event = await topicsEvent()
    const after = await callRoute(eventPage.loader, getRequest(`/events/${event.slug}`), { slug: event.slug })
    expect((after.data as { collectsTopics: boolean }).collectsTopics).toBe(true)
    const page = await list(event)
    expect(page.topics).toEqual([])
    expect(page.phase.title).toBe('Proposals are open')
    // Without a registration opened here, nobody is known: the panel says why, and nothing is offered.
    expect(page.participation).toMatchObject({ kind: 'none', reason: expect.stringMatching(/personal link/) })
    expect(page.mayPropose).toBe(false)
  })
})

describe('proposing', () => {
  it('takes a valid proposal with its projects and leads, and refuses invalid, unauthorised and late ones', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Lovelace')
    expect((await list(event, ana)).mayPropose).toBe(true)

    const anonymous = await propose(event, undefined)
    expect(anonymous.status).toBe(403)
    expect(String(anonymous.data)).toMatch(/confirmed registrants/)

    const invalid = await propose(event, ana, { title: 'x', kind: 'party', wantedMinutes: '' })
    expect(invalid.status).toBe(400)
    const errors = (invalid.data as FormReply).result!.error!
    expect(errors.title).toEqual(['Enter a title of at least 3 characters'])
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['kind', 'wantedMinutes']))

    const id = await proposed(event, ana, {
      title: 'Sparse arrays everywhere',
      projects: ['NumPy', 'SciPy'],
      otherProjects: 'Dask, xarray, numpy',
      iLead: 'on',
      leadProject: 'SciPy',
      iModerate: 'on',
      leads: 'Stéfan van der Walt, scikit-image\nMelissa Mendonça',
    })
    const page = await openTopic(event, id, ana)
    expect(page.status).toBe(200)
    const topic = (page.data as { topic: Record<string, unknown> }).topic
    expect(topic).toMatchObject({
      title: 'Sparse arrays everywhere',
      kind: 'Working session',
      wantedMinutes: 90,
      // Ticked and typed projects are one list, without a repeat in another case.
      projects: ['NumPy', 'SciPy', 'Dask', 'xarray'],
      leads: [
        { name: 'Ana Lovelace', project: 'SciPy', moderates: true },
        { name: 'Stéfan van der Walt', project: 'scikit-image', moderates: false },
        { name: 'Melissa Mendonça', project: null, moderates: false },
      ],
      status: { key: 'open', label: null },
      descriptionHtml: expect.stringContaining('<strong>NumPy</strong>'),
    })
    expect((page.data as { actions: { editHref: string | null } }).actions.editHref).toBe(topicUrl(event, id, '/edit'))

    // "I will moderate" alone makes the proposer a lead too.
    const moderated = await proposed(event, ana, { title: 'Moderated only', iModerate: 'on' })
    const moderatedPage = await openTopic(event, moderated, ana)
    expect((moderatedPage.data as { topic: { leads: unknown[] } }).topic.leads).toEqual([
      { name: 'Ana Lovelace', project: null, moderates: true },
    ])

    const closed = await topicsEvent({ proposalsOpenAt: '2020-01-01T09:00', proposalsCloseAt: '2020-02-01T09:00' })
    const late = await registrantCookie(closed, 'Late Comer')
    const refused = await propose(closed, late)
    expect(refused.status).toBe(409)
    expect((refused.data as FormReply).message).toBe('Proposals are closed.')
    const closedPage = await callRoute(newTopic.loader, getRequest(`${listUrl(closed)}/new`, late), {
      slug: closed.slug,
    })
    expect(closedPage.data).toMatchObject({ mayPropose: false, closedReason: 'Proposals are closed.' })
    // Organizers collect topics from planning calls after the deadline too.
    expect((await propose(closed, organizerCookie)).status).toBe(303)
  })
})

describe('the list', () => {
  it('sorts by votes, newest and fewest votes, and filters by kind, project, status and search', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Sorter')
    const ben = await registrantCookie(event, 'Ben Sorter')
    const first = await proposed(event, ana, { title: 'Packaging wheels', kind: 'discussion', projects: ['NumPy'] })
    const second = await proposed(event, ana, { title: 'Docs sprint', kind: 'breakout', otherProjects: 'Sphinx' })
    const third = await proposed(event, ana, {
      title: 'Typing stubs',
      kind: 'discussion',
      projects: ['SciPy'],
      description: 'Shipping type hints for the array API.',
    })
    for (const cookie of [ana, ben]) expect((await vote(event, first, cookie)).status).toBe(200)
    await vote(event, third, ben)

    const titles = async (query: string) => (await list(event, ben, query)).topics.map((t) => t.title)
    expect(await titles('')).toEqual(['Packaging wheels', 'Typing stubs', 'Docs sprint'])
    expect(await titles('?sort=fewest')).toEqual(['Docs sprint', 'Typing stubs', 'Packaging wheels'])
    expect(await titles('?sort=newest')).toEqual(['Typing stubs', 'Docs sprint', 'Packaging wheels'])
    expect(await titles('?kind=discussion&sort=newest')).toEqual(['Typing stubs', 'Packaging wheels'])
    expect(await titles('?project=numpy')).toEqual(['Packaging wheels'])
    expect(await titles('?q=array+api')).toEqual(['Typing stubs'])
    const page = await list(event, ben, '?project=sphinx')
    expect(page.topics.map((t) => t.id)).toEqual([second])
    expect(page.projects).toEqual(expect.arrayContaining(['NumPy', 'IPython', 'Sphinx']))
    expect(page.topics[0]).toMatchObject({ votes: 0, voted: false, mayVote: true })
    expect((await list(event, ben)).topics.find((t) => t.id === third)).toMatchObject({ votes: 1, voted: true })

    await decideTopic(event, second, TopicDecisionSchema.parse({ action: 'decline', message: 'Out of scope' }), 'Olga')
    expect(await titles('?status=declined')).toEqual(['Docs sprint'])
    expect(await titles('')).not.toContain('Docs sprint')
    expect(await titles('?status=all&sort=newest')).toEqual(['Typing stubs', 'Docs sprint', 'Packaging wheels'])
    // An empty search or unknown values fall back to the defaults rather than failing.
    expect(await titles('?kind=party&sort=loudest&status=x&q=')).toEqual(['Packaging wheels', 'Typing stubs'])
    expect(await titles('?q=nothing-like-this')).toEqual([])
  })

  it('hides counts and the vote order until voting closes when the organizers say so', async () => {
    const event = await topicsEvent({ countsVisible: false, votingCloseAt: '2031-01-01T09:00' })
    const ana = await registrantCookie(event, 'Ana Hidden')
    const older = await proposed(event, ana, { title: 'Older' })
    await proposed(event, ana, { title: 'Newer' })
    await vote(event, older, ana)
    const page = await list(event, ana, '?sort=votes')
    expect(page.countsShown).toBe(false)
    expect(page.query.sort).toBe('newest')
    expect(page.topics.map((t) => [t.title, t.votes, t.voted])).toEqual([
      ['Newer', null, false],
      ['Older', null, true],
    ])
    expect(page.phase.lines).toContain('Vote counts are hidden until voting closes.')
    // A vote's answer does not tell the count either; organizers see every count.
    expect((await vote(event, older, ana, 'unvote')).data).toMatchObject({ ok: true, votes: null, voted: false })
    expect((await list(event, organizerCookie)).topics.every((t) => t.votes === 0)).toBe(true)
  })
})

describe('voting through the page', () => {
  it('gives and takes back one vote per person, with and without JavaScript', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Voter')
    const topicId = await proposed(event, ana)

    expect((await vote(event, topicId, ana)).data).toEqual({ ok: true, topicId, voted: true, votes: 1 })
    // Voting twice counts once.
    expect((await vote(event, topicId, ana)).data).toMatchObject({ votes: 1 })
    expect((await vote(event, topicId, ana, 'unvote')).data).toMatchObject({ voted: false, votes: 0 })
    // A browser without JavaScript goes back to the page it voted on.
    const returnTo = `/events/${event.slug}/topics?sort=newest`
    const plain = await vote(event, topicId, ana, 'vote', { returnTo })
    expect(plain.status).toBe(303)
    expect(plain.location).toBe(returnTo)
    expect((await vote(event, topicId, ana, 'vote', { returnTo: 'https://evil.example/' })).location).toBe(
      `/events/${event.slug}/topics`,
    )
    // The topic's own page takes the same vote.
    const onPage = await onTopic(event, topicId, { intent: 'unvote', topicId }, ana)
    expect(onPage.data).toMatchObject({ ok: true, votes: 0 })

    const anonymous = await vote(event, topicId, undefined)
    expect(anonymous.status).toBe(403)
    expect((anonymous.data as FormReply).message).toMatch(/confirmed registrants/)
    expect((await vote(event, 999999, ana)).status).toBe(404)

    const closed = await topicsEvent({ proposalsOpenAt: '2020-01-01T09:00', votingCloseAt: '2020-03-01T09:00' })
    const closedTopic = await proposed(closed, organizerCookie)
    const late = await registrantCookie(closed, 'Late Voter')
    const refused = await vote(closed, closedTopic, late)
    expect(refused.status).toBe(409)
    expect((refused.data as FormReply).message).toBe('Voting is closed.')
    expect((await list(closed, late)).topics[0]).toMatchObject({ mayVote: false })
  })

  it('lets a registrant keep the topics they voted for off their agenda', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Stars')
    expect((await list(event, ana)).starScheduled).toBe(true)
    const saved = await post(topicList.action, listUrl(event), { slug: event.slug }, { intent: 'star-scheduled' }, ana)
    expect(saved.data).toEqual({ ok: true, message: 'Saved.' })
    expect((await list(event, ana)).starScheduled).toBe(false)
    const back = await post(
      topicList.action,
      listUrl(event),
      { slug: event.slug },
      { intent: 'star-scheduled', starScheduled: 'on', returnTo: listUrl(event) },
      ana,
    )
    expect(back.status).toBe(303)
    expect((await list(event, ana)).starScheduled).toBe(true)
    // Organizers have no agenda of stars to add to.
    expect((await list(event, organizerCookie)).starScheduled).toBeNull()
    const refused = await post(
      topicList.action,
      listUrl(event),
      { slug: event.slug },
      { intent: 'star-scheduled' },
      organizerCookie,
    )
    expect(refused.status).toBe(403)
  })
})

describe('guests on an event open to anyone with the link', () => {
  it('join with a name, are remembered by a cookie, vote, and see their own topic waiting for review', async () => {
    const event = await topicsEvent({ participation: 'anyone', moderation: 'pre' })
    const owner = await registrantCookie(event, 'Reg Istrant')
    const listed = await proposed(event, owner, { title: 'Listed topic' })
    expect((await openTopic(event, listed)).status).toBe(404)
    await decideTopic(event, listed, TopicDecisionSchema.parse({ action: 'approve' }), 'Olga')

    const visitor = await list(event)
    expect(visitor.participation).toEqual({ kind: 'join', reason: expect.stringMatching(/your name/) })
    const nameless = await post(
      topicList.action,
      listUrl(event),
      { slug: event.slug },
      { intent: 'join', name: ' ', email: 'nope' },
    )
    expect(nameless.status).toBe(400)
    expect((nameless.data as FormReply).result!.error).toMatchObject({
      name: ['Enter your name'],
      email: ['Enter a valid email address, or leave it empty'],
    })
    const joined = await post(
      topicList.action,
      listUrl(event),
      { slug: event.slug },
      { intent: 'join', name: 'Gwen Guest', email: '', returnTo: topicUrl(event, listed) },
    )
    expect(joined.status).toBe(303)
    expect(joined.location).toBe(topicUrl(event, listed))
    const guest = joined.headers.get('set-cookie')!.split(';')[0]!
    expect(guest).toMatch(/^convene_topic_guest=/)
    expect((await list(event, guest)).participation).toEqual({ kind: 'guest', name: 'Gwen Guest' })
    expect((await vote(event, listed, guest)).data).toMatchObject({ ok: true, votes: 1 })

    // Under pre-moderation a guest's proposal waits: they see it, marked; nobody else finds it.
    const mine = await proposed(event, guest, { title: 'Guest idea' })
    const own = await openTopic(event, mine, guest)
    expect(own.status).toBe(200)
    expect((own.data as { topic: { status: unknown } }).topic.status).toEqual({
      key: 'pending',
      label: 'Waiting for review',
    })
    expect((await list(event, guest)).topics.map((t) => t.title)).toContain('Guest idea')
    expect((await openTopic(event, mine)).status).toBe(404)
    expect((await openTopic(event, mine, owner)).status).toBe(404)
    expect((await list(event, owner)).topics.map((t) => t.title)).not.toContain('Guest idea')
    expect((await openTopic(event, mine, organizerCookie)).status).toBe(200)

    // On an event for registrants only there is no guest form to post.
    const closedDoor = await topicsEvent()
    const refused = await post(
      topicList.action,
      listUrl(closedDoor),
      { slug: closedDoor.slug },
      { intent: 'join', name: 'Gwen' },
    )
    expect(refused.status).toBe(403)
    expect(refused.headers.get('set-cookie')).toBeNull()
  })
})

describe('a topic’s discussion', () => {
  it('takes sanitized markdown comments from participants; organizers hide and show them', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Commenter')
    const ben = await registrantCookie(event, 'Ben Reader')
    const topicId = await proposed(event, ana)

    expect((await onTopic(event, topicId, { intent: 'comment', body: 'Hello' })).status).toBe(403)
    const empty = await onTopic(event, topicId, { intent: 'comment', body: '   ' }, ben)
    expect(empty.status).toBe(400)
    expect((empty.data as FormReply).result!.error).toEqual({ body: ['Write a comment'] })
    const posted = await onTopic(
      event,
      topicId,
      { intent: 'comment', body: 'I can help with **SciPy**. <script>alert(1)</script>' },
      ben,
    )
    expect(posted.status).toBe(303)
    expect(posted.location).toBe(`${topicUrl(event, topicId)}#discussion`)

    type Comments = { comments: { id: number; authorName: string; html: string; hidden: boolean; mine: boolean }[] }
    const seen = (await openTopic(event, topicId, ana)).data as Comments
    expect(seen.comments).toHaveLength(1)
    const comment = seen.comments[0]!
    expect(comment).toMatchObject({ authorName: 'Ben Reader', hidden: false, mine: false })
    expect(comment.html).toContain('<strong>SciPy</strong>')
    expect(comment.html).not.toContain('<script')
    expect((await list(event, ana)).topics[0]).toMatchObject({ comments: 1 })

    expect((await onTopic(event, topicId, { intent: 'hide-comment', commentId: comment.id }, ben)).status).toBe(403)
    const hidden = await onTopic(event, topicId, { intent: 'hide-comment', commentId: comment.id }, organizerCookie)
    expect(hidden.status).toBe(303)
    expect(((await openTopic(event, topicId, ana)).data as Comments).comments).toEqual([])
    expect(((await openTopic(event, topicId, organizerCookie)).data as Comments).comments).toMatchObject([
      { id: comment.id, hidden: true },
    ])
    await onTopic(event, topicId, { intent: 'show-comment', commentId: comment.id }, organizerCookie)
    expect(((await openTopic(event, topicId, ana)).data as Comments).comments).toHaveLength(1)
    expect((await onTopic(event, topicId, { intent: 'hide-comment', commentId: 999999 }, organizerCookie)).status).toBe(
      404,
    )
  })
})

describe('withdrawing and editing', () => {
  it('lets only the proposer withdraw, and only while it is undecided', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Withdraw')
    const ben = await registrantCookie(event, 'Ben Other')
    const topicId = await proposed(event, ana, { title: 'Second thoughts' })

    const others = (await openTopic(event, topicId, ben)).data as { actions: Record<string, unknown> }
    expect(others.actions).toEqual({ editHref: null, mayWithdraw: false, reviewHref: null })
    const refused = await onTopic(event, topicId, { intent: 'withdraw' }, ben)
    expect(refused.status).toBe(403)
    expect((refused.data as FormReply).message).toBe('Only the person who proposed this topic may withdraw it.')
    expect((await onTopic(event, topicId, { intent: 'withdraw' }, organizerCookie)).status).toBe(403)

    expect(
      ((await openTopic(event, topicId, ana)).data as { actions: { mayWithdraw: boolean } }).actions.mayWithdraw,
    ).toBe(true)
    const withdrawn = await onTopic(event, topicId, { intent: 'withdraw' }, ana)
    expect(withdrawn.status).toBe(303)
    expect(withdrawn.location).toBe(topicUrl(event, topicId))
    const page = (await openTopic(event, topicId, ben)).data as {
      topic: { rawStatus: string; mayVote: boolean }
      commentRefusal: string
    }
    expect(page.topic).toMatchObject({ rawStatus: 'withdrawn', mayVote: false })
    expect(page.commentRefusal).toBe('This topic is closed to comments.')
    expect((await list(event, ben)).topics).toEqual([])
    expect((await onTopic(event, topicId, { intent: 'withdraw' }, ana)).status).toBe(409)
  })

  it('lets the proposer edit their topic in the same form until proposals close', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Editor')
    const ben = await registrantCookie(event, 'Ben Nosy')
    const topicId = await proposed(event, ana, {
      projects: ['NumPy'],
      otherProjects: 'Dask',
      iLead: 'on',
      leadProject: 'NumPy',
      leads: 'Ralf Gommers, SciPy',
    })
    const params = { slug: event.slug, topicId: String(topicId) }
    const form = await callRoute(editTopic.loader, getRequest(topicUrl(event, topicId, '/edit'), ana), params)
    expect((form.data as { defaults: unknown }).defaults).toEqual({
      title: 'Array API adoption',
      description: 'Where **NumPy** and friends stand.',
      kind: 'working_session',
      wantedMinutes: '90',
      projects: ['NumPy'],
      otherProjects: 'Dask',
      iLead: true,
      leadProject: 'NumPy',
      iModerate: false,
      leads: 'Ralf Gommers, SciPy',
    })
    expect((await callRoute(editTopic.loader, getRequest(topicUrl(event, topicId, '/edit'), ben), params)).status).toBe(
      403,
    )
    const edit = async (cookie: string, fields: Record<string, string | string[]>) =>
      callRoute(
        editTopic.action,
        await formRequest(topicUrl(event, topicId, '/edit'), proposal(fields), { cookie }),
        params,
      )
    expect((await edit(ben, { title: 'Hijacked' })).status).toBe(403)
    const invalid = await edit(ana, { title: '' })
    expect(invalid.status).toBe(400)
    expect((invalid.data as FormReply).result!.error!.title).toEqual(['Enter a title'])
    const saved = await edit(ana, { title: 'Array API, revised', wantedMinutes: '60', projects: ['SciPy'] })
    expect(saved.status).toBe(303)
    expect(saved.location).toBe(topicUrl(event, topicId))
    expect((await openTopic(event, topicId, ben)).data).toMatchObject({
      topic: { title: 'Array API, revised', wantedMinutes: 60, projects: ['SciPy'], leads: [] },
    })

    await saveTopicSettings(
      event,
      TopicSettingsSchema.parse({
        enabled: true,
        participation: 'registrants',
        moderation: 'post',
        proposalsOpenAt: '2020-01-01T09:00',
        proposalsCloseAt: '2020-02-01T09:00',
        votingCloseAt: '2031-01-01T09:00',
      }),
    )
    const late = await callRoute(editTopic.loader, getRequest(topicUrl(event, topicId, '/edit'), ana), params)
    expect((late.data as { refusal: string }).refusal).toBe('Proposals are closed. Topics can no longer be changed.')
    const lateEdit = await edit(ana, { title: 'Too late' })
    expect(lateEdit.status).toBe(409)
    // Organizers still may.
    expect((await edit(organizerCookie, { title: 'Tidied by the organizers' })).status).toBe(303)
  })
})

describe('a scheduled topic', () => {
  it('shows its session, time, room and notes, and the session links back to it', async () => {
    const event = await topicsEvent()
    const ana = await registrantCookie(event, 'Ana Scheduled')
    const topicId = await proposed(event, ana, { title: 'Scheduled topic' })
    await decideTopic(
      event,
      topicId,
      TopicDecisionSchema.parse({ action: 'accept', message: 'Thank you, we will find a slot.' }),
      'Olga',
    )
    const accepted = (await openTopic(event, topicId, ana)).data as {
      topic: { status: unknown; decisionMessage: string | null }
    }
    expect(accepted.topic).toMatchObject({
      status: { key: 'accepted', label: 'Accepted' },
      decisionMessage: 'Thank you, we will find a slot.',
    })
    // The message is the proposer's (and the organizers'), not everyone's.
    expect(
      ((await openTopic(event, topicId)).data as { topic: { decisionMessage: unknown } }).topic.decisionMessage,
    ).toBeNull()

    const { sessionId } = await decideTopic(
      event,
      topicId,
      TopicDecisionSchema.parse({ action: 'schedule', startsAt: '2030-05-05T10:00', room: 'Room A', publish: true }),
      'Olga',
    )
    const page = (await openTopic(event, topicId)).data as { topic: { status: unknown }; session: unknown }
    expect(page.topic.status).toEqual({ key: 'scheduled', label: 'Scheduled' })
    expect(page.session).toEqual({
      when: 'Sun 5 May 2030, 10:00–11:30 CEST',
      startIso: '2030-05-05T08:00:00.000Z',
      room: 'Room A',
      cancelled: false,
      href: `/events/${event.slug}/sessions/${sessionId}`,
      notesHref: `/events/${event.slug}/sessions/${sessionId}/notes`,
      recordingUrl: null,
    })
    await db
      .insertInto('recordings')
      .values({
        event_id: event.id,
        session_id: sessionId!,
        video_id: 'aBcDeFgHiJk',
        status: 'linked',
        source: 'manual',
      })
      .execute()
    expect(((await openTopic(event, topicId)).data as { session: { recordingUrl: string } }).session.recordingUrl).toBe(
      'https://www.youtube.com/watch?v=aBcDeFgHiJk',
    )
    const session = await callRoute(sessionPage.loader, getRequest(`/events/${event.slug}/sessions/${sessionId}`), {
      slug: event.slug,
      sessionId: String(sessionId),
    })
    expect((session.data as { topic: unknown }).topic).toEqual({
      title: 'Scheduled topic',
      href: topicUrl(event, topicId),
    })
  })
})
