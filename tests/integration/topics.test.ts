import ICAL from 'ical.js'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Event, Registration, TopicParticipant, TopicSettings } from '#db/schema'
import {
  requireTopic,
  requireTopicParticipant,
  requireTopicsEvent,
  REGISTRANTS_ONLY,
  SAY_WHO_YOU_ARE,
} from '~/access/topics.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { ensureFeedToken } from '~/models/agenda/stars.server'
import { decideTopic } from '~/models/topics/decisions.server'
import { createGuestParticipant, setStarScheduled } from '~/models/topics/participants.server'
import { TopicListQuerySchema } from '~/models/topics/topic-schema'
import {
  getTopic,
  listTopics,
  proposeTopic,
  topicOfSession,
  TopicError,
  updateTopic,
  votedTopicIds,
  voteForTopic,
  withdrawVote,
} from '~/models/topics/topics.server'
import * as eventFeed from '~/routes/events.$slug.calendar[.ics]'
import * as myAgenda from '~/routes/events.$slug.my-agenda'
import * as scheduleJson from '~/routes/events.$slug.schedule[.json]'
import * as scheduleXml from '~/routes/events.$slug.schedule[.xml]'
import * as personalFeed from '~/routes/feeds.$token.calendar[.ics]'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest, sessionCookieFor } from '../support/routes'
import {
  attendeeCookie,
  collectTopics,
  guestCookie,
  insertConfirmedRegistrations,
  participantOf,
  proposal,
  register,
  votersOf,
} from '../support/topics'

// Issue 13's "done when", on the models and the public routes that carry their results: one vote per person
// whatever the concurrency, merges that count no one twice, phases and rights refused with clear errors, and
// scheduled topics reaching the agenda, the feeds, the exports and their voters' stars.

const HOUR = 60 * 60 * 1000
const query = (overrides: Record<string, unknown> = {}) => TopicListQuerySchema.parse(overrides)
const asParticipant = (participant: TopicParticipant) => ({ participantId: participant.id, organizer: false })
const ORGANIZER_READER = { participantId: null, organizer: true }

/** The refusal a model call ended with, to compare its class and code. */
async function refusal(promise: Promise<unknown>): Promise<TopicError> {
  const outcome = await promise.then(
    () => new Error('expected a refusal, got success'),
    (error: unknown) => error,
  )
  expect(outcome).toBeInstanceOf(TopicError)
  return outcome as TopicError
}

/** The Response an access guard threw, with its body. */
async function thrownResponse(promise: Promise<unknown>): Promise<{ status: number; text: string }> {
  const outcome = await promise.then(
    () => new Error('expected a thrown Response'),
    (error: unknown) => error,
  )
  expect(outcome).toBeInstanceOf(Response)
  const response = outcome as Response
  return { status: response.status, text: await response.text() }
}

async function votesListed(event: Event, settings: TopicSettings, topicId: number): Promise<number | null | undefined> {
  const { topics } = await listTopics(event.id, settings, query({ status: 'all' }), ORGANIZER_READER)
  return topics.find((t) => t.id === topicId)?.votes
}

let organizer: PublicUser

beforeAll(async () => {
  organizer = await makeUser({ name: 'Olga Organizer' })
})

describe('200 people voting at once', () => {
  let event: Event
  let settings: TopicSettings
  let crowd: TopicParticipant[]

  beforeAll(async () => {
    event = await makeEvent(organizer.id, { title: 'Crowded Summit' })
    settings = await collectTopics(event)
    const registrations = await insertConfirmedRegistrations(event.id, 200)
    // Their first votes make their participant rows: made at once, too.
    crowd = await Promise.all(registrations.map((r) => participantOf(r)))
  })

  it('200 concurrent votes on one topic are exactly 200 votes', async () => {
    const topic = await proposeTopic(event, settings, crowd[0]!, proposal({ title: 'Free-threaded Python' }), {
      organizer: false,
    })
    const counts = await Promise.all(crowd.map((p) => voteForTopic(event.id, settings, topic.id, p.id)))

    // Each answers the count it saw at its commit: at least its own vote, at most everyone's.
    expect(counts.every((count) => count >= 1 && count <= 200)).toBe(true)
    expect(await votersOf(topic.id)).toEqual(crowd.map((p) => p.id).sort((a, b) => a - b))
    expect(await votesListed(event, settings, topic.id)).toBe(200)
    const shown = await getTopic(event.id, topic.id, settings, asParticipant(crowd[7]!))
    expect(shown).toMatchObject({ votes: 200, voted: true })
  })

  it('the same 200 each voting twice at once are still 200 votes', async () => {
    const topic = await proposeTopic(event, settings, crowd[1]!, proposal({ title: 'Sparse arrays' }), {
      organizer: false,
    })
    const counts = await Promise.all([...crowd, ...crowd].map((p) => voteForTopic(event.id, settings, topic.id, p.id)))

    expect(counts.every((count) => count >= 1 && count <= 200)).toBe(true)
    expect(await votersOf(topic.id)).toHaveLength(200)
    expect(new Set(await votersOf(topic.id)).size).toBe(200)
    expect(await votesListed(event, settings, topic.id)).toBe(200)
  })
})

