import { Link } from '@remix-run/react'
import { ConfirmAction } from '~/components/confirm-action'
import { kindAndLength, TopicStatusBadge, type TopicStatusView } from '~/components/topics/topic-bits'

export type TopicSessionView = {
  when: string
  startIso: string
  room: string | null
  cancelled: boolean
  href: string
  notesHref: string
  recordingUrl: string | null
}

/** The topic's side column: its facts, its place on the agenda, and what the visitor may do with it. */
export function TopicFacts({
  topic,
  session,
  scheduledUnpublished,
  actions,
}: {
  topic: {
    id: number
    title: string
    kind: string
    wantedMinutes: number
    status: TopicStatusView
    proposerName: string
    proposedAt: string
  }
  session: TopicSessionView | null
  scheduledUnpublished: boolean
  actions: { editHref: string | null; mayWithdraw: boolean; reviewHref: string | null }
}) {
  return (
    <aside className="event-facts topic-facts" aria-label="Topic details">
      <dl>
        <div>
          <dt>Kind and length</dt>
          <dd>{kindAndLength(topic.kind, topic.wantedMinutes)}</dd>
        </div>
        <div>
          <dt>Proposed by</dt>
          <dd>
            {topic.proposerName}, {topic.proposedAt}
          </dd>
        </div>
        {topic.status.label ? (
          <div>
            <dt>Status</dt>
            <dd>
              <TopicStatusBadge status={topic.status} />
            </dd>
          </div>
        ) : null}
      </dl>
      {session ? (
        <>
          <h2 className="facts-heading">On the agenda</h2>
          {session.cancelled ? <p className="notice notice--warning">Its session has been cancelled.</p> : null}
          <dl>
            <div>
              <dt>When</dt>
              <dd>
                <time dateTime={session.startIso}>{session.when}</time>
              </dd>
            </div>
            {session.room ? (
              <div>
                <dt>Room</dt>
                <dd>{session.room}</dd>
              </div>
            ) : null}
          </dl>
          <ul className="plain-links">
            <li>
              <Link to={session.href}>The session</Link>
            </li>
            <li>
              <Link to={session.notesHref}>Its shared notes</Link>
            </li>
            {session.recordingUrl ? (
              <li>
                <a href={session.recordingUrl}>Recording on YouTube</a>
              </li>
            ) : null}
          </ul>
        </>
      ) : scheduledUnpublished ? (
        <p className="muted">Scheduled: its time and room appear here when the organizers publish the agenda.</p>
      ) : null}
      {actions.editHref || actions.mayWithdraw || actions.reviewHref ? (
        <div className="topic-actions stack">
          {actions.editHref ? (
            <p>
              <Link to={actions.editHref} className="button button--secondary">
                Edit topic
              </Link>
            </p>
          ) : null}
          {actions.mayWithdraw ? (
            <ConfirmAction
              label="Withdraw topic"
              question="Withdraw this topic? It leaves the list; its votes are kept in case the organizers reopen it."
              confirmLabel="Withdraw"
              fields={<input type="hidden" name="intent" value="withdraw" />}
            />
          ) : null}
          {actions.reviewHref ? (
            <p>
              <Link to={actions.reviewHref}>Review this topic</Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </aside>
  )
}
