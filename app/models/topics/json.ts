import type { TopicDetail, TopicListItem } from './topics.server'

/** A topic as the API shows it to anyone: no email addresses, counts only where the asker may see them. */
export function topicToJson(topic: TopicListItem | TopicDetail, links: { url: string; sessionUrl?: string | null }) {
  const detail = 'session' in topic ? topic : null
  return {
    id: topic.id,
    url: links.url,
    title: topic.title,
    description: topic.descriptionMd,
    kind: topic.kind,
    wantedMinutes: topic.wantedMinutes,
    leads: topic.leads.map((l) => ({ name: l.name, project: l.project, moderates: l.moderates })),
    projects: topic.projects,
    status: topic.status,
    proposer: topic.proposerName,
    votes: topic.votes,
    voted: topic.voted,
    comments: topic.comments,
    sessionId: topic.sessionId,
    mergedIntoId: topic.mergedIntoId,
    createdAt: topic.createdAt.toISOString(),
    updatedAt: topic.updatedAt.toISOString(),
    ...(detail
      ? {
          session: detail.session
            ? {
                id: detail.session.sessionId,
                url: links.sessionUrl ?? null,
                startsAt: detail.session.startsAt.toISOString(),
                endsAt: detail.session.endsAt.toISOString(),
                room: detail.session.room,
                cancelled: detail.session.cancelled,
              }
            : null,
          decisionMessage: detail.decisionMessage,
        }
      : {}),
  }
}