describe('one vote per person', () => {
  let event: Event
  let settings: TopicSettings
  let ada: TopicParticipant
  let brian: TopicParticipant

  beforeAll(async () => {
    event = await makeEvent(organizer.id)
    settings = await collectTopics(event)
    ada = await participantOf(await register(event, 'Ada'))
    brian = await participantOf(await register(event, 'Brian'))
  })

  it('counts a second vote by the same person once, and takes it back on withdrawal', async () => {
    const topic = await proposeTopic(event, settings, ada, proposal(), { organizer: false })
    expect(await voteForTopic(event.id, settings, topic.id, ada.id)).toBe(1)
    expect(await voteForTopic(event.id, settings, topic.id, ada.id)).toBe(1)
    expect(await votersOf(topic.id)).toEqual([ada.id])
    expect(await votedTopicIds(ada.id)).toEqual([topic.id])

    expect(await voteForTopic(event.id, settings, topic.id, brian.id)).toBe(2)
    expect(await withdrawVote(event.id, settings, topic.id, ada.id)).toBe(1)
    expect(await votersOf(topic.id)).toEqual([brian.id])
    expect(await votedTopicIds(ada.id)).toEqual([])
    expect(await getTopic(event.id, topic.id, settings, asParticipant(ada))).toMatchObject({ votes: 1, voted: false })
  })

  it('withdrawing a vote never given changes nothing', async () => {
    const topic = await proposeTopic(event, settings, brian, proposal({ title: 'Typing stubs' }), { organizer: false })
    await voteForTopic(event.id, settings, topic.id, brian.id)

    expect(await withdrawVote(event.id, settings, topic.id, ada.id)).toBe(1)
    expect(await withdrawVote(event.id, settings, topic.id, ada.id)).toBe(1)
    expect(await votersOf(topic.id)).toEqual([brian.id])
  })
})

