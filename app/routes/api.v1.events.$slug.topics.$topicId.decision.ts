import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiTopicsEvent, requireTopic, requireTopicsOrganizer, requireBearerSent } from '~/access/topics.server'
import { topicApiJson } from '~/models/topics/json'
import { decideTopic } from '~/models/topics/decisions.server'
import { TopicDecisionSchema } from '~/models/topics/topic-schema'
import { getTopic } from '~/models/topics/topics.server'
import { answerApiDomainErrors, apiError, isJsonObject, methodNotAllowed, PRIVATE_ANSWER, readJsonBody, zodIssues } from '~/utils/api.server'
import { publicBaseUrl } from '~/utils/url.server'

export async function loader() {
  return methodNotAllowed(['POST'])
}

/**
 * An organizer's decision (their API token): approve, accept, decline, reopen, merge {intoTopicId} or schedule
 * {startsAt, minutes?, room?, publish?}. Scheduling answers with the session it made and, when it published the
 * agenda, the version it published.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const context = await requireApiTopicsEvent(request, params)
  requireBearerSent(request)
  const organizer = requireTopicsOrganizer(context, { api: true })
  const topic = await requireTopic(organizer, params, { api: true })
  const body = await readJsonBody(request)
  if (!isJsonObject(body)) return apiError(400, 'Send the decision as a JSON object.')
  const parsed = TopicDecisionSchema.safeParse(body)
  if (!parsed.success) return apiError(400, 'The decision is not valid.', zodIssues(parsed.error))
  const { event, settings, actor } = organizer
  const decidedBy = actor?.kind === 'organizer' ? actor.user.name : 'API'
  return answerApiDomainErrors(async () => {
    const { sessionId, publishedVersion } = await decideTopic(event, topic.id, parsed.data, decidedBy)
    const decided = await getTopic(event.id, topic.id, settings, organizer.reader)
    if (!decided) throw new Error(`Topic ${topic.id} vanished while it was being decided.`)
    return Response.json(
      {
        ...topicApiJson(publicBaseUrl(request), event, decided),
        ...(sessionId !== undefined ? { sessionId } : {}),
        ...(publishedVersion !== undefined ? { publishedVersion } : {}),
      },
      { headers: PRIVATE_ANSWER },
    )
  })
}
