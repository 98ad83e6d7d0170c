import { sql } from 'kysely'
import type { Topic, TopicKind, TopicLead, TopicSettings, TopicStatus } from '#db/schema'
import { db, type Kysely, type Transaction } from '~/utils/db.server'
import type { Database } from '#db/schema'
import { DomainError } from '~/utils/domain-error'
import { parseApiTime } from '~/utils/time'
import { containsPattern } from '../registration/registrations.server'
import { publicContentChanged } from '../operations/public-content.server'
import { recordingForSession } from '../recordings/links.server'
import { topicPhase } from './phases'
import type { TopicListQuery, TopicProposalInput, TopicSettingsInput } from './topic-schema'

type Executor = Kysely<Database> | Transaction<Database>

export class TopicError extends DomainError<'not_found' | 'closed' | 'not_allowed' | 'invalid_change'> {}

// --- settings ----------------------------------------------------------------------------------------------------

export async function getTopicSettings(eventId: number, executor: Executor = db): Promise<TopicSettings | undefined> {
  return executor.selectFrom('topic_settings').selectAll().where('event_id', '=', eventId).executeTakeFirst()
}

/** Saves the organizers' settings; times typed in the event's zone. Refuses a close before its open. */
export async function saveTopicSettings(
  event: { id: number; time_zone: string },
  input: TopicSettingsInput,
): Promise<TopicSettings> {
  const times = {
    proposals_open_at: wallTimeOrInstant(input.proposalsOpenAt, event.time_zone, 'proposalsOpenAt'),
    proposals_close_at: wallTimeOrInstant(input.proposalsCloseAt, event.time_zone, 'proposalsCloseAt'),
    voting_close_at: wallTimeOrInstant(input.votingCloseAt, event.time_zone, 'votingCloseAt'),
  }
  if (times.proposals_open_at && times.proposals_close_at && times.proposals_close_at <= times.proposals_open_at)
    throw new TopicSettingsError('Proposals must close after they open.', 'proposalsCloseAt')
  if (times.voting_close_at && times.proposals_open_at && times.voting_close_at <= times.proposals_open_at)
    throw new TopicSettingsError('Voting must close after proposals open.', 'votingCloseAt')
  const row = {
    enabled: input.enabled,
    ...times,
    participation: input.participation,
    moderation: input.moderation,
    counts_visible: input.countsVisible,
    updated_at: new Date(),
  }
  return db.transaction().execute(async (trx) => {
    const saved = await trx
      .insertInto('topic_settings')
      .values({ event_id: event.id, ...row })
      .onConflict((oc) => oc.column('event_id').doUpdateSet(row))
      .returningAll()
      .executeTakeFirstOrThrow()
    await publicContentChanged(trx, { eventId: event.id })
    return saved
  })
}

/** A time typed in the event's zone (or with an offset), or null for an empty field. */
function wallTimeOrInstant(value: string | null, zone: string, field: string): Date | null {
  if (!value) return null
  const parsed = parseApiTime(value, zone)
  if (!parsed.ok) throw new TopicSettingsError(parsed.reason, field)
  return parsed.instant
}

/** A setting refused, with the field it belongs by (a 400 shown by that field). */
export class TopicSettingsError extends TopicError {
  declare readonly field: string
  constructor(message: string, field: string) {
    super(message, 'invalid_change', field)
  }
}

// --- reading -----------------------------------------------------------------------------------------------------

/** A topic as lists and pages show it: votes are null while counts are hidden from the asker. */
export type TopicListItem = {
  id: number
  title: string
  descriptionMd: string
  kind: TopicKind
  wantedMinutes: number
  leads: TopicLead[]
  projects: string[]
  status: TopicStatus
  proposerId: number
  proposerName: string
  votes: number | null
  voted: boolean
  comments: number
  sessionId: number | null
  mergedIntoId: number | null
  createdAt: Date
  updatedAt: Date
}

const STATUSES_SHOWN: Record<TopicListQuery['status'], TopicStatus[]> = {
  active: ['open', 'accepted'],
  accepted: ['accepted'],
  declined: ['declined'],
  all: ['open', 'accepted', 'declined'],
}

