import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import {
  requireTopic,
  requireTopicParticipant,
  requireTopicsEvent,
  requireTopicsOrganizer,
  type TopicsContext,
} from '~/access/topics.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ParticipationPanel } from '~/components/topics/participation-panel'
import { LeadsList, ProjectTags, TopicStatusBadge } from '~/components/topics/topic-bits'
import { TopicDiscussion } from '~/components/topics/topic-discussion'
import { VoteButton } from '~/components/topics/vote-button'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { youtubeWatchUrl } from '~/models/recordings/youtube-url'
import { TopicPageIntentSchema } from '~/models/topics/page-forms'
import { TOPIC_KIND_LABELS } from '~/models/topics/topic-schema'
import {
  addTopicComment,
  listTopicComments,
  setTopicCommentHidden,
  withdrawTopic,
  type TopicDetail,
} from '~/models/topics/topics.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { markdownExcerpt, renderMarkdown } from '~/utils/markdown.server'
import { notesPath, sessionPath, topicPath } from '~/utils/paths'
import { formatDateTime, formatRange } from '~/utils/time'
import {
  answerJoin,
  answerVote,
  mayVoteOn,
  participationView,
  reviewPath,
  statusView,
} from '../events.$slug.topics._index/topics-page.server'
import { TopicFacts } from './topic-facts'

const UNDECIDED = ['open', 'pending_review']

/** The proposer edits their topic until it is decided or proposals close; organizers edit it whenever. */
function mayEdit(ctx: TopicsContext, topic: TopicDetail, mine: boolean): boolean {
  return ctx.organizer || (mine && UNDECIDED.includes(topic.status) && ctx.phase.proposalsOpen)
}

/** Why a visitor sees no comment form, or null when they may comment. */
function commentRefusal(ctx: TopicsContext, topic: TopicDetail): string | null {
  if (topic.status === 'pending_review') return 'Comments open once the organizers have reviewed this topic.'
  if (topic.status === 'withdrawn' || topic.status === 'merged') return 'This topic is closed to comments.'
  // The panel above already says who may take part and how; here, only what it means for commenting.
  if (!ctx.actor) return ctx.mayJoinAsGuest ? 'Tell us your name above to comment.' : 'Only participants can comment (see above).'
  return null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  showsPublicContent([{ eventId: ctx.event.id }])
  const topic = await requireTopic(ctx, params)
  const comments = await listTopicComments(topic.id, ctx.reader)
  const zone = ctx.event.time_zone
  const slug = ctx.event.slug
  const mine = ctx.participant !== null && topic.proposerId === ctx.participant.id
  const session = topic.session
  return {
    event: { slug, title: ctx.event.title },
    topic: {
      id: topic.id,
      title: topic.title,
      kind: TOPIC_KIND_LABELS[topic.kind],
      rawStatus: topic.status,
      status: statusView(topic),
      wantedMinutes: topic.wantedMinutes,
      leads: topic.leads,
      projects: topic.projects,
      votes: topic.votes,
      voted: topic.voted,
      mayVote: mayVoteOn(ctx, topic),
      proposerName: topic.proposerName,
      proposedAt: formatDateTime(topic.createdAt, zone),
      descriptionHtml: renderMarkdown(topic.descriptionMd),
      decisionMessage: topic.decisionMessage,
      mergedInto: topic.mergedInto
        ? { title: topic.mergedInto.title, href: topicPath(slug, topic.mergedInto.id) }
        : null,
    },
    description: markdownExcerpt(topic.descriptionMd, 160),
    mine,
    session: session
      ? {
          when: formatRange(session.startsAt, session.endsAt, zone),
          startIso: session.startsAt.toISOString(),
          room: session.room,
          cancelled: session.cancelled,
          href: sessionPath(slug, session.sessionId),
          notesHref: notesPath(slug, session.sessionId),
          recordingUrl: session.recordingVideoId ? youtubeWatchUrl(session.recordingVideoId) : null,
        }
      : null,
    scheduledUnpublished: topic.sessionId !== null && !session,
    actions: {
      editHref: mayEdit(ctx, topic, mine) ? topicPath(slug, topic.id, 'edit') : null,
      mayWithdraw: mine && UNDECIDED.includes(topic.status),
      reviewHref: ctx.organizer ? reviewPath(ctx.event.id, topic.id) : null,
    },
    participation: participationView(ctx),
    comments: comments.map((c) => ({
      id: c.id,
      authorName: c.authorName,
      html: renderMarkdown(c.bodyMd),
      hidden: c.hidden,
      postedAt: formatDateTime(c.createdAt, zone),
      postedIso: c.createdAt.toISOString(),
      mine: c.mine,
    })),
    commentRefusal: commentRefusal(ctx, topic),
    organizer: ctx.organizer,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.topic.title} — Topics — ${data.event.title} — Convene` },
        { name: 'description', content: data.description },
      ]
    : [{ title: 'Topic not found — Convene' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  const parsed = await parseAction(request, TopicPageIntentSchema)
  if (parsed.failure) return parsed.failure
  const input = parsed.value
  const here = topicPath(ctx.event.slug, params.topicId)
  switch (input.intent) {
    case 'vote':
    case 'unvote':
      return answerVote(ctx, input)
    case 'join':
      return answerJoin(request, ctx, input)
    case 'comment': {
      const me = await requireTopicParticipant(ctx)
      const topic = await requireTopic(me, params)
      return answerDomainErrors(async () => {
        await addTopicComment(ctx.event.id, topic.id, me.participant.id, input.body)
        return redirect(`${here}#discussion`, 303)
      }, parsed.submission)
    }
    case 'hide-comment':
    case 'show-comment': {
      requireTopicsOrganizer(ctx)
      const topic = await requireTopic(ctx, params)
      return answerDomainErrors(async () => {
        await setTopicCommentHidden(ctx.event.id, topic.id, input.commentId, input.intent === 'hide-comment')
        return redirect(`${here}#comment-${input.commentId}`, 303)
      })
    }
    case 'withdraw': {
      const me = await requireTopicParticipant(ctx)
      const topic = await requireTopic(me, params)
      return answerDomainErrors(async () => {
        await withdrawTopic(ctx.event, topic.id, { participantId: me.participant.id })
        return redirect(here, 303)
      })
    }
  }
}

