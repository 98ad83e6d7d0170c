import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { requireApiTopicsEvent, requireTopic, requireTopicParticipant, requireBearerSent } from '~/access/topics.server'
import { topicApiJson } from '~/models/topics/json'
import { TopicProposalSchema } from '~/models/topics/topic-schema'
import { getTopic, updateTopic, withdrawTopic, type TopicDetail } from '~/models/topics/topics.server'
import { answerApiDomainErrors, apiError, isJsonObject, methodNotAllowed, PRIVATE_ANSWER, readJsonBody, zodIssues } from '~/utils/api.server'
import { publicBaseUrl } from '~/utils/url.server'

/** One topic, with its session once that is on the published agenda. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireApiTopicsEvent(request, params)
  const topic = await requireTopic(context, params, { api: true })
  return Response.json(topicApiJson(publicBaseUrl(request), context.event, topic), {
    headers: request.headers.has('authorization') ? PRIVATE_ANSWER : {},
  })
}

/** The proposal as the schema takes it, so a PATCH changes only the fields it sends. */
function proposalAsInput(topic: TopicDetail) {
  return {
    title: topic.title,
    description: topic.descriptionMd,
    kind: topic.kind,
    wantedMinutes: topic.wantedMinutes,
    projects: topic.projects,
    leads: topic.leads.map(({ name, project, moderates }) => ({ name, project, moderates })),
  }
}

/** PATCH: the proposer (until proposals close) or an organizer edits it. DELETE: the proposer withdraws it. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'PATCH' && request.method !== 'DELETE') return methodNotAllowed(['GET', 'PATCH', 'DELETE'])
  const context = await requireApiTopicsEvent(request, params)
  requireBearerSent(request)
  const editor = await requireTopicParticipant(context, { api: true })
  const topic = await requireTopic(editor, params, { api: true })
  const { event, settings } = editor
  let work: () => Promise<unknown>
  if (request.method === 'PATCH') {
    const body = await readJsonBody(request)
    if (!isJsonObject(body)) return apiError(400, 'Send a JSON object with the fields to change.')
    const parsed = TopicProposalSchema.safeParse({ ...proposalAsInput(topic), ...body })
    if (!parsed.success) return apiError(400, 'The changes are not valid.', zodIssues(parsed.error))
    work = () =>
      updateTopic(
        event,
        settings,
        topic.id,
        { participantId: editor.participant.id, organizer: editor.organizer },
        parsed.data,
      )
  } else {
    work = () => withdrawTopic(event, topic.id, { participantId: editor.participant.id })
  }
  return answerApiDomainErrors(async () => {
    await work()
    // Withdrawn topics stay readable, so the answer is the topic as it now is, as a cancelled session's is.
    const changed = await getTopic(event.id, topic.id, settings, editor.reader)
    if (!changed) throw new Error(`Topic ${topic.id} vanished while it was being changed.`)
    return Response.json(topicApiJson(publicBaseUrl(request), event, changed), { headers: PRIVATE_ANSWER })
  })
}
