import { Link } from '@remix-run/react'
import {
  commentCount,
  kindAndLength,
  LeadsList,
  ProjectTags,
  TopicStatusBadge,
  type TopicLeadView,
  type TopicStatusView,
} from './topic-bits'
import { VoteButton } from './vote-button'

export type TopicCardData = {
  id: number
  title: string
  href: string
  kind: string
  wantedMinutes: number
  leads: TopicLeadView[]
  projects: string[]
  status: TopicStatusView
  votes: number | null
  voted: boolean
  comments: number
  /** The visitor proposed it. */
  mine: boolean
  mayVote: boolean
}

/** One topic in the list: what it is, who leads it, where it stands, its votes and its discussion. */
export function TopicCard({ topic }: { topic: TopicCardData }) {
  return (
    <li className={`topic-card topic-card--${topic.status.key}`}>
      <div className="topic-card__body">
        <h3 className="topic-card__title">
          <Link to={topic.href}>{topic.title}</Link> <TopicStatusBadge status={topic.status} />
        </h3>
        <p className="topic-card__meta">
          {kindAndLength(topic.kind, topic.wantedMinutes)}
          {topic.mine ? <span className="tag">Your proposal</span> : null}
        </p>
        <div className="topic-card__leads">
          <span className="visually-hidden">Leads: </span>
          <LeadsList leads={topic.leads} className="small" />
        </div>
        <ProjectTags projects={topic.projects} />
        <p className="topic-card__comments small">
          <Link to={`${topic.href}#discussion`}>
            {commentCount(topic.comments)}
            <span className="visually-hidden"> on {topic.title}</span>
          </Link>
        </p>
      </div>
      <VoteButton
        topicId={topic.id}
        title={topic.title}
        voted={topic.voted}
        votes={topic.votes}
        mayVote={topic.mayVote}
      />
    </li>
  )
}
