import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireTopicParticipant, requireTopicsEvent } from '~/access/topics.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ParticipationPanel } from '~/components/topics/participation-panel'
import { PhaseBanner } from '~/components/topics/phase-banner'
import { TopicForm } from '~/components/topics/topic-form'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { TopicProposalFormSchema } from '~/models/topics/page-forms'
import { proposeTopic } from '~/models/topics/topics.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { topicPath } from '~/utils/paths'
import { mayPropose, participationView, phaseView } from './events.$slug.topics._index/topics-page.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  showsPublicContent([{ eventId: ctx.event.id }])
  return {
    event: { slug: ctx.event.slug, title: ctx.event.title },
    phase: phaseView(ctx),
    participation: participationView(ctx),
    mayPropose: mayPropose(ctx),
    closedReason: ctx.phase.proposalsOpen ? null : ctx.phase.proposalsClosedReason,
    organizer: ctx.organizer,
    moderated: ctx.settings.moderation === 'pre' && !ctx.organizer,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Propose a topic — ${data.event.title} — Convene` : 'Propose a topic — Convene' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  const me = await requireTopicParticipant(ctx)
  const parsed = await parseAction(request, TopicProposalFormSchema)
  if (parsed.failure) return parsed.failure
  return answerDomainErrors(async () => {
    const topic = await proposeTopic(ctx.event, ctx.settings, me.participant, parsed.value, {
      organizer: ctx.organizer,
    })
    return redirect(topicPath(ctx.event.slug, topic.id), 303)
  }, parsed.submission)
}

type Reply = { ok?: boolean; message?: string; result?: SubmissionResult<string[]> }

export default function ProposeTopicPage() {
  const { event, phase, participation, mayPropose, closedReason, organizer, moderated } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const list = topicPath(event.slug)
  return (
    <div className="narrow-wide topics-page">
      <p className="breadcrumb">
        <Link to={list}>Topics of {event.title}</Link>
      </p>
      <h1>Propose a topic</h1>
      <PhaseBanner phase={phase} />
      {!mayPropose ? (
        participation.kind === 'join' || participation.kind === 'none' ? (
          // Saying who they are is the list's form: it brings them back here.
          <ParticipationPanel view={participation} joinAction={`${list}?index`} />
        ) : (
          <div className="notice notice--warning" role="status">
            <p>
              <strong>{closedReason ?? 'Proposals are closed.'}</strong> You can still{' '}
              <Link to={list}>read and vote on the topics proposed</Link> while voting is open.
            </p>
          </div>
        )
      ) : (
        <>
          <p className="lead">
            A topic is something you would like to work on or discuss with others at the summit. Others vote for the
            ones they would join; the organizers choose from them for the agenda.
            {moderated ? ' The organizers review each proposal before it is listed.' : ''}
          </p>
          {organizer && closedReason ? (
            <p className="notice notice--warning">{closedReason} As an organizer you can still add topics.</p>
          ) : null}
          <TopicForm lastResult={reply?.result} submitLabel="Propose topic" cancelHref={list} />
        </>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