describe('merging duplicates', () => {
  let event: Event
  let settings: TopicSettings
  let people: TopicParticipant[]

  beforeAll(async () => {
    event = await makeEvent(organizer.id)
    settings = await collectTopics(event)
    const registrations = await insertConfirmedRegistrations(event.id, 120)
    people = await Promise.all(registrations.map((r) => participantOf(r)))
  })

  async function topicVotedBy(title: string, voters: TopicParticipant[]) {
    const topic = await proposeTopic(event, settings, people[0]!, proposal({ title }), { organizer: false })
    for (const voter of voters) await voteForTopic(event.id, settings, topic.id, voter.id)
    return topic
  }
  const ids = (list: TopicParticipant[]) => list.map((p) => p.id).sort((a, b) => a - b)

  it('keeps one vote for people who voted for both, carries over the rest, and closes the duplicate', async () => {
    const [both1, both2, onlyDuplicate, onlyTarget] = people
    const target = await topicVotedBy('Array API standard', [both1!, both2!, onlyTarget!])
    const duplicate = await topicVotedBy('The array API', [both1!, both2!, onlyDuplicate!])

    const { topic: merged } = await decideTopic(
      event,
      duplicate.id,
      { action: 'merge', intoTopicId: target.id },
      'Olga',
    )

    expect(merged).toMatchObject({ status: 'merged', merged_into_id: target.id })
    expect(await votersOf(target.id)).toEqual(ids([both1!, both2!, onlyDuplicate!, onlyTarget!]))
    expect(await votersOf(duplicate.id)).toEqual([])
    expect(await votesListed(event, settings, target.id)).toBe(4)
    const shown = await getTopic(event.id, duplicate.id, settings, asParticipant(onlyDuplicate!))
    expect(shown).toMatchObject({
      status: 'merged',
      votes: 0,
      mergedInto: { id: target.id, title: 'Array API standard' },
    })
    // Merged away, it is off the list, and its old voter is marked as voting for the one it became.
    const listed = await listTopics(event.id, settings, query(), asParticipant(onlyDuplicate!))
    expect(listed.topics.map((t) => t.id)).not.toContain(duplicate.id)
    expect(listed.topics.find((t) => t.id === target.id)).toMatchObject({ votes: 4, voted: true })

    const late = await refusal(voteForTopic(event.id, settings, duplicate.id, people[5]!.id))
    expect(late.code).toBe('closed')
    expect((await refusal(withdrawVote(event.id, settings, duplicate.id, both1!.id))).code).toBe('closed')
    expect(await votersOf(duplicate.id)).toEqual([])
    const again = await refusal(decideTopic(event, duplicate.id, { action: 'merge', intoTopicId: target.id }, 'Olga'))
    expect(again.code).toBe('invalid_change')
  })

  it('refuses to merge a topic into itself or into one merged away', async () => {
    const topic = await topicVotedBy('Packaging', [people[1]!])
    const itself = await refusal(decideTopic(event, topic.id, { action: 'merge', intoTopicId: topic.id }, 'Olga'))
    expect(itself.code).toBe('invalid_change')
    expect(await votersOf(topic.id)).toEqual([people[1]!.id])

    const gone = await topicVotedBy('Packaging again', [])
    const other = await topicVotedBy('Packaging, third time', [])
    await decideTopic(event, gone.id, { action: 'merge', intoTopicId: other.id }, 'Olga')
    const intoMerged = await refusal(decideTopic(event, topic.id, { action: 'merge', intoTopicId: gone.id }, 'Olga'))
    expect(intoMerged.code).toBe('invalid_change')
    expect((await getTopic(event.id, topic.id, settings, ORGANIZER_READER))?.status).toBe('open')
  })

  it('counts each voter once on the target when votes on the duplicate race the merge', async () => {
    // Forty voted for both already; a burst of eighty votes on the duplicate (forty of them from people who
    // voted for the target too) runs at the same time as the merge.
    const earlyBoth = people.slice(0, 40)
    const target = await topicVotedBy('GPU support', earlyBoth)
    const duplicate = await topicVotedBy('GPUs everywhere', earlyBoth)
    const burst = people.slice(40, 120)
    const racing = burst.map((p) => ({ participant: p, alsoOnTarget: burst.indexOf(p) % 2 === 0 }))
    for (const { participant, alsoOnTarget } of racing)
      if (alsoOnTarget) await voteForTopic(event.id, settings, target.id, participant.id)

    // The merge is sent in the middle of the burst. Votes that lock the duplicate first land and are carried
    // over; votes that come after the merge's lock find it merged away. (On PostgreSQL, votes sharing the row's
    // lock may pass a merge waiting for it, so how many of each there are is up to the database.)
    const vote = ({ participant }: (typeof racing)[number]) =>
      voteForTopic(event.id, settings, duplicate.id, participant.id)
    const earlier = racing.slice(0, 40).map(vote)
    const merge = decideTopic(event, duplicate.id, { action: 'merge', intoTopicId: target.id }, 'Olga')
    const later = racing.slice(40).map(vote)
    const [outcomes, merged] = await Promise.all([Promise.allSettled([...earlier, ...later]), merge])

    expect(merged.topic.status).toBe('merged')
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []))
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(TopicError)
      expect(reason).toMatchObject({ code: 'closed' })
    }
    const counted = racing.filter((_, i) => outcomes[i]!.status === 'fulfilled' || racing[i]!.alsoOnTarget)
    expect(await votersOf(duplicate.id)).toEqual([])
    expect(await votersOf(target.id)).toEqual(ids([...earlyBoth, ...counted.map((r) => r.participant)]))
  })

  it('ends two opposite merges of one pair with one merge and one clear refusal', async () => {
    // Two organizers each merging the pair the other way round at the same moment: one merge wins, the other
    // is told why it cannot be done (a 409), never a database deadlock (a 500).
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => [
        await topicVotedBy(`Docs sprint ${i}`, [people[i]!]),
        await topicVotedBy(`Documentation sprint ${i}`, [people[i + 1]!]),
      ]),
    )
    const outcomes = await Promise.all(
      pairs.map(([a, b]) =>
        Promise.allSettled([
          decideTopic(event, a!.id, { action: 'merge', intoTopicId: b!.id }, 'Olga'),
          decideTopic(event, b!.id, { action: 'merge', intoTopicId: a!.id }, 'Omar'),
        ]),
      ),
    )
    for (const [i, [first, second]] of outcomes.entries()) {
      const reasons = [first, second].flatMap((o) => (o!.status === 'rejected' ? [o!.reason as unknown] : []))
      expect(reasons, `pair ${i}`).toHaveLength(1)
      expect(reasons[0], `pair ${i}: ${String(reasons[0])}`).toBeInstanceOf(TopicError)
      expect(reasons[0], `pair ${i}`).toMatchObject({ code: 'invalid_change' })
      const [a, b] = pairs[i]!
      const voters = [...(await votersOf(a!.id)), ...(await votersOf(b!.id))].sort((x, y) => x - y)
      expect(voters).toEqual(ids([people[i]!, people[i + 1]!]))
    }
  })
})

