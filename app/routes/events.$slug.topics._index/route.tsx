import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { requireTopicParticipant, requireTopicsEvent, type TopicsContext } from '~/access/topics.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ParticipationPanel } from '~/components/topics/participation-panel'
import { PhaseBanner } from '~/components/topics/phase-banner'
import { StarScheduledForm } from '~/components/topics/star-scheduled-form'
import { TopicCard } from '~/components/topics/topic-card'
import { TopicFilters } from '~/components/topics/topic-filters'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { TopicListIntentSchema, type StarScheduledSchema } from '~/models/topics/page-forms'
import { setStarScheduled } from '~/models/topics/participants.server'
import { CORE_PROJECTS, TopicListQuerySchema } from '~/models/topics/topic-schema'
import { listTopics, type TopicListItem } from '~/models/topics/topics.server'
import { parseAction } from '~/utils/action.server'
import { plural } from '~/utils/format'
import { eventPath, topicPath } from '~/utils/paths'
import { safeRedirectTarget } from '~/utils/redirect'
import { answerJoin, answerVote, mayPropose, participationView, phaseView, topicCard } from './topics-page.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  showsPublicContent([{ eventId: ctx.event.id }])
  const url = new URL(request.url)
  const query = TopicListQuerySchema.parse(Object.fromEntries(url.searchParams))
  const filtered = Boolean(query.kind || query.project || query.q?.trim() || query.status !== 'active')
  const list = await listTopics(ctx.event.id, ctx.settings, query, ctx.reader)
  // The project filter offers every project named, not only those left after filtering.
  const everything = filtered
    ? (await listTopics(ctx.event.id, ctx.settings, { sort: 'newest', status: 'all' }, ctx.reader)).topics
    : list.topics
  return {
    event: { slug: ctx.event.slug, title: ctx.event.title },
    phase: phaseView(ctx),
    participation: participationView(ctx),
    mayPropose: mayPropose(ctx),
    proposalsOpen: ctx.phase.proposalsOpen,
    countsShown: list.countsShown,
    query: {
      sort: list.sort,
      kind: query.kind ?? '',
      project: query.project ?? '',
      status: query.status,
      q: query.q ?? '',
    },
    filtered,
    projects: projectChoices(everything, query.project),
    topics: list.topics.map((t) => topicCard(ctx, t)),
    /** A registrant's choice for topics they voted for; null for anyone else (they have no agenda of stars). */
    starScheduled: ctx.actor?.kind === 'registrant' ? ctx.participant?.star_scheduled ?? true : null,
  }
}

/** The core projects, then any other named by the topics, then the one asked for even if none has it now. */
function projectChoices(topics: TopicListItem[], chosen: string | undefined): string[] {
  const names = [
    ...CORE_PROJECTS,
    ...topics.flatMap((t) => t.projects).sort((a, b) => a.localeCompare(b)),
    chosen ?? '',
  ]
  const seen = new Set<string>()
  return names.filter((name) => {
    const key = name.toLowerCase()
    if (!name || seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Topics — ${data.event.title} — Convene` : 'Topics — Convene' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  const parsed = await parseAction(request, TopicListIntentSchema)
  if (parsed.failure) return parsed.failure
  const input = parsed.value
  switch (input.intent) {
    case 'vote':
    case 'unvote':
      return answerVote(ctx, input)
    case 'join':
      return answerJoin(request, ctx, input)
    case 'star-scheduled':
      return answerStarScheduled(ctx, input)
  }
}

/** Only registrants have an agenda of starred sessions for their voted topics to join. */
async function answerStarScheduled(ctx: TopicsContext, input: z.output<typeof StarScheduledSchema>) {
  if (ctx.actor?.kind !== 'registrant') {
    return data(
      {
        ok: false as const,
        message: 'Only registrants have an agenda to add topics to: open your personal link first.',
      },
      { status: 403 },
    )
  }
  const me = await requireTopicParticipant(ctx)
  await setStarScheduled(me.participant.id, input.starScheduled)
  if (input.returnTo) return redirect(safeRedirectTarget(input.returnTo, topicPath(ctx.event.slug)), 303)
  return { ok: true as const, message: 'Saved.' }
}

type Reply = { ok?: boolean; message?: string; result?: SubmissionResult<string[]> }

export default function TopicsPage() {
  const {
    event,
    phase,
    participation,
    mayPropose,
    proposalsOpen,
    countsShown,
    query,
    filtered,
    projects,
    topics,
    starScheduled,
  } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const joinResult = reply?.result?.initialValue?.intent === 'join' ? reply.result : null
  // A refusal posted without JavaScript (a vote after voting closed) comes back here as the page's message.
  const refusal = reply && !reply.ok && !joinResult ? reply.message : null
  const base = topicPath(event.slug)
  return (
    <div className="topics-page">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <div className="page-heading">
        <h1>Topics</h1>
        {mayPropose ? (
          <Link to={`${base}/new`} className="button">
            Propose a topic
          </Link>
        ) : null}
      </div>
      <p className="lead">
        What should the summit work on? Propose a topic, vote for every one you would join, and the organizers put the
        chosen ones on the agenda.
      </p>
      <PhaseBanner phase={phase} />
      {refusal ? (
        <p className="notice notice--warning" role="alert">
          {refusal}
        </p>
      ) : null}
      <ParticipationPanel view={participation} joinResult={joinResult}>
        {starScheduled !== null ? <StarScheduledForm starScheduled={starScheduled} /> : null}
      </ParticipationPanel>
      <section aria-labelledby="topic-list-heading" className="topic-list-section">
        <h2 id="topic-list-heading">Proposed topics</h2>
        <TopicFilters query={query} sortOffered={countsShown} projects={projects} clearHref={base} />
        <p className="topic-list__summary" role="status">
          {plural(topics.length, 'topic')}
          {countsShown ? '' : ', newest first while vote counts are hidden'}
        </p>
        {topics.length ? (
          <ul className="topic-list">
            {topics.map((t) => (
              <TopicCard key={t.id} topic={t} />
            ))}
          </ul>
        ) : (
          <EmptyList
            filtered={filtered}
            clearHref={base}
            mayPropose={mayPropose}
            proposalsOpen={proposalsOpen}
            proposeHref={`${base}/new`}
          />
        )}
      </section>
    </div>
  )
}

function EmptyList({
  filtered,
  clearHref,
  mayPropose,
  proposalsOpen,
  proposeHref,
}: {
  filtered: boolean
  clearHref: string
  mayPropose: boolean
  proposalsOpen: boolean
  proposeHref: string
}) {
  if (filtered) {
    return (
      <p className="empty">
        No topic matches this search or these filters.{' '}
        <Link to={clearHref} replace preventScrollReset>
          Show all open topics
        </Link>
      </p>
    )
  }
  return (
    <p className="empty">
      No topics yet.{' '}
      {mayPropose ? (
        <>
          What would you like to work on? <Link to={proposeHref}>Propose the first topic</Link>.
        </>
      ) : proposalsOpen ? (
        'Proposals are open: the first ones will appear here.'
      ) : (
        'Proposed topics will appear here.'
      )}
    </p>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