function topicsWithCounts(executor: Executor, participantId: number | null) {
  return executor
    .selectFrom('topics as t')
    .innerJoin('topic_participants as p', 'p.id', 't.proposer_id')
    .select((eb) => [
      't.id',
      't.title',
      't.description_md',
      't.kind',
      't.wanted_minutes',
      't.leads',
      't.projects',
      't.status',
      't.proposer_id',
      'p.name as proposer_name',
      't.session_id',
      't.merged_into_id',
      't.created_at',
      't.updated_at',
      eb
        .selectFrom('topic_votes as v')
        .select(eb.fn.countAll().as('n'))
        .whereRef('v.topic_id', '=', 't.id')
        .as('votes'),
      eb
        .selectFrom('topic_comments as c')
        .select(eb.fn.countAll().as('n'))
        .whereRef('c.topic_id', '=', 't.id')
        .where('c.hidden', '=', false)
        .as('comments'),
      participantId === null
        ? sql<boolean>`false`.as('voted')
        : eb
            .exists(
              eb
                .selectFrom('topic_votes as mine')
                .select('mine.topic_id')
                .whereRef('mine.topic_id', '=', 't.id')
                .where('mine.participant_id', '=', participantId),
            )
            .as('voted'),
    ])
}

type TopicRow = Awaited<ReturnType<ReturnType<typeof topicsWithCounts>['executeTakeFirstOrThrow']>>