describe('phases', () => {
  let event: Event
  let settings: TopicSettings
  let proposer: TopicParticipant
  let voter: TopicParticipant
  let opens: number
  const at = (offset: number) => new Date(opens + offset)
  // Proposals open at `opens` for a day; voting runs a day longer.
  const before = () => at(-HOUR)
  const during = () => at(HOUR)
  const afterProposals = () => at(25 * HOUR)
  const afterVoting = () => at(49 * HOUR)

  beforeAll(async () => {
    event = await makeEvent(organizer.id)
    opens = Date.now() + 24 * HOUR
    settings = await collectTopics(event, {
      proposalsOpenAt: new Date(opens).toISOString(),
      proposalsCloseAt: new Date(opens + 24 * HOUR).toISOString(),
      votingCloseAt: new Date(opens + 48 * HOUR).toISOString(),
      countsVisible: false,
    })
    proposer = await participantOf(await register(event, 'Pia Proposer'))
    voter = await participantOf(await register(event, 'Victor Voter'))
  })

  it('refuses proposals before they open and after they close, except from organizers', async () => {
    const early = await refusal(
      proposeTopic(event, settings, proposer, proposal(), { organizer: false, now: before() }),
    )
    expect(early).toMatchObject({ code: 'closed', message: 'Proposals are not open yet.' })
    const late = await refusal(
      proposeTopic(event, settings, proposer, proposal(), { organizer: false, now: afterProposals() }),
    )
    expect(late).toMatchObject({ code: 'closed', message: 'Proposals are closed.' })
    const { topics } = await listTopics(event.id, settings, query({ status: 'all' }), ORGANIZER_READER)
    expect(topics).toEqual([])

    // Organizers collect topics from planning calls too, before and after.
    const fromCall = await proposeTopic(event, settings, proposer, proposal({ title: 'From the call' }), {
      organizer: true,
      now: before(),
    })
    expect(fromCall.status).toBe('open')
    const afterwards = await proposeTopic(event, settings, proposer, proposal({ title: 'Late addition' }), {
      organizer: true,
      now: afterProposals(),
    })
    expect(afterwards.status).toBe('open')
  })

  it('takes votes from the start of proposals until voting closes, and none outside', async () => {
    const topic = await proposeTopic(event, settings, proposer, proposal({ title: 'Voting window' }), {
      organizer: false,
      now: during(),
    })
    expect((await refusal(voteForTopic(event.id, settings, topic.id, voter.id, before()))).code).toBe('closed')
    expect(await voteForTopic(event.id, settings, topic.id, voter.id, during())).toBe(1)
    // Voting lasts past the proposals' close, to its own deadline.
    expect(await voteForTopic(event.id, settings, topic.id, proposer.id, afterProposals())).toBe(2)
    const closed = await refusal(voteForTopic(event.id, settings, topic.id, voter.id, afterVoting()))
    expect(closed).toMatchObject({ code: 'closed', message: 'Voting is closed.' })
    expect((await refusal(withdrawVote(event.id, settings, topic.id, voter.id, afterVoting()))).code).toBe('closed')
    expect(await votersOf(topic.id)).toEqual([proposer.id, voter.id].sort((a, b) => a - b))
  })

  it('lets the proposer edit until proposals close, organizers after', async () => {
    const topic = await proposeTopic(event, settings, proposer, proposal({ title: 'Editable' }), {
      organizer: false,
      now: during(),
    })
    const mine = { participantId: proposer.id, name: proposer.name, organizer: false }
    const edited = await updateTopic(event, settings, topic.id, mine, proposal({ title: 'Edited' }), during())
    expect(edited.title).toBe('Edited')
    const late = await refusal(
      updateTopic(event, settings, topic.id, mine, proposal({ title: 'Too late' }), afterProposals()),
    )
    expect(late.code).toBe('closed')
    const byOrganizer = { participantId: null, name: 'Olga Organizer', organizer: true }
    const fixed = await updateTopic(
      event,
      settings,
      topic.id,
      byOrganizer,
      proposal({ title: 'Fixed' }),
      afterProposals(),
    )
    expect(fixed.title).toBe('Fixed')
  })

  it('hides counts, and sorts newest first, until voting closes; organizers always see them', async () => {
    const phaseEvent = await makeEvent(organizer.id)
    const hidden = await collectTopics(phaseEvent, {
      proposalsOpenAt: new Date(opens).toISOString(),
      proposalsCloseAt: new Date(opens + 24 * HOUR).toISOString(),
      votingCloseAt: new Date(opens + 48 * HOUR).toISOString(),
      countsVisible: false,
    })
    const people = await Promise.all(
      [await register(phaseEvent), await register(phaseEvent)].map((r) => participantOf(r)),
    )
    const popular = await proposeTopic(phaseEvent, hidden, people[0]!, proposal({ title: 'Popular, older' }), {
      organizer: false,
      now: during(),
    })
    const quiet = await proposeTopic(phaseEvent, hidden, people[0]!, proposal({ title: 'Quiet, newer' }), {
      organizer: false,
      now: during(),
    })
    for (const p of people) await voteForTopic(phaseEvent.id, hidden, popular.id, p.id, during())
    const reader = asParticipant(people[1]!)

    const whileVoting = await listTopics(phaseEvent.id, hidden, query({ sort: 'votes' }), reader, during())
    expect(whileVoting).toMatchObject({ countsShown: false, sort: 'newest' })
    expect(whileVoting.topics.map((t) => [t.title, t.votes])).toEqual([
      ['Quiet, newer', null],
      ['Popular, older', null],
    ])
    // They still see what they voted for.
    expect(whileVoting.topics.map((t) => t.voted)).toEqual([false, true])
    const fewest = await listTopics(phaseEvent.id, hidden, query({ sort: 'fewest' }), reader, during())
    expect(fewest.topics.map((t) => t.id)).toEqual([quiet.id, popular.id])
    expect((await getTopic(phaseEvent.id, popular.id, hidden, reader, during()))?.votes).toBeNull()

    const forOrganizers = await listTopics(phaseEvent.id, hidden, query({ sort: 'votes' }), ORGANIZER_READER, during())
    expect(forOrganizers).toMatchObject({ countsShown: true, sort: 'votes' })
    expect(forOrganizers.topics.map((t) => [t.title, t.votes])).toEqual([
      ['Popular, older', 2],
      ['Quiet, newer', 0],
    ])
    expect((await getTopic(phaseEvent.id, popular.id, hidden, ORGANIZER_READER, during()))?.votes).toBe(2)

    const closed = await listTopics(phaseEvent.id, hidden, query({ sort: 'votes' }), reader, afterVoting())
    expect(closed).toMatchObject({ countsShown: true, sort: 'votes' })
    expect(closed.topics.map((t) => [t.title, t.votes])).toEqual([
      ['Popular, older', 2],
      ['Quiet, newer', 0],
    ])
    const fewestClosed = await listTopics(phaseEvent.id, hidden, query({ sort: 'fewest' }), reader, afterVoting())
    expect(fewestClosed.topics.map((t) => t.id)).toEqual([quiet.id, popular.id])
    expect((await getTopic(phaseEvent.id, popular.id, hidden, reader, afterVoting()))?.votes).toBe(2)
  })
})

