import type { TopicSettings } from '#db/schema'

// Where an event's topics stand at a moment: the one reading of the phase settings that pages, the API and the
// models share, so what a page offers is exactly what the model then accepts.

export type TopicPhase = {
  /** New proposals are taken (and proposers may edit theirs). */
  proposalsOpen: boolean
  /** Votes may be given and taken back. */
  votingOpen: boolean
  /** Vote counts are shown to everyone (organizers always see them). */
  countsShown: boolean
  /** Why proposing is refused now, for the page and the 409; null while it is open. */
  proposalsClosedReason: string | null
  votingClosedReason: string | null
}

type PhaseSettings = Pick<
  TopicSettings,
  'proposals_open_at' | 'proposals_close_at' | 'voting_close_at' | 'counts_visible'
>

export function topicPhase(settings: PhaseSettings, now = new Date()): TopicPhase {
  const opens = settings.proposals_open_at
  const closes = settings.proposals_close_at
  const votingCloses = settings.voting_close_at
  const notYet = opens !== null && now < opens
  const proposalsClosedReason = notYet
    ? 'Proposals are not open yet.'
    : closes !== null && now >= closes
    ? 'Proposals are closed.'
    : null
  // Voting opens with proposals and lasts until its own deadline (by default, as long as proposals are taken).
  const votingEnd = votingCloses ?? closes
  const votingClosedReason = notYet
    ? 'Voting has not started yet.'
    : votingEnd !== null && now >= votingEnd
    ? 'Voting is closed.'
    : null
  return {
    proposalsOpen: proposalsClosedReason === null,
    votingOpen: votingClosedReason === null,
    countsShown: settings.counts_visible || (votingEnd !== null && now >= votingEnd),
    proposalsClosedReason,
    votingClosedReason,
  }
}