function toItem(row: TopicRow, countsShown: boolean): TopicListItem {
  return {
    id: row.id,
    title: row.title,
    descriptionMd: row.description_md,
    kind: row.kind,
    wantedMinutes: row.wanted_minutes,
    leads: row.leads,
    projects: row.projects,
    status: row.status,
    proposerId: row.proposer_id,
    proposerName: row.proposer_name,
    // pg sends count(*) as text, PGlite as a number.
    votes: countsShown ? Number(row.votes ?? 0) : null,
    voted: Boolean(row.voted),
    comments: Number(row.comments ?? 0),
    sessionId: row.session_id,
    mergedIntoId: row.merged_into_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export type TopicReader = {
  /** The asker's participant row, for their "voted" marks and their own pending proposals. */
  participantId: number | null
  /** Organizers see every status and every count. */
  organizer: boolean
}

/**
 * The event's topics for its list page and the API: filtered by kind, project and search, sorted by votes, newest
 * or fewest votes. While counts are hidden, sorting by votes would tell them: such lists are sorted newest first.
 */
export async function listTopics(
  eventId: number,
  settings: TopicSettings,
  query: TopicListQuery,
  reader: TopicReader,
  now = new Date(),
): Promise<{ topics: TopicListItem[]; countsShown: boolean; sort: TopicListQuery['sort'] }> {
  const countsShown = reader.organizer || topicPhase(settings, now).countsShown
  const sort = countsShown ? query.sort : 'newest'
  let statement = topicsWithCounts(db, reader.participantId).where('t.event_id', '=', eventId)
  const statuses = STATUSES_SHOWN[query.status]
  // Proposals waiting for review are shown to the one who made them (and organizers), no one else.
  statement = statement.where((eb) =>
    eb.or([
      eb('t.status', 'in', statuses),
      ...(reader.organizer && query.status === 'all' ? [eb('t.status', '=', 'pending_review')] : []),
      ...(reader.participantId !== null
        ? [eb.and([eb('t.status', '=', 'pending_review'), eb('t.proposer_id', '=', reader.participantId)])]
        : []),
    ]),
  )
  if (query.kind) statement = statement.where('t.kind', '=', query.kind)
  if (query.project) {
    const project = query.project
    statement = statement.where(
      sql<boolean>`exists (select 1 from unnest(${sql.ref(
        't.projects',
      )}) as p(name) where lower(p.name) = lower(${project}))`,
    )
  }
  if (query.q?.trim()) {
    const pattern = containsPattern(query.q.trim())
    statement = statement.where((eb) =>
      eb.or([eb('t.title', 'ilike', pattern), eb('t.description_md', 'ilike', pattern)]),
    )
  }
  statement =
    sort === 'newest'
      ? statement.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc')
      : statement
          .orderBy('votes', sort === 'votes' ? 'desc' : 'asc')
          .orderBy('t.created_at', sort === 'votes' ? 'asc' : 'desc')
          .orderBy('t.id')
  const rows = await statement.execute()
  return { topics: rows.map((r) => toItem(r, countsShown)), countsShown, sort }
}

/** Every topic of the event for the organizers' review, pending ones first, then by votes. */
export async function listTopicsForReview(eventId: number): Promise<TopicListItem[]> {
  const rows = await topicsWithCounts(db, null)
    .where('t.event_id', '=', eventId)
    .orderBy(sql`case t.status when 'pending_review' then 0 when 'open' then 1 when 'accepted' then 2 else 3 end`)
    .orderBy('votes', 'desc')
    .orderBy('t.id')
    .execute()
  return rows.map((r) => toItem(r, true))
}

/** What a topic's page shows of its session once scheduled: as published (null until it is). */
export type TopicSessionInfo = {
  sessionId: number
  startsAt: Date
  endsAt: Date
  room: string | null
  cancelled: boolean
  recordingVideoId: string | null
}

export type TopicDetail = TopicListItem & {
  mergedInto: { id: number; title: string } | null
  session: TopicSessionInfo | null
  /** The organizers' message with their decision: for the proposer and organizers only. */
  decisionMessage: string | null
}

/**
 * One topic for its page. Pending proposals are found only by their proposer and organizers; withdrawn and
 * merged ones stay reachable by their address (with what became of them), declined ones too.
 */
export async function getTopic(
  eventId: number,
  topicId: number,
  settings: TopicSettings,
  reader: TopicReader,
  now = new Date(),
): Promise<TopicDetail | undefined> {
  if (!Number.isSafeInteger(topicId) || topicId <= 0) return undefined
  const row = await topicsWithCounts(db, reader.participantId)
    .select(['t.decision_message'])
    .where('t.event_id', '=', eventId)
    .where('t.id', '=', topicId)
    .executeTakeFirst()
  if (!row) return undefined
  const mine = reader.participantId !== null && row.proposer_id === reader.participantId
  if (row.status === 'pending_review' && !mine && !reader.organizer) return undefined
  const countsShown = reader.organizer || topicPhase(settings, now).countsShown
  const [mergedInto, session] = await Promise.all([
    row.merged_into_id
      ? db.selectFrom('topics').select(['id', 'title']).where('id', '=', row.merged_into_id).executeTakeFirst()
      : undefined,
    row.session_id ? publishedSessionInfo(row.session_id) : undefined,
  ])
  return {
    ...toItem(row, countsShown),
    mergedInto: mergedInto ?? null,
    session: session ?? null,
    decisionMessage: mine || reader.organizer ? row.decision_message : null,
  }
}

async function publishedSessionInfo(sessionId: number): Promise<TopicSessionInfo | undefined> {
  const [row, recording] = await Promise.all([
    db
      .selectFrom('published_sessions')
      .select(['session_id', 'starts_at', 'ends_at', 'room', 'status'])
      .where('session_id', '=', sessionId)
      .executeTakeFirst(),
    // What the session's page shows: its first linked part, never a removed or private video.
    recordingForSession(sessionId),
  ])
  if (!row) return undefined
  return {
    sessionId: row.session_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    room: row.room,
    cancelled: row.status === 'cancelled',
    recordingVideoId: recording?.videoId ?? null,
  }
}

/** The topic a session was scheduled from, for the session's page to link back to. */
export async function topicOfSession(sessionId: number): Promise<{ id: number; title: string } | undefined> {
  return db.selectFrom('topics').select(['id', 'title']).where('session_id', '=', sessionId).executeTakeFirst()
}

/** The topic's row locked (FOR UPDATE) until the transaction ends: every change of a topic takes it first. */
export async function lockTopic(trx: Transaction<Database>, eventId: number, topicId: number): Promise<Topic> {
  if (!Number.isSafeInteger(topicId) || topicId <= 0) throw new TopicError('There is no such topic.', 'not_found')
  const topic = await trx
    .selectFrom('topics')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('id', '=', topicId)
    .forUpdate()
    .executeTakeFirst()
  if (!topic) throw new TopicError('There is no such topic.', 'not_found')
  return topic
}

/** The raw row, for the models' own checks. */
export async function getTopicRow(
  eventId: number,
  topicId: number,
  executor: Executor = db,
): Promise<Topic | undefined> {
  if (!Number.isSafeInteger(topicId) || topicId <= 0) return undefined
  return executor
    .selectFrom('topics')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('id', '=', topicId)
    .executeTakeFirst()
}

// --- proposing ---------------------------------------------------------------------------------------------------

function leadsOf(input: TopicProposalInput, proposerName: string): TopicLead[] {
  const own = input.proposerLeads ? [{ name: proposerName, ...input.proposerLeads }] : []
  return [...own, ...input.leads.filter((l) => l.name !== proposerName || !input.proposerLeads)]
}

/**
 * A new proposal by `proposer`. Refused (409) outside the proposal phase, except to organizers, who collect
 * topics from planning calls too. Under pre-moderation it waits for review before anyone else sees it.
 */
export async function proposeTopic(
  event: { id: number },
  settings: TopicSettings,
  proposer: { id: number; name: string },
  input: TopicProposalInput,
  options: { organizer: boolean; now?: Date },
): Promise<Topic> {
  const phase = topicPhase(settings, options.now)
  if (!phase.proposalsOpen && !options.organizer) throw new TopicError(phase.proposalsClosedReason!, 'closed')
  return db.transaction().execute(async (trx) => {
    const topic = await trx
      .insertInto('topics')
      .values({
        event_id: event.id,
        proposer_id: proposer.id,
        title: input.title,
        description_md: input.description,
        kind: input.kind,
        wanted_minutes: input.wantedMinutes,
        leads: JSON.stringify(leadsOf(input, proposer.name)),
        projects: input.projects,
        status: settings.moderation === 'pre' && !options.organizer ? 'pending_review' : 'open',
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await publicContentChanged(trx, { eventId: event.id })
    return topic
  })
}

/** The proposer's edit (or an organizer's), until proposals close; a decided topic is the organizers' alone. */
export async function updateTopic(
  event: { id: number },
  settings: TopicSettings,
  topicId: number,
  editor: { participantId: number | null; organizer: boolean },
  input: TopicProposalInput,
  now = new Date(),
): Promise<Topic> {
  return db.transaction().execute(async (trx) => {
    const topic = await lockTopic(trx, event.id, topicId)
    assertMayChange(topic, editor, settings, now)
    // "I will lead this" names the proposer, whoever edits (an organizer tidying a proposal does not take it over).
    const proposer = await trx
      .selectFrom('topic_participants')
      .select('name')
      .where('id', '=', topic.proposer_id)
      .executeTakeFirstOrThrow()
    const updated = await trx
      .updateTable('topics')
      .set({
        title: input.title,
        description_md: input.description,
        kind: input.kind,
        wanted_minutes: input.wantedMinutes,
        leads: JSON.stringify(leadsOf(input, proposer.name)),
        projects: input.projects,
        updated_at: new Date(),
      })
      .where('id', '=', topic.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await publicContentChanged(trx, { eventId: event.id })
    return updated
  })
}

function assertMayChange(
  topic: Topic,
  editor: { participantId: number | null; organizer: boolean },
  settings: TopicSettings,
  now: Date,
) {
  if (editor.organizer) return
  if (topic.proposer_id !== editor.participantId)
    throw new TopicError('Only the person who proposed this topic may change it.', 'not_allowed')
  if (topic.status !== 'open' && topic.status !== 'pending_review')
    throw new TopicError('This topic has been decided on; ask the organizers to change it.', 'invalid_change')
  const phase = topicPhase(settings, now)
  if (!phase.proposalsOpen)
    throw new TopicError(`${phase.proposalsClosedReason} Topics can no longer be changed.`, 'closed')
}

/** The proposer takes their topic back (before it is decided). Its votes stay, in case it is reopened. */
export async function withdrawTopic(
  event: { id: number },
  topicId: number,
  editor: { participantId: number | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const topic = await lockTopic(trx, event.id, topicId)
    if (topic.proposer_id !== editor.participantId)
      throw new TopicError('Only the person who proposed this topic may withdraw it.', 'not_allowed')
    if (topic.status !== 'open' && topic.status !== 'pending_review')
      throw new TopicError('This topic has been decided on; ask the organizers to withdraw it.', 'invalid_change')
    await trx
      .updateTable('topics')
      .set({ status: 'withdrawn', updated_at: new Date() })
      .where('id', '=', topic.id)
      .execute()
    await publicContentChanged(trx, { eventId: event.id })
  })
}

// --- voting ------------------------------------------------------------------------------------------------------

const VOTABLE: TopicStatus[] = ['open', 'accepted']

/**
 * One approval vote by `participantId`. The topic's row is read FOR SHARE: votes do not wait for each other,
 * but a merge or decision (FOR UPDATE) waits for them and they for it, so no vote lands on a topic already merged
 * away. The primary key makes a second vote by the same person a no-op. Returns the topic's count after it.
 */
export async function voteForTopic(
  eventId: number,
  settings: TopicSettings,
  topicId: number,
  participantId: number,
  now = new Date(),
): Promise<number> {
  return changeVote(eventId, settings, topicId, participantId, 'vote', now)
}

/** Takes a vote back; taking back a vote never given changes nothing. */
export async function withdrawVote(
  eventId: number,
  settings: TopicSettings,
  topicId: number,
  participantId: number,
  now = new Date(),
): Promise<number> {
  return changeVote(eventId, settings, topicId, participantId, 'unvote', now)
}

async function changeVote(
  eventId: number,
  settings: TopicSettings,
  topicId: number,
  participantId: number,
  change: 'vote' | 'unvote',
  now: Date,
): Promise<number> {
  const phase = topicPhase(settings, now)
  if (!phase.votingOpen) throw new TopicError(phase.votingClosedReason!, 'closed')
  return db.transaction().execute(async (trx) => {
    const topic = await trx
      .selectFrom('topics')
      .select(['id', 'status'])
      .where('event_id', '=', eventId)
      .where('id', '=', topicId)
      .forShare()
      .executeTakeFirst()
    if (!topic || topic.status === 'pending_review') throw new TopicError('There is no such topic.', 'not_found')
    if (!VOTABLE.includes(topic.status))
      throw new TopicError(
        `This topic is ${topic.status === 'merged' ? 'merged into another' : topic.status}: it takes no votes.`,
        'closed',
      )
    if (change === 'vote') {
      await trx
        .insertInto('topic_votes')
        .values({ topic_id: topicId, participant_id: participantId })
        .onConflict((oc) => oc.doNothing())
        .execute()
    } else {
      await trx
        .deleteFrom('topic_votes')
        .where('topic_id', '=', topicId)
        .where('participant_id', '=', participantId)
        .execute()
    }
    await publicContentChanged(trx, { eventId })
    const count = await trx
      .selectFrom('topic_votes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('topic_id', '=', topicId)
      .executeTakeFirstOrThrow()
    return Number(count.n)
  })
}

/** The ids of the topics this participant voted for. */
export async function votedTopicIds(participantId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('topic_votes')
    .select('topic_id')
    .where('participant_id', '=', participantId)
    .execute()
  return rows.map((r) => r.topic_id)
}

// --- discussion --------------------------------------------------------------------------------------------------

export type TopicCommentView = {
  id: number
  authorName: string
  bodyMd: string
  hidden: boolean
  createdAt: Date
  mine: boolean
}

/** A topic's thread, oldest first; hidden comments only for organizers. */
export async function listTopicComments(topicId: number, reader: TopicReader): Promise<TopicCommentView[]> {
  let query = db
    .selectFrom('topic_comments as c')
    .innerJoin('topic_participants as p', 'p.id', 'c.participant_id')
    .select(['c.id', 'p.name', 'c.body_md', 'c.hidden', 'c.created_at', 'c.participant_id'])
    .where('c.topic_id', '=', topicId)
    .orderBy('c.created_at')
    .orderBy('c.id')
  if (!reader.organizer) query = query.where('c.hidden', '=', false)
  const rows = await query.execute()
  return rows.map((r) => ({
    id: r.id,
    authorName: r.name,
    bodyMd: r.body_md,
    hidden: r.hidden,
    createdAt: r.created_at,
    mine: reader.participantId === r.participant_id,
  }))
}

/** A comment on a topic that is shown (not pending, not withdrawn or merged away). */
export async function addTopicComment(
  eventId: number,
  topicId: number,
  participantId: number,
  body: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const topic = await getTopicRow(eventId, topicId, trx)
    if (!topic || topic.status === 'pending_review') throw new TopicError('There is no such topic.', 'not_found')
    if (topic.status === 'withdrawn' || topic.status === 'merged')
      throw new TopicError('This topic is closed to comments.', 'closed')
    await trx
      .insertInto('topic_comments')
      .values({ topic_id: topicId, participant_id: participantId, body_md: body })
      .execute()
    await publicContentChanged(trx, { eventId })
  })
}

/** Moderation: an organizer hides a comment (or shows it again). */
export async function setTopicCommentHidden(
  eventId: number,
  topicId: number,
  commentId: number,
  hidden: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('topic_comments')
      .set({ hidden })
      .where('id', '=', commentId)
      .where('topic_id', '=', topicId)
      .where('topic_id', 'in', (eb) => eb.selectFrom('topics').select('id').where('event_id', '=', eventId))
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new TopicError('There is no such comment.', 'not_found')
    await publicContentChanged(trx, { eventId })
  })
}
