import type { TopicSettings } from '#db/schema'
import { db } from '~/utils/db.server'
import { getPublishedSession } from '../agenda/schedule.server'
import { getSession } from '../agenda/session.server'
import { getTopic, getTopicSettings, type TopicDetail } from './topics.server'

// What the organizers' review pages need beyond what participants see: the proposer's address (to know whether a
// decision reaches them), and the topic's session as it stands in the working agenda, with whether the public
// sees it yet.

/** The settings an event has before its organizers first save them: the table's own defaults, turned off. */
export function defaultTopicSettings(eventId: number): TopicSettings {
  return {
    event_id: eventId,
    enabled: false,
    proposals_open_at: null,
    proposals_close_at: null,
    voting_close_at: null,
    participation: 'registrants',
    moderation: 'post',
    counts_visible: true,
    updated_at: new Date(0),
  }
}

export async function topicSettingsOrDefaults(eventId: number): Promise<TopicSettings> {
  return (await getTopicSettings(eventId)) ?? defaultTopicSettings(eventId)
}

/**
 * Where the public agenda stands for a session: not published yet, published as it is in the working agenda,
 * or published with changes still waiting for the next publish.
 */
export type AgendaState = 'unpublished' | 'published' | 'changed'

export type ReviewSession = {
  id: number
  startsAt: Date
  endsAt: Date
  room: string | null
  cancelled: boolean
  agenda: AgendaState
}

export type TopicReview = {
  topic: TopicDetail
  proposerEmail: string | null
  session: ReviewSession | null
}

/** One topic as its organizers review it, whatever its status; undefined when the event has no such topic. */
export async function getTopicForReview(eventId: number, topicId: number): Promise<TopicReview | undefined> {
  const settings = await topicSettingsOrDefaults(eventId)
  const topic = await getTopic(eventId, topicId, settings, { participantId: null, organizer: true })
  if (!topic) return undefined
  const [proposer, session] = await Promise.all([
    db.selectFrom('topic_participants').select('email').where('id', '=', topic.proposerId).executeTakeFirst(),
    topic.sessionId ? workingSession(eventId, topic.sessionId) : undefined,
  ])
  return { topic, proposerEmail: proposer?.email ?? null, session: session ?? null }
}

async function workingSession(eventId: number, sessionId: number): Promise<ReviewSession | undefined> {
  const [session, published] = await Promise.all([
    getSession(eventId, sessionId),
    getPublishedSession(eventId, sessionId),
  ])
  if (!session) return undefined
  const same =
    published &&
    published.starts_at.getTime() === session.starts_at.getTime() &&
    published.ends_at.getTime() === session.ends_at.getTime() &&
    (published.room ?? null) === (session.room ?? null) &&
    published.title === session.title &&
    published.status === session.status
  return {
    id: session.id,
    startsAt: session.starts_at,
    endsAt: session.ends_at,
    room: session.room,
    cancelled: session.status === 'cancelled',
    agenda: !published ? 'unpublished' : same ? 'published' : 'changed',
  }
}
