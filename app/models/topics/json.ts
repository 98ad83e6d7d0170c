import { sessionPath, topicPath } from '~/utils/paths'
import { toZonedIso } from '~/utils/time'
import type { TopicDetail, TopicListItem } from './topics.server'

type JsonEvent = { slug: string; time_zone: string }

/** The API's own address of a topic, for `Location` and for clients that follow links. */
export function topicApiUrl(baseUrl: string, slug: string, topicId: number): string {
  return new URL(`/api/v1/events/${encodeURIComponent(slug)}/topics/${topicId}`, baseUrl).toString()
}

/**
 * A topic as the API shows it to anyone: no email addresses, counts only where the asker may see them, links
 * absolute, times with the event zone's offset (as the rest of the API).
 */
export function topicApiJson(baseUrl: string, event: JsonEvent, topic: TopicListItem | TopicDetail) {
  const detail = 'session' in topic ? topic : null
  const time = (instant: Date) => toZonedIso(instant, event.time_zone)
  return {
    id: topic.id,
    url: new URL(topicPath(event.slug, topic.id), baseUrl).toString(),
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
    createdAt: time(topic.createdAt),
    updatedAt: time(topic.updatedAt),
    ...(detail
      ? {
          session: detail.session
            ? {
                id: detail.session.sessionId,
                url: new URL(sessionPath(event.slug, detail.session.sessionId), baseUrl).toString(),
                startsAt: time(detail.session.startsAt),
                endsAt: time(detail.session.endsAt),
                room: detail.session.room,
                cancelled: detail.session.cancelled,
              }
            : null,
          decisionMessage: detail.decisionMessage,
        }
      : {}),
  }
}