describe('who may take part', () => {
  let event: Event
  let confirmed: Registration
  let colleague: Registration
  let waitlisted: Registration
  const topicsRequest = (slug: string, cookie?: string) => getRequest(`/events/${slug}/topics`, cookie)

  beforeAll(async () => {
    event = await makeEvent(organizer.id, { capacity: 2 })
    await collectTopics(event, { participation: 'registrants', moderation: 'pre' })
    confirmed = await register(event, 'Clara Confirmed')
    colleague = await register(event, 'Colin Colleague')
    waitlisted = await register(event, 'Walter Waitlisted')
    expect([confirmed.status, colleague.status, waitlisted.status]).toEqual(['confirmed', 'confirmed', 'waitlisted'])
  })

  it('refuses a visitor without a personal link on a registrants-only event, with the reason', async () => {
    const context = await requireTopicsEvent(topicsRequest(event.slug), { slug: event.slug })
    expect(context).toMatchObject({ actor: null, organizer: false, notAllowedReason: REGISTRANTS_ONLY })
    expect(await thrownResponse(requireTopicParticipant(context))).toEqual({ status: 403, text: REGISTRANTS_ONLY })
  })

  it('refuses a waitlisted registrant and lets a confirmed one take part', async () => {
    const waiting = await requireTopicsEvent(topicsRequest(event.slug, await attendeeCookie(waitlisted)), {
      slug: event.slug,
    })
    expect(waiting.actor).toBeNull()
    expect((await thrownResponse(requireTopicParticipant(waiting))).status).toBe(403)

    const context = await requireTopicsEvent(topicsRequest(event.slug, await attendeeCookie(confirmed)), {
      slug: event.slug,
    })
    expect(context.actor).toMatchObject({ kind: 'registrant', registration: { id: confirmed.id } })
    const taking = await requireTopicParticipant(context)
    expect(taking.participant).toMatchObject({ registration_id: confirmed.id, name: 'Clara Confirmed' })
    expect(taking.reader.participantId).toBe(taking.participant.id)
    // Taking part again finds the same row.
    expect((await requireTopicParticipant(context)).participant.id).toBe(taking.participant.id)
  })

  it('knows the organizer by their session, and answers 404 where topics are not collected', async () => {
    const cookie = await sessionCookieFor(organizer.id)
    const context = await requireTopicsEvent(topicsRequest(event.slug, cookie), { slug: event.slug })
    expect(context).toMatchObject({ organizer: true, actor: { kind: 'organizer' } })
    expect((await requireTopicParticipant(context)).participant.user_id).toBe(organizer.id)

    const without = await makeEvent(organizer.id)
    expect((await thrownResponse(requireTopicsEvent(topicsRequest(without.slug), { slug: without.slug }))).status).toBe(
      404,
    )
  })

  it('lets a guest with their cookie take part on an event open to anyone with the link', async () => {
    const open = await makeEvent(organizer.id)
    await collectTopics(open, { participation: 'anyone' })
    const stranger = await requireTopicsEvent(topicsRequest(open.slug), { slug: open.slug })
    expect(stranger).toMatchObject({ actor: null, mayJoinAsGuest: true, notAllowedReason: SAY_WHO_YOU_ARE })
    expect(await thrownResponse(requireTopicParticipant(stranger))).toEqual({ status: 403, text: SAY_WHO_YOU_ARE })

    const guest = await createGuestParticipant(open.id, { name: 'Gina Guest', email: null })
    const context = await requireTopicsEvent(topicsRequest(open.slug, await guestCookie(open.id, guest)), {
      slug: open.slug,
    })
    expect((await requireTopicParticipant(context)).participant.id).toBe(guest.id)
    // Their cookie names them for that event only.
    const elsewhere = await requireTopicsEvent(topicsRequest(event.slug, await guestCookie(open.id, guest)), {
      slug: event.slug,
    })
    expect(elsewhere.actor).toBeNull()
  })

  it('lets only the proposer change their proposal', async () => {
    const settings = (await requireTopicsEvent(topicsRequest(event.slug), { slug: event.slug })).settings
    const author = await participantOf(confirmed)
    const topic = await proposeTopic(event, settings, author, proposal({ title: 'Mine to change' }), {
      organizer: false,
    })
    const someoneElse = await participantOf(colleague)
    const editor = { participantId: someoneElse.id, name: someoneElse.name, organizer: false }
    const refused = await refusal(updateTopic(event, settings, topic.id, editor, proposal({ title: 'Not yours' })))
    expect(refused.code).toBe('not_allowed')
    const anonymous = { participantId: null, name: 'Nobody', organizer: false }
    expect((await refusal(updateTopic(event, settings, topic.id, anonymous, proposal()))).code).toBe('not_allowed')
    expect((await getTopic(event.id, topic.id, settings, ORGANIZER_READER))?.title).toBe('Mine to change')
  })

  it('under pre-moderation shows a new proposal only to its proposer and organizers until approved', async () => {
    const author = await requireTopicParticipant(
      await requireTopicsEvent(topicsRequest(event.slug, await attendeeCookie(confirmed)), { slug: event.slug }),
    )
    const settings = author.settings
    const other = await participantOf(colleague)
    const topic = await proposeTopic(event, settings, author.participant, proposal({ title: 'Waiting for review' }), {
      organizer: false,
    })
    expect(topic.status).toBe('pending_review')

    const titles = async (reader: { participantId: number | null; organizer: boolean }, status = 'active') =>
      (await listTopics(event.id, settings, query({ status }), reader)).topics.map((t) => t.title)
    expect(await titles(asParticipant(other))).not.toContain('Waiting for review')
    expect(await titles({ participantId: null, organizer: false }, 'all')).not.toContain('Waiting for review')
    expect(await getTopic(event.id, topic.id, settings, asParticipant(other))).toBeUndefined()
    const anonymous = await requireTopicsEvent(topicsRequest(event.slug), { slug: event.slug })
    expect((await thrownResponse(requireTopic(anonymous, { topicId: String(topic.id) }))).status).toBe(404)
    expect((await refusal(voteForTopic(event.id, settings, topic.id, other.id))).code).toBe('not_found')

    expect(await titles(author.reader)).toContain('Waiting for review')
    expect((await requireTopic(author, { topicId: String(topic.id) })).status).toBe('pending_review')
    expect(await titles(ORGANIZER_READER, 'all')).toContain('Waiting for review')
    expect(await getTopic(event.id, topic.id, settings, ORGANIZER_READER)).toMatchObject({ status: 'pending_review' })

    const { topic: approved } = await decideTopic(event, topic.id, { action: 'approve' }, 'Olga')
    expect(approved.status).toBe('open')
    expect(await titles(asParticipant(other))).toContain('Waiting for review')
    expect(await titles({ participantId: null, organizer: false })).toContain('Waiting for review')
    expect(await voteForTopic(event.id, settings, topic.id, other.id)).toBe(1)
  })
})

