import type { Database, Topic } from '#db/schema'
import { db, type Transaction } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { parseApiTime } from '~/utils/time'
import { queueEmail } from '../outbox/outbox.server'
import { publicContentChanged } from '../operations/public-content.server'
import { publishSchedule } from '../agenda/schedule.server'
import { renderTopicEmail, type TopicEmailKind } from './emails'
import type { TopicDecision } from './topic-schema'
import { lockTopic, TopicError } from './topics.server'

type DecisionEvent = { id: number; slug: string; title: string; time_zone: string }

/** What a decision did, for the page's message and the API's answer. */
export type DecisionResult = { topic: Topic; sessionId?: number; publishedVersion?: number }

/**
 * Carries out an organizer's decision on a topic: approve (pre-moderation), accept, decline (with a message),
 * reopen, merge into another topic, or schedule as a session. Each runs in one transaction that locks the topic's
 * row, so two organizers deciding at once are ordered, and queues the proposer's email in that transaction.
 */
export async function decideTopic(
  event: DecisionEvent,
  topicId: number,
  decision: TopicDecision,
  decidedBy: string,
): Promise<DecisionResult> {
  const result = await db.transaction().execute(async (trx) => {
    // A merge locks both topics, lower id first in one statement: two opposite merges of one pair would otherwise
    // each hold one row and wait for the other's (a deadlock).
    if (decision.action === 'merge' && Number.isSafeInteger(decision.intoTopicId)) {
      await trx
        .selectFrom('topics')
        .select('id')
        .where('event_id', '=', event.id)
        .where('id', 'in', [topicId, decision.intoTopicId])
        .orderBy('id')
        .forUpdate()
        .execute()
    }
    const topic = await lockTopic(trx, event.id, topicId)
    switch (decision.action) {
      case 'approve':
        return { topic: await approve(trx, topic) }
      case 'accept':
        return { topic: await accept(trx, event, topic, decision.message) }
      case 'decline':
        return { topic: await decline(trx, event, topic, decision.message) }
      case 'reopen':
        return { topic: await reopen(trx, topic) }
      case 'merge':
        return { topic: await merge(trx, event, topic, decision.intoTopicId) }
      case 'schedule':
        return schedule(trx, event, topic, decision)
    }
  })
  if (decision.action === 'schedule' && decision.publish) {
    const published = await publishSchedule(event.id, decidedBy)
    return { ...result, publishedVersion: published.version }
  }
  return result
}

