import type { TopicStatus } from '#db/schema'

export const TOPIC_STATUSES = ['pending_review', 'open', 'accepted', 'declined', 'withdrawn', 'merged'] as const satisfies readonly TopicStatus[]

export const TOPIC_STATUS_LABELS: Record<TopicStatus, string> = {
  pending_review: 'Waiting for review',
  open: 'Open',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  merged: 'Merged',
}

// The registration statuses' colours, for the same meanings: waiting (accent), done (green), refused (red),
// gone (grey).
const STATUS_CLASSES: Record<TopicStatus, string> = {
  pending_review: 'status--pending',
  open: '',
  accepted: 'status--published',
  declined: 'status--declined',
  withdrawn: 'status--draft',
  merged: 'status--draft',
}

export function TopicStatusLabel({ status, scheduled }: { status: TopicStatus; scheduled?: boolean }) {
  // Not `.status`: it capitalizes every word, and these labels are phrases.
  return (
    <strong className={STATUS_CLASSES[status] || undefined}>
      {TOPIC_STATUS_LABELS[status]}
      {scheduled ? ', scheduled' : ''}
    </strong>
  )
}

/** Where the page says what a decision did, or why it was refused: one live region, present before it speaks. */
export function DecisionNotice({ notice }: { notice: { ok: boolean; message: string } | null }) {
  return (
    <div role="status">
      {notice ? <p className={`notice ${notice.ok ? 'notice--success' : 'notice--warning'}`}>{notice.message}</p> : null}
    </div>
  )
}
