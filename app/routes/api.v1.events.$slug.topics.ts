import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { requireApiTopicsEvent, requireTopicParticipant, requireBearerSent } from '~/access/topics.server'
import { topicApiJson, topicApiUrl } from '~/models/topics/json'
import { TopicListQuerySchema, TopicProposalSchema } from '~/models/topics/topic-schema'
import { getTopic, listTopics, proposeTopic } from '~/models/topics/topics.server'
import { answerApiDomainErrors, apiError, isJsonObject, methodNotAllowed, PRIVATE_ANSWER, readJsonBody, zodIssues } from '~/utils/api.server'
import { publicBaseUrl } from '~/utils/url.server'

/**
 * The event's topics (public: no email addresses). With a token, the caller's own votes are marked and their
 * proposals still waiting for review are listed too.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireApiTopicsEvent(request, params)
  const query = TopicListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { topics, countsShown, sort } = await listTopics(context.event.id, context.settings, query, context.reader)
  const baseUrl = publicBaseUrl(request)
  const { proposalsOpen, votingOpen, proposalsClosedReason, votingClosedReason } = context.phase
  return Response.json(
    {
      topics: topics.map((t) => topicApiJson(baseUrl, context.event, t)),
      // Sorting by votes while counts are hidden would reveal them: the list says which order it really used.
      sort,
      countsShown,
      phase: { proposalsOpen, votingOpen, proposalsClosedReason, votingClosedReason },
    },
    { headers: request.headers.has('authorization') ? PRIVATE_ANSWER : {} },
  )
}

/** A new proposal, by a registrant (their personal-link token) or an organizer (their API token). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const context = await requireApiTopicsEvent(request, params)
  requireBearerSent(request)
  const proposer = await requireTopicParticipant(context, { api: true })
  const body = await readJsonBody(request)
  if (!isJsonObject(body)) return apiError(400, 'Send the proposal as a JSON object.')
  const parsed = TopicProposalSchema.safeParse(body)
  if (!parsed.success) return apiError(400, 'The proposal is not valid.', zodIssues(parsed.error))
  return answerApiDomainErrors(async () => {
    const { event, settings } = proposer
    const created = await proposeTopic(
      event,
      settings,
      { id: proposer.participant.id, name: proposer.participant.name },
      parsed.data,
      { organizer: proposer.organizer },
    )
    const topic = await getTopic(event.id, created.id, settings, proposer.reader)
    if (!topic) throw new Error(`Topic ${created.id} vanished right after it was proposed.`)
    const baseUrl = publicBaseUrl(request)
    return Response.json(topicApiJson(baseUrl, event, topic), {
      status: 201,
      headers: { ...PRIVATE_ANSWER, location: topicApiUrl(baseUrl, event.slug, topic.id) },
    })
  })
}
