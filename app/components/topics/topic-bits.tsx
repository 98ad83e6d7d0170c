import { lengthLabel } from '~/models/topics/page-forms'
import { plural } from '~/utils/format'

/** A topic's status as its badge shows it; `label` null for an open topic (no badge). */
export type TopicStatusView = {
  key: 'pending' | 'open' | 'accepted' | 'scheduled' | 'declined' | 'withdrawn' | 'merged'
  label: string | null
}

export function TopicStatusBadge({ status }: { status: TopicStatusView }) {
  if (!status.label) return null
  return <span className={`badge topic-status topic-status--${status.key}`}>{status.label}</span>
}

export type TopicLeadView = { name: string; project: string | null; moderates: boolean }

/** Who leads it, each with their project, the moderators marked. */
export function LeadsList({ leads, className }: { leads: TopicLeadView[]; className?: string }) {
  if (!leads.length) return <p className={`muted ${className ?? ''}`}>No lead yet: would you lead it?</p>
  return (
    <ul className={`topic-leads ${className ?? ''}`}>
      {leads.map((lead, i) => (
        <li key={`${lead.name}-${i}`}>
          <span className="topic-leads__name">{lead.name}</span>
          {lead.project ? <span className="muted"> ({lead.project})</span> : null}
          {lead.moderates ? <span className="tag topic-leads__moderates">moderates</span> : null}
        </li>
      ))}
    </ul>
  )
}

export function ProjectTags({ projects }: { projects: string[] }) {
  if (!projects.length) return null
  return (
    <ul className="topic-projects" aria-label="Projects">
      {projects.map((p) => (
        <li key={p} className="tag">
          {p}
        </li>
      ))}
    </ul>
  )
}

/** "Working session · 90 minutes". */
export function kindAndLength(kind: string, minutes: number): string {
  return `${kind} · ${lengthLabel(minutes)}`
}

export function commentCount(n: number): string {
  return n === 0 ? 'No comments yet' : plural(n, 'comment')
}
