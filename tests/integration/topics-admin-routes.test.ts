import { beforeAll, describe, expect, it } from 'vitest'
import * as topicsIndex from '~/routes/admin.events.$id.topics._index'
import * as topicPage from '~/routes/admin.events.$id.topics.$topicId'
import type { Event, TopicParticipant, TopicSettings } from '#db/schema'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { createGuestParticipant, ensureParticipant, setStarScheduled } from '~/models/topics/participants.server'
import { TopicProposalSchema, TopicSettingsSchema } from '~/models/topics/topic-schema'
import { getTopicSettings, proposeTopic, saveTopicSettings, voteForTopic } from '~/models/topics/topics.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

// The organizers' topic pages: the settings form, the review list with its quick decisions, and a topic's page
// with approve, accept, decline, merge and schedule — each through the route, as a browser posts it.

let organizer: PublicUser
let organizerCookie: string
let otherCookie: string

beforeAll(async () => {
  organizer = await makeUser({ name: 'Olga Organizer' })
  organizerCookie = await sessionCookieFor(organizer.id)
  otherCookie = await sessionCookieFor((await makeUser()).id)
})

const indexUrl = (event: Event) => `/admin/events/${event.id}/topics`
const topicUrl = (event: Event, topicId: number) => `/admin/events/${event.id}/topics/${topicId}`

async function topicsEvent(settings: Partial<Record<string, string>> = {}) {
  const event = await makeEvent(organizer.id)
  const saved = await saveTopicSettings(
    event,
    TopicSettingsSchema.parse({ enabled: true, participation: 'registrants', moderation: 'post', ...settings }),
  )
  return { event, settings: saved }
}