describe('scheduling a topic', () => {
  let event: Event
  let settings: TopicSettings
  let proposer: Registration
  let fan: Registration
  let optedOut: Registration
  let guest: TopicParticipant
  let topicId: number
  let sessionId: number

  const outbox = () =>
    db
      .selectFrom('email_outbox')
      .select(['kind', 'to_address', 'text_body', 'registration_id'])
      .where('event_id', '=', event.id)
      .where('kind', 'like', 'topic-%')
      .orderBy('id')
      .execute()
  const starsOf = async (registration: Registration) =>
    (
      await db.selectFrom('session_stars').select('session_id').where('registration_id', '=', registration.id).execute()
    ).map((r) => r.session_id)
  const summaries = (ics: string) =>
    new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents('vevent')
      .map((v) => String(v.getFirstPropertyValue('summary')))

  beforeAll(async () => {
    event = await makeEvent(organizer.id, {
      title: 'Scheduling Summit',
      timeZone: 'Europe/Berlin',
      startsAt: '2030-05-04T09:00',
      endsAt: '2030-05-06T17:00',
    })
    settings = await collectTopics(event, { participation: 'anyone' })
    proposer = await register(event, 'Stéfan Proposer')
    fan = await register(event, 'Fiona Fan')
    optedOut = await register(event, 'Otto Optout')
    guest = await createGuestParticipant(event.id, { name: 'Gus Guest', email: null })
    const [byProposer, byFan, byOptedOut] = await Promise.all([proposer, fan, optedOut].map((r) => participantOf(r)))
    const topic = await proposeTopic(
      event,
      settings,
      byProposer!,
      proposal({
        title: 'Array API adoption',
        kind: 'working_session',
        wantedMinutes: 90,
        projects: ['NumPy', 'SciPy'],
        leadProject: 'NumPy',
        iModerate: true,
        leads: 'Ralf Gommers, SciPy',
      }),
      { organizer: false },
    )
    topicId = topic.id
    for (const p of [byProposer!, byFan!, byOptedOut!, guest]) await voteForTopic(event.id, settings, topicId, p.id)
    await setStarScheduled(byOptedOut!.id, false)
  })

  it('emails the proposer when their topic is accepted', async () => {
    const { topic } = await decideTopic(event, topicId, { action: 'accept', message: 'See you in Room 190.' }, 'Olga')
    expect(topic.status).toBe('accepted')
    const emails = await outbox()
    expect(emails.map((e) => [e.kind, e.to_address, e.registration_id])).toEqual([
      ['topic-accepted', proposer.email, proposer.id],
    ])
    expect(emails[0]!.text_body).toContain('See you in Room 190.')
  })

  it('creates and publishes its session: leads as speakers, kind and length carried, linked back', async () => {
    const result = await decideTopic(
      event,
      topicId,
      { action: 'schedule', startsAt: '2030-05-05T10:00', minutes: null, room: 'Room 190', publish: true },
      'Olga',
    )
    expect(result.topic).toMatchObject({ status: 'accepted', session_id: result.sessionId })
    expect(result.publishedVersion).toBe(1)
    sessionId = result.sessionId!

    const published = (await listPublishedSessions(event.id)).find((s) => s.session_id === sessionId)
    expect(published).toMatchObject({
      title: 'Array API adoption',
      kind: 'working_session',
      room: 'Room 190',
      abstract_md: 'Where the *Array API* stands across the core projects.',
      tags: ['NumPy', 'SciPy'],
      speakers: [
        { name: 'Stéfan Proposer', affiliation: 'NumPy' },
        { name: 'Ralf Gommers', affiliation: 'SciPy' },
      ],
      status: 'scheduled',
    })
    // 10:00 CEST for the 90 minutes asked for.
    expect(published!.starts_at.toISOString()).toBe('2030-05-05T08:00:00.000Z')
    expect(published!.ends_at.getTime() - published!.starts_at.getTime()).toBe(90 * 60_000)
    expect(await topicOfSession(sessionId)).toEqual({ id: topicId, title: 'Array API adoption' })
    const page = await getTopic(event.id, topicId, settings, { participantId: null, organizer: false })
    expect(page?.session).toMatchObject({ sessionId, room: 'Room 190', cancelled: false })
    expect(page?.session?.startsAt.toISOString()).toBe('2030-05-05T08:00:00.000Z')

    const emails = await outbox()
    expect(emails.map((e) => [e.kind, e.to_address])).toEqual([
      ['topic-accepted', proposer.email],
      ['topic-scheduled', proposer.email],
    ])
    expect(emails[1]!.text_body).toContain('Where: Room 190')
  })

  it('is in the event calendar feed and the schedule exports', async () => {
    const params = { slug: event.slug }
    const ics = await callRoute(eventFeed.loader, getRequest(`/events/${event.slug}/calendar.ics`), params)
    expect(ics.status).toBe(200)
    expect(summaries(String(ics.data))).toContain('Array API adoption')

    const json = await callRoute(scheduleJson.loader, getRequest(`/events/${event.slug}/schedule.json`), params)
    expect(json.status).toBe(200)
    type Day = { rooms: Record<string, { id: number; title: string; duration: string; persons: { name: string }[] }[]> }
    const days = (json.data as { schedule: { conference: { days: Day[] } } }).schedule.conference.days
    const exported = days.flatMap((d) => Object.values(d.rooms).flat()).find((e) => e.id === sessionId)
    expect(exported).toMatchObject({ title: 'Array API adoption', duration: '01:30' })
    expect(exported!.persons.map((p) => p.name)).toEqual(['Stéfan Proposer', 'Ralf Gommers'])

    const xml = await callRoute(scheduleXml.loader, getRequest(`/events/${event.slug}/schedule.xml`), params)
    expect(xml.status).toBe(200)
    expect(String(xml.data)).toMatch(
      new RegExp(`<event [^>]*id="${sessionId}"[^>]*>[\\s\\S]*?<title>Array API adoption</title>`),
    )
  })

  it('is starred for its registrant voters, in their agenda and feed, except who opted out and guests', async () => {
    expect(await starsOf(proposer)).toEqual([sessionId])
    expect(await starsOf(fan)).toEqual([sessionId])
    expect(await starsOf(optedOut)).toEqual([])
    const allStars = await db
      .selectFrom('session_stars')
      .select('registration_id')
      .where('session_id', '=', sessionId)
      .execute()
    expect(allStars.map((s) => s.registration_id).sort((a, b) => a - b)).toEqual(
      [proposer.id, fan.id].sort((a, b) => a - b),
    )

    const agendaOf = async (registration: Registration) => {
      const page = await callRoute(
        myAgenda.loader,
        getRequest(`/events/${event.slug}/my-agenda`, await attendeeCookie(registration)),
        { slug: event.slug },
      )
      return (page.data as { sessions: { id: number }[] }).sessions.map((s) => s.id)
    }
    expect(await agendaOf(fan)).toEqual([sessionId])
    expect(await agendaOf(optedOut)).toEqual([])

    const feedOf = async (registration: Registration) => {
      const token = await ensureFeedToken(registration.id)
      const feed = await callRoute(personalFeed.loader, getRequest(`/feeds/${token}/calendar.ics`), { token })
      expect(feed.status).toBe(200)
      return summaries(String(feed.data))
    }
    expect(await feedOf(fan)).toContain('Array API adoption')
    expect(await feedOf(optedOut)).not.toContain('Array API adoption')
  })

  it('moves the session it already has when scheduled again, and tells the proposer', async () => {
    const moved = await decideTopic(
      event,
      topicId,
      { action: 'schedule', startsAt: '2030-05-06T14:00', minutes: 45, room: 'Plenary', publish: true },
      'Olga',
    )
    expect(moved.sessionId).toBe(sessionId)
    const sessions = await listPublishedSessions(event.id)
    expect(sessions.map((s) => [s.session_id, s.room, s.ends_at.getTime() - s.starts_at.getTime()])).toEqual([
      [sessionId, 'Plenary', 45 * 60_000],
    ])
    expect((await outbox()).map((e) => e.kind)).toEqual(['topic-accepted', 'topic-scheduled', 'topic-scheduled'])
  })

  it('refuses to decline a scheduled topic', async () => {
    const refused = await refusal(decideTopic(event, topicId, { action: 'decline', message: 'No room.' }, 'Olga'))
    expect(refused.code).toBe('invalid_change')
    expect((await getTopic(event.id, topicId, settings, ORGANIZER_READER))?.status).toBe('accepted')
    expect((await outbox()).map((e) => e.kind)).not.toContain('topic-declined')
  })

  it('emails the proposer of a declined topic, with the organizers’ message', async () => {
    const byProposer = await participantOf(proposer)
    const topic = await proposeTopic(event, settings, byProposer, proposal({ title: 'Rewrite it in Rust' }), {
      organizer: false,
    })
    const { topic: declined } = await decideTopic(
      event,
      topic.id,
      { action: 'decline', message: 'Out of scope this year.' },
      'Olga',
    )
    expect(declined).toMatchObject({ status: 'declined', decision_message: 'Out of scope this year.' })
    const last = (await outbox()).at(-1)!
    expect(last).toMatchObject({ kind: 'topic-declined', to_address: proposer.email })
    expect(last.text_body).toContain('Out of scope this year.')
  })

  it('tells a guest who left no email nothing, and decides all the same', async () => {
    const before = await outbox()
    const topic = await proposeTopic(event, settings, guest, proposal({ title: 'Guest idea' }), { organizer: false })
    await decideTopic(event, topic.id, { action: 'accept', message: null }, 'Olga')
    const scheduled = await decideTopic(
      event,
      topic.id,
      { action: 'schedule', startsAt: '2030-05-04T15:00', minutes: null, room: 'Room 210', publish: true },
      'Olga',
    )
    expect(scheduled.topic.status).toBe('accepted')
    expect((await listPublishedSessions(event.id)).map((s) => s.session_id)).toContain(scheduled.sessionId)
    const other = await proposeTopic(event, settings, guest, proposal({ title: 'Another guest idea' }), {
      organizer: false,
    })
    expect((await decideTopic(event, other.id, { action: 'decline', message: 'Sorry.' }, 'Olga')).topic.status).toBe(
      'declined',
    )
    expect(await outbox()).toEqual(before)
  })
})
