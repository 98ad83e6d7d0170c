import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiTopicsEvent, requireTopic, requireTopicParticipant, requireBearerSent } from '~/access/topics.server'
import { voteForTopic, withdrawVote } from '~/models/topics/topics.server'
import { answerApiDomainErrors, methodNotAllowed, PRIVATE_ANSWER } from '~/utils/api.server'

export async function loader() {
  return methodNotAllowed(['POST', 'DELETE'])
}

/** POST gives the caller's approval vote (once, however often it is sent); DELETE takes it back. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST' && request.method !== 'DELETE') return methodNotAllowed(['POST', 'DELETE'])
  const context = await requireApiTopicsEvent(request, params)
  requireBearerSent(request)
  const voter = await requireTopicParticipant(context, { api: true })
  const topic = await requireTopic(voter, params, { api: true })
  const voted = request.method === 'POST'
  const change = voted ? voteForTopic : withdrawVote
  return answerApiDomainErrors(async () => {
    const count = await change(voter.event.id, voter.settings, topic.id, voter.participant.id)
    // While counts are hidden, the count after one's own vote would tell them too.
    const votes = voter.organizer || voter.phase.countsShown ? count : null
    return Response.json({ topicId: topic.id, votes, voted }, { headers: PRIVATE_ANSWER })
  })
}
