import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireTopic, requireTopicParticipant, requireTopicsEvent, type TopicsContext } from '~/access/topics.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TopicForm } from '~/components/topics/topic-form'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { proposalFormValues, TopicProposalFormSchema } from '~/models/topics/page-forms'
import { updateTopic, type TopicDetail } from '~/models/topics/topics.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { topicPath } from '~/utils/paths'

const NOT_YOURS = 'Only the person who proposed this topic may change it.'

function actorName(ctx: TopicsContext): string {
  const actor = ctx.actor
  if (!actor) return ''
  return actor.kind === 'organizer'
    ? actor.user.name
    : actor.kind === 'registrant'
    ? actor.registration.name
    : actor.participant.name
}

/** Why the proposer may not change their topic now; null while they may (organizers always may). */
function editRefusal(ctx: TopicsContext, topic: TopicDetail): string | null {
  if (ctx.organizer) return null
  if (topic.status !== 'open' && topic.status !== 'pending_review')
    return 'This topic has been decided on; ask the organizers to change it.'
  if (!ctx.phase.proposalsOpen) return `${ctx.phase.proposalsClosedReason} Topics can no longer be changed.`
  return null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  showsPublicContent([{ eventId: ctx.event.id }])
  const topic = await requireTopic(ctx, params)
  const mine = ctx.participant !== null && topic.proposerId === ctx.participant.id
  if (!mine && !ctx.organizer) throw new Response(NOT_YOURS, { status: 403 })
  return {
    event: { slug: ctx.event.slug, title: ctx.event.title },
    topic: { id: topic.id, title: topic.title },
    refusal: editRefusal(ctx, topic),
    defaults: proposalFormValues(topic, actorName(ctx)),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit “${data.topic.title}” — Topics — ${data.event.title} — Convene` : 'Edit topic — Convene' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTopicsEvent(request, params)
  const me = await requireTopicParticipant(ctx)
  const topic = await requireTopic(me, params)
  const parsed = await parseAction(request, TopicProposalFormSchema)
  if (parsed.failure) return parsed.failure
  const editor = { participantId: me.participant.id, name: me.participant.name, organizer: ctx.organizer }
  return answerDomainErrors(async () => {
    await updateTopic(ctx.event, ctx.settings, topic.id, editor, parsed.value)
    return redirect(topicPath(ctx.event.slug, topic.id), 303)
  }, parsed.submission)
}

export default function EditTopicPage() {
  const { event, topic, refusal, defaults } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined
  const back = topicPath(event.slug, topic.id)
  return (
    <div className="narrow-wide topics-page">
      <p className="breadcrumb">
        <Link to={back}>{topic.title}</Link>
      </p>
      <h1>Edit topic</h1>
      {refusal ? (
        <div className="notice notice--warning" role="status">
          <p>
            <strong>{refusal}</strong> <Link to={back}>Back to the topic</Link>
          </p>
        </div>
      ) : (
        <TopicForm
          key={JSON.stringify(defaults)}
          defaultValue={defaults}
          lastResult={reply?.result}
          submitLabel="Save changes"
          cancelHref={back}
        />
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