async function registrant(event: Event, name: string): Promise<TopicParticipant> {
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${event.id}@example.org`
  const input = registrationSchema({ locationKind: event.location_kind }, []).parse({ name, email })
  const { registration } = await registerForEvent(event.id, input)
  return ensureParticipant({ kind: 'registrant', eventId: event.id, registration: { id: registration.id, name, email } })
}

async function propose(
  event: Event,
  settings: TopicSettings,
  proposer: TopicParticipant,
  fields: Partial<Record<string, unknown>> = {},
) {
  const input = TopicProposalSchema.parse({
    title: 'Array API adoption',
    description: 'Where **NumPy** and friends stand.',
    kind: 'working_session',
    wantedMinutes: 90,
    projects: ['NumPy', 'SciPy'],
    iLead: true,
    leadProject: 'NumPy',
    leads: 'Ralf Gommers, SciPy',
    ...fields,
  })
  return proposeTopic(event, settings, proposer, input, { organizer: false })
}

async function decide(event: Event, topicId: number, fields: Record<string, string | number>, cookie = organizerCookie) {
  return callRoute(topicPage.action, await formRequest(topicUrl(event, topicId), fields, { cookie }), {
    id: String(event.id),
    topicId: String(topicId),
  })
}

async function topicRow(topicId: number) {
  return db.selectFrom('topics').selectAll().where('id', '=', topicId).executeTakeFirstOrThrow()
}

async function votersOf(topicId: number) {
  const rows = await db.selectFrom('topic_votes').select('participant_id').where('topic_id', '=', topicId).execute()
  return rows.map((r) => r.participant_id).sort((a, b) => a - b)
}

/** The topic emails to an address (registering queued its own confirmation before). */
async function topicEmailsTo(address: string) {
  return db
    .selectFrom('email_outbox')
    .select(['kind', 'subject', 'text_body'])
    .where('to_address', '=', address)
    .where('kind', 'like', 'topic-%')
    .orderBy('id')
    .execute()
}

type Reply = { ok?: boolean; message?: string; result?: { error?: Record<string, string[] | null> } }

describe('who may use the topic pages', () => {
  it('sends anonymous visitors to login and refuses organizers of other events (403), pages and forms alike', async () => {
    const { event, settings } = await topicsEvent()
    const topic = await propose(event, settings, await registrant(event, 'Ann Access'))
    const params = { id: String(event.id), topicId: String(topic.id) }

    for (const [mod, url] of [
      [topicsIndex, indexUrl(event)],
      [topicPage, topicUrl(event, topic.id)],
    ] as const) {
      const anonymous = await callRoute(mod.loader, getRequest(url), params)
      expect(anonymous.status).toBe(302)
      expect(anonymous.location).toMatch(/^\/login\?redirectTo=/)
      expect((await callRoute(mod.loader, getRequest(url, otherCookie), params)).status).toBe(403)
      const post = await callRoute(mod.action, await formRequest(url, { action: 'accept' }, { cookie: otherCookie }), params)
      expect(post.status).toBe(403)
    }
    expect((await topicRow(topic.id)).status).toBe('open')
  })

  it('answers 404 for a topic of another event', async () => {
    const { event } = await topicsEvent()
    const other = await topicsEvent()
    const foreign = await propose(other.event, other.settings, await registrant(other.event, 'Fay Foreign'))
    const page = await callRoute(topicPage.loader, getRequest(topicUrl(event, foreign.id), organizerCookie), {
      id: String(event.id),
      topicId: String(foreign.id),
    })
    expect(page.status).toBe(404)
    expect((await decide(event, foreign.id, { action: 'accept' })).status).toBe(404)
    expect((await topicRow(foreign.id)).status).toBe('open')
  })
})

describe('topic settings', () => {
  it('saves the form, times read in the event’s zone, and shows them back', async () => {
    const event = await makeEvent(organizer.id)
    const saved = await callRoute(
      topicsIndex.action,
      await formRequest(
        indexUrl(event),
        {
          enabled: 'on',
          proposalsOpenAt: '2030-04-01T09:00',
          proposalsCloseAt: '2030-04-20T18:00',
          votingCloseAt: '2030-04-27T18:00',
          participation: 'anyone',
          moderation: 'pre',
        },
        { cookie: organizerCookie },
      ),
      { id: String(event.id) },
    )
    expect(saved.status).toBe(303)
    expect(saved.location).toBe(`${indexUrl(event)}?done=settings`)
    const settings = await getTopicSettings(event.id)
    expect(settings).toMatchObject({
      enabled: true,
      participation: 'anyone',
      moderation: 'pre',
      counts_visible: false,
    })
    // Europe/Berlin is two hours ahead of UTC in April (summer time).
    expect(settings?.proposals_open_at?.toISOString()).toBe('2030-04-01T07:00:00.000Z')
    expect(settings?.voting_close_at?.toISOString()).toBe('2030-04-27T16:00:00.000Z')

    const page = await callRoute(topicsIndex.loader, getRequest(`${indexUrl(event)}?done=settings`, organizerCookie), {
      id: String(event.id),
    })
    const shown = page.data as { notice: string; settings: Record<string, unknown> }
    expect(shown.notice).toBe('Topic settings saved.')
    expect(shown.settings).toMatchObject({ proposalsOpenAt: '2030-04-01T09:00', moderation: 'pre', countsVisible: false })
  })

  it('refuses a close before the open with 400, by the close field, and keeps the stored settings', async () => {
    const { event } = await topicsEvent({ moderation: 'post' })
    const refused = await callRoute(
      topicsIndex.action,
      await formRequest(
        indexUrl(event),
        {
          enabled: 'on',
          proposalsOpenAt: '2030-04-20T09:00',
          proposalsCloseAt: '2030-04-10T09:00',
          participation: 'registrants',
          moderation: 'pre',
        },
        { cookie: organizerCookie },
      ),
      { id: String(event.id) },
    )
    expect(refused.status).toBe(400)
    const reply = refused.data as Reply
    expect(reply.result?.error?.proposalsCloseAt).toEqual(['Proposals must close after they open.'])
    expect((await getTopicSettings(event.id))?.moderation).toBe('post')
  })

  it('refuses a form without its choices with 400 by each field', async () => {
    const { event } = await topicsEvent()
    const refused = await callRoute(
      topicsIndex.action,
      await formRequest(indexUrl(event), { enabled: 'on' }, { cookie: organizerCookie }),
      { id: String(event.id) },
    )
    expect(refused.status).toBe(400)
    const errors = (refused.data as Reply).result?.error
    expect(errors?.participation).toEqual(['Choose who may take part'])
    expect(errors?.moderation).toEqual(['Choose when proposals are reviewed'])
  })
})

describe('the review list', () => {
  it('lists every topic with its votes and the summary line, and filters by status', async () => {
    const { event, settings } = await topicsEvent({ moderation: 'pre' })
    const ann = await registrant(event, 'Ann Lister')
    const bob = await registrant(event, 'Bob Lister')
    const waiting = await propose(event, settings, ann, { title: 'Waiting one' })
    const open = await propose(event, settings, bob, { title: 'Open one' })
    await decide(event, open.id, { action: 'approve' })
    await voteForTopic(event.id, settings, open.id, ann.id)
    await voteForTopic(event.id, settings, open.id, bob.id)

    const page = await callRoute(topicsIndex.loader, getRequest(indexUrl(event), organizerCookie), { id: String(event.id) })
    const data = page.data as {
      summary: Record<string, number>
      rows: { id: number; status: string; votes: number; leads: string; proposer: string; kind: string }[]
    }
    expect(data.summary).toEqual({ proposals: 2, waiting: 1, accepted: 0, scheduled: 0 })
    expect(data.rows.map((r) => [r.id, r.status, r.votes])).toEqual([
      [waiting.id, 'pending_review', 0],
      [open.id, 'open', 2],
    ])
    expect(data.rows[0]).toMatchObject({ proposer: 'Ann Lister', kind: 'Working session', leads: 'Ann Lister (NumPy), Ralf Gommers (SciPy)' })

    const filtered = await callRoute(topicsIndex.loader, getRequest(`${indexUrl(event)}?status=pending_review`, organizerCookie), {
      id: String(event.id),
    })
    expect((filtered.data as typeof data).rows.map((r) => r.id)).toEqual([waiting.id])
  })

  it('approves from the list and goes back to it, filter kept, saying what was done', async () => {
    const { event, settings } = await topicsEvent({ moderation: 'pre' })
    const topic = await propose(event, settings, await registrant(event, 'Pat Pending'), { title: 'Needs a look' })
    expect(topic.status).toBe('pending_review')
    const approved = await decide(event, topic.id, { action: 'approve', returnTo: 'list', listStatus: 'pending_review' })
    expect(approved.status).toBe(303)
    expect(approved.location).toBe(`${indexUrl(event)}?done=approve&topic=${topic.id}&status=pending_review`)
    expect((await topicRow(topic.id)).status).toBe('open')

    const page = await callRoute(topicsIndex.loader, getRequest(approved.location!, organizerCookie), { id: String(event.id) })
    expect((page.data as { notice: string }).notice).toBe('“Needs a look” approved: everyone sees it now, and may vote for it.')
  })
})

describe('decisions on a topic', () => {
  it('accepts with a message: 303 back to the topic, and the proposer’s email queued in the outbox', async () => {
    const { event, settings } = await topicsEvent()
    const proposer = await registrant(event, 'Acc Eptee')
    const topic = await propose(event, settings, proposer)
    const accepted = await decide(event, topic.id, { action: 'accept', message: 'See you in room A.' })
    expect(accepted.status).toBe(303)
    expect(accepted.location).toBe(`${topicUrl(event, topic.id)}?done=accept`)
    expect(await topicRow(topic.id)).toMatchObject({ status: 'accepted', decision_message: 'See you in room A.' })
    const [email, ...more] = await topicEmailsTo(proposer.email!)
    expect(more).toEqual([])
    expect(email?.kind).toBe('topic-accepted')
    expect(email?.text_body).toContain('See you in room A.')

    const page = await callRoute(topicPage.loader, getRequest(accepted.location!, organizerCookie), {
      id: String(event.id),
      topicId: String(topic.id),
    })
    expect((page.data as { notice: string }).notice).toBe(`Accepted. An email to Acc Eptee (${proposer.email}) is on its way.`)
  })

  it('declines with a message emailed to the proposer', async () => {
    const { event, settings } = await topicsEvent()
    const proposer = await registrant(event, 'Dee Klined')
    const topic = await propose(event, settings, proposer)
    const declined = await decide(event, topic.id, { action: 'decline', message: 'Covered by the keynote.' })
    expect(declined.status).toBe(303)
    expect(await topicRow(topic.id)).toMatchObject({ status: 'declined', decision_message: 'Covered by the keynote.' })
    const emails = await topicEmailsTo(proposer.email!)
    expect(emails.map((e) => e.kind)).toEqual(['topic-declined'])
    expect(emails[0]?.text_body).toContain('Covered by the keynote.')
  })

  it('refuses a decision the topic’s status does not allow with 409 and says why', async () => {
    const { event, settings } = await topicsEvent()
    const topic = await propose(event, settings, await registrant(event, 'Al Ready'))
    const refused = await decide(event, topic.id, { action: 'approve' })
    expect(refused.status).toBe(409)
    expect((refused.data as Reply).message).toBe('This topic is open: it cannot be approved.')
    expect((await topicRow(topic.id)).status).toBe('open')
  })

  it('refuses an unknown action with 400', async () => {
    const { event, settings } = await topicsEvent()
    const topic = await propose(event, settings, await registrant(event, 'Una Known'))
    expect((await decide(event, topic.id, { action: 'delete' })).status).toBe(400)
  })

  it('merges a duplicate: its votes carried over, one per person', async () => {
    const { event, settings } = await topicsEvent()
    const [p1, p2, p3] = [
      await registrant(event, 'Mer One'),
      await registrant(event, 'Mer Two'),
      await registrant(event, 'Mer Three'),
    ]
    const duplicate = await propose(event, settings, p1!, { title: 'Array API (again)' })
    const original = await propose(event, settings, p2!, { title: 'Array API' })
    for (const p of [p1!, p2!]) await voteForTopic(event.id, settings, duplicate.id, p.id)
    for (const p of [p2!, p3!]) await voteForTopic(event.id, settings, original.id, p.id)

    const merged = await decide(event, duplicate.id, { action: 'merge', intoTopicId: original.id })
    expect(merged.status).toBe(303)
    expect(await votersOf(original.id)).toEqual([p1!.id, p2!.id, p3!.id].sort((a, b) => a - b))
    expect(await votersOf(duplicate.id)).toEqual([])
    expect(await topicRow(duplicate.id)).toMatchObject({ status: 'merged', merged_into_id: original.id })

    const page = await callRoute(topicPage.loader, getRequest(merged.location!, organizerCookie), {
      id: String(event.id),
      topicId: String(duplicate.id),
    })
    expect((page.data as { notice: string }).notice).toBe('Merged into “Array API”: its votes were carried over, one per person.')
  })

  it('refuses a merge without a topic to merge into with 400 by that field', async () => {
    const { event, settings } = await topicsEvent()
    const topic = await propose(event, settings, await registrant(event, 'No Target'))
    const refused = await decide(event, topic.id, { action: 'merge', intoTopicId: '' })
    expect(refused.status).toBe(400)
    expect((refused.data as Reply).result?.error?.intoTopicId).toEqual(['Choose the topic to merge into'])
  })
})

describe('scheduling a topic', () => {
  async function votedTopic() {
    const { event, settings } = await topicsEvent()
    const proposer = await registrant(event, 'Sue Scheduler')
    const starring = await registrant(event, 'Star Voter')
    const optedOut = await registrant(event, 'Quiet Voter')
    await setStarScheduled(optedOut.id, false)
    const guest = await createGuestParticipant(event.id, { name: 'Guest Voter', email: null })
    const topic = await propose(event, settings, proposer, { title: 'Sparse arrays', kind: 'breakout', wantedMinutes: 45 })
    for (const p of [starring, optedOut, guest]) await voteForTopic(event.id, settings, topic.id, p.id)
    return { event, topic, proposer, starring }
  }

  it('creates a session from the day and time given: title, kind, length, leads as speakers, stars for registrant voters', async () => {
    const { event, topic, proposer, starring } = await votedTopic()
    const scheduled = await decide(event, topic.id, { action: 'schedule', day: '2030-05-05', time: '14:30', room: 'Room B' })
    expect(scheduled.status).toBe(303)
    expect(scheduled.location).toBe(`${topicUrl(event, topic.id)}?done=schedule`)

    const row = await topicRow(topic.id)
    expect(row.status).toBe('accepted')
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', row.session_id!).executeTakeFirstOrThrow()
    expect(session).toMatchObject({ event_id: event.id, title: 'Sparse arrays', kind: 'breakout', room: 'Room B', status: 'scheduled' })
    // 14:30 in Berlin in May is 12:30 UTC; the length is the one the proposal asked for.
    expect(session.starts_at.toISOString()).toBe('2030-05-05T12:30:00.000Z')
    expect(session.ends_at.toISOString()).toBe('2030-05-05T13:15:00.000Z')
    expect(session.speakers).toEqual([
      { name: 'Sue Scheduler', affiliation: 'NumPy' },
      { name: 'Ralf Gommers', affiliation: 'SciPy' },
    ])
    const stars = await db.selectFrom('session_stars').select('registration_id').where('session_id', '=', session.id).execute()
    expect(stars.map((s) => s.registration_id)).toEqual([starring.registration_id])
    expect((await topicEmailsTo(proposer.email!)).map((e) => e.kind)).toEqual(['topic-scheduled'])
    expect(await db.selectFrom('published_sessions').select('session_id').where('session_id', '=', session.id).execute()).toEqual([])

    const page = await callRoute(topicPage.loader, getRequest(scheduled.location!, organizerCookie), {
      id: String(event.id),
      topicId: String(topic.id),
    })
    const data = page.data as {
      session: { adminPath: string; room: string; agenda: string; when: string }
      schedule: Record<string, string>
    }
    expect(data.session).toMatchObject({
      adminPath: `/admin/events/${event.id}/sessions/${session.id}`,
      room: 'Room B',
      agenda: 'unpublished',
    })
    expect(data.session.when).toContain('14:30–15:15')
    expect(data.schedule).toEqual({ day: '2030-05-05', time: '14:30', minutes: '45', room: 'Room B' })
  })

  it('publishes the agenda with it when asked', async () => {
    const { event, topic } = await votedTopic()
    const scheduled = await decide(event, topic.id, {
      action: 'schedule',
      day: '2030-05-04',
      time: '10:00',
      minutes: 60,
      room: 'Main hall',
      publish: 'on',
    })
    expect(scheduled.status).toBe(303)
    const { session_id } = await topicRow(topic.id)
    const published = await db.selectFrom('published_sessions').selectAll().where('session_id', '=', session_id!).executeTakeFirstOrThrow()
    expect(published).toMatchObject({ title: 'Sparse arrays', room: 'Main hall' })
    expect(published.ends_at.getTime() - published.starts_at.getTime()).toBe(60 * 60_000)
    const version = await db.selectFrom('schedule_versions').selectAll().where('event_id', '=', event.id).executeTakeFirstOrThrow()
    expect(version.published_by).toBe('Olga Organizer')

    const page = await callRoute(topicPage.loader, getRequest(topicUrl(event, topic.id), organizerCookie), {
      id: String(event.id),
      topicId: String(topic.id),
    })
    expect((page.data as { session: { agenda: string } }).session.agenda).toBe('published')
  })

  it('refuses a missing time, and a time the zone skips, with 400 by the start field and no session', async () => {
    const { event, topic } = await votedTopic()
    const noTime = await decide(event, topic.id, { action: 'schedule', day: '2030-05-04', time: '' })
    expect(noTime.status).toBe(400)
    expect((noTime.data as Reply).result?.error?.startsAt).toEqual(['Enter the day and time'])

    // Clocks in Berlin jump from 02:00 to 03:00 on 31 March 2030.
    const skipped = await decide(event, topic.id, { action: 'schedule', day: '2030-03-31', time: '02:30' })
    expect(skipped.status).toBe(400)
    expect((skipped.data as Reply).result?.error?.startsAt?.[0]).toMatch(/does not exist in Europe\/Berlin/)
    expect((await topicRow(topic.id)).session_id).toBeNull()
  })
})