type Reply = { ok?: boolean; message?: string; result?: SubmissionResult<string[]> }

export default function TopicPage() {
  const {
    event,
    topic,
    session,
    scheduledUnpublished,
    actions,
    participation,
    comments,
    commentRefusal,
    organizer,
    mine,
  } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const intent = reply?.result?.initialValue?.intent
  const joinResult = intent === 'join' ? reply?.result : null
  const commentResult = intent === 'comment' ? reply?.result : null
  const refusal = reply && !reply.ok && !joinResult && !commentResult ? reply.message : null
  return (
    <article className="event-page topic-page">
      <p className="breadcrumb">
        <Link to={topicPath(event.slug)}>Topics of {event.title}</Link>
      </p>
      <header className="event-page__header">
        <p className="eyebrow">Topic · {topic.kind}</p>
        <h1>
          {topic.title} <TopicStatusBadge status={topic.status} />
        </h1>
        <div className="topic-page__vote">
          <VoteButton
            topicId={topic.id}
            title={topic.title}
            voted={topic.voted}
            votes={topic.votes}
            mayVote={topic.mayVote}
          />
        </div>
        <StatusNotice topic={topic} mine={mine} organizer={organizer} />
        {refusal ? (
          <p className="notice notice--warning" role="alert">
            {refusal}
          </p>
        ) : null}
      </header>
      <div className="event-page__layout">
        <div className="stack">
          {topic.descriptionHtml.trim() ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: topic.descriptionHtml }} />
          ) : (
            <p className="empty">No description.</p>
          )}
          <section aria-labelledby="leads-heading">
            <h2 id="leads-heading">{topic.leads.length === 1 ? 'Lead' : 'Leads'}</h2>
            <LeadsList leads={topic.leads} />
          </section>
          {topic.projects.length ? (
            <section aria-labelledby="projects-heading">
              <h2 id="projects-heading">Projects</h2>
              <ProjectTags projects={topic.projects} />
            </section>
          ) : null}
          {participation.kind === 'join' || participation.kind === 'none' ? (
            <ParticipationPanel view={participation} joinResult={joinResult} />
          ) : null}
          <TopicDiscussion
            comments={comments}
            mayComment={commentRefusal === null}
            whyNot={commentRefusal}
            moderate={organizer}
            lastResult={commentResult}
          />
        </div>
        <TopicFacts topic={topic} session={session} scheduledUnpublished={scheduledUnpublished} actions={actions} />
      </div>
    </article>
  )
}

/** What became of the topic, and the organizers' message with their decision for its proposer. */
function StatusNotice({
  topic,
  mine,
  organizer,
}: {
  topic: {
    rawStatus: string
    status: { key: string }
    mergedInto: { title: string; href: string } | null
    decisionMessage: string | null
  }
  mine: boolean
  organizer: boolean
}) {
  const message = topic.decisionMessage ? (
    <div className="topic-decision">
      <p className="notice__title">
        {mine ? 'The organizers’ message to you' : 'The organizers’ message to the proposer'}
      </p>
      <p className="topic-decision__text">{topic.decisionMessage}</p>
    </div>
  ) : null
  switch (topic.rawStatus) {
    case 'pending_review':
      return (
        <div className="notice notice--warning" role="status">
          <p>
            <strong>Waiting for review.</strong>{' '}
            {organizer
              ? 'Approve it to list it for everyone.'
              : 'The organizers look at each proposal before it is listed; until then only you and they see it.'}
          </p>
        </div>
      )
    case 'merged':
      return (
        <div className="notice notice--warning">
          <p>
            This topic was merged into{' '}
            {topic.mergedInto ? <Link to={topic.mergedInto.href}>{topic.mergedInto.title}</Link> : 'another topic'}: its
            votes went there.
          </p>
        </div>
      )
    case 'withdrawn':
      return (
        <div className="notice notice--warning">
          <p>Withdrawn by its proposer: it takes no votes or comments.</p>
        </div>
      )
    case 'declined':
      return (
        <div className="notice notice--warning">
          <p>The organizers declined this topic.</p>
          {message}
        </div>
      )
    case 'accepted':
      return (
        <div className="notice notice--success">
          <p>
            {topic.status.key === 'scheduled'
              ? 'Accepted and on the agenda.'
              : 'Accepted: the organizers will put it on the agenda.'}
          </p>
          {message}
        </div>
      )
    default:
      return message ? <div className="notice">{message}</div> : null
  }
}

export const ErrorBoundary = GeneralErrorBoundary