async function setStatus(
  trx: Transaction<Database>,
  topic: Topic,
  changes: Partial<Pick<Topic, 'status' | 'decision_message' | 'merged_into_id' | 'session_id'>>,
): Promise<Topic> {
  const updated = await trx
    .updateTable('topics')
    .set({ ...changes, decided_at: new Date(), updated_at: new Date() })
    .where('id', '=', topic.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await publicContentChanged(trx, { eventId: topic.event_id })
  return updated
}

function refuseUnless(topic: Topic, allowed: Topic['status'][], what: string) {
  if (!allowed.includes(topic.status)) {
    const state = topic.status === 'pending_review' ? 'waiting for review' : topic.status
    throw new TopicError(`This topic is ${state}: it cannot be ${what}.`, 'invalid_change')
  }
}

async function approve(trx: Transaction<Database>, topic: Topic) {
  refuseUnless(topic, ['pending_review'], 'approved')
  return setStatus(trx, topic, { status: 'open' })
}

async function accept(trx: Transaction<Database>, event: DecisionEvent, topic: Topic, message: string | null) {
  refuseUnless(topic, ['pending_review', 'open', 'declined'], 'accepted')
  const accepted = await setStatus(trx, topic, { status: 'accepted', decision_message: message })
  await notifyProposer(trx, 'topic-accepted', event, accepted, { message })
  return accepted
}

async function decline(trx: Transaction<Database>, event: DecisionEvent, topic: Topic, message: string | null) {
  refuseUnless(topic, ['pending_review', 'open', 'accepted'], 'declined')
  if (topic.session_id)
    throw new TopicError('This topic is on the agenda: cancel or delete its session first.', 'invalid_change')
  const declined = await setStatus(trx, topic, { status: 'declined', decision_message: message })
  await notifyProposer(trx, 'topic-declined', event, declined, { message })
  return declined
}

async function reopen(trx: Transaction<Database>, topic: Topic) {
  refuseUnless(topic, ['declined', 'withdrawn', 'accepted'], 'reopened')
  if (topic.session_id) throw new TopicError('This topic is on the agenda: it cannot be reopened.', 'invalid_change')
  return setStatus(trx, topic, { status: 'open', decision_message: null })
}

/**
 * Merges a duplicate into `intoTopicId`: its voters' votes move to the other topic, one per person (someone who
 * voted for both keeps one vote), and the duplicate points at it. Both rows are locked, lower id first, so two
 * merges of the same pair cannot deadlock; votes cast meanwhile wait (they read the topic FOR SHARE).
 */
async function merge(trx: Transaction<Database>, event: DecisionEvent, duplicate: Topic, intoTopicId: number) {
  if (intoTopicId === duplicate.id) throw new TopicError('A topic cannot be merged into itself.', 'invalid_change')
  refuseUnless(duplicate, ['pending_review', 'open', 'declined'], 'merged')
  if (duplicate.session_id) throw new TopicError('This topic is on the agenda: it cannot be merged.', 'invalid_change')
  const into = await lockTopic(trx, event.id, intoTopicId).catch((error: unknown) => {
    if (error instanceof TopicError)
      throw new TopicError('The topic to merge into is not one of this event’s.', 'not_found')
    throw error
  })
  if (into.status === 'merged' || into.status === 'withdrawn' || into.status === 'pending_review')
    throw new TopicError('Merge into a topic that is open, accepted or declined.', 'invalid_change')
  await trx
    .insertInto('topic_votes')
    .columns(['topic_id', 'participant_id', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('topic_votes')
        .select((s) => [s.val(into.id).as('topic_id'), 'participant_id', 'created_at'])
        .where('topic_id', '=', duplicate.id),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
  await trx.deleteFrom('topic_votes').where('topic_id', '=', duplicate.id).execute()
  await trx.updateTable('topics').set({ updated_at: new Date() }).where('id', '=', into.id).execute()
  return setStatus(trx, duplicate, { status: 'merged', merged_into_id: into.id })
}

/**
 * Puts an open or accepted topic on the working agenda: a session with its title, description, kind and length,
 * its leads as speakers, at the day, time and room chosen; or moves the session it already has. Its voters who
 * take part as registrants get it starred (unless they opted out), so it reaches their agenda and feed when the
 * agenda is published.
 */
async function schedule(
  trx: Transaction<Database>,
  event: DecisionEvent,
  topic: Topic,
  decision: Extract<TopicDecision, { action: 'schedule' }>,
): Promise<DecisionResult> {
  refuseUnless(topic, ['pending_review', 'open', 'accepted'], 'scheduled')
  const start = parseApiTime(decision.startsAt, event.time_zone)
  if (!start.ok) throw new TopicScheduleError(start.reason, 'startsAt')
  const minutes = decision.minutes ?? topic.wanted_minutes
  const startsAt = start.instant
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000)
  const timing = { starts_at: startsAt, ends_at: endsAt, room: decision.room, updated_at: new Date() }
  let sessionId = topic.session_id
  const firstScheduled = sessionId === null
  if (sessionId) {
    await trx.updateTable('sessions').set(timing).where('id', '=', sessionId).execute()
  } else {
    const session = await trx
      .insertInto('sessions')
      .values({
        event_id: event.id,
        title: topic.title,
        abstract_md: topic.description_md,
        kind: topic.kind,
        ...timing,
        speakers: JSON.stringify(topic.leads.map((l) => ({ name: l.name, affiliation: l.project }))),
        tags: topic.projects,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    sessionId = session.id
  }
  // Stars for the voters who want them, once: moving the session later keeps whoever unstarred it since unstarred.
  if (firstScheduled)
    await trx
      .insertInto('session_stars')
      .columns(['registration_id', 'session_id'])
      .expression((eb) =>
        eb
          .selectFrom('topic_votes as v')
          .innerJoin('topic_participants as p', 'p.id', 'v.participant_id')
          .select((s) => ['p.registration_id', s.val(sessionId).as('session_id')])
          .where('v.topic_id', '=', topic.id)
          .where('p.star_scheduled', '=', true)
          .where('p.registration_id', 'is not', null),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
  const scheduled = await setStatus(trx, topic, { status: 'accepted', session_id: sessionId })
  // Moving it tells them again: the time they planned for changed.
  await notifyProposer(trx, 'topic-scheduled', event, scheduled, { session: { startsAt, endsAt, room: decision.room } })
  return { topic: scheduled, sessionId }
}

/** A schedule refused by a field of the form (a time that does not exist in the event's zone): a 400 by it. */
export class TopicScheduleError extends TopicError {
  declare readonly field: string
  constructor(message: string, field: string) {
    super(message, 'invalid_change', field)
  }
}

async function notifyProposer(
  trx: Transaction<Database>,
  kind: TopicEmailKind,
  event: DecisionEvent,
  topic: Topic,
  extra: { message?: string | null; session?: { startsAt: Date; endsAt: Date; room: string | null } },
) {
  const proposer = await trx
    .selectFrom('topic_participants')
    .select(['name', 'email', 'registration_id'])
    .where('id', '=', topic.proposer_id)
    .executeTakeFirstOrThrow()
  // A guest who left no email address cannot be told; the topic's page says it all the same.
  if (!proposer.email) return
  await queueEmail(trx, {
    event_id: event.id,
    registration_id: proposer.registration_id,
    kind,
    to_address: proposer.email,
    ...renderTopicEmail(kind, {
      baseUrl: appBaseUrl(),
      event,
      topic,
      proposerName: proposer.name,
      ...extra,
    }),
  })
}
