import { data, redirect } from '@remix-run/node'
import type { z } from 'zod'
import { REGISTRANTS_ONLY, requireTopicParticipant, type TopicsContext } from '~/access/topics.server'
import type { GuestJoinSchema, VoteIntentSchema } from '~/models/topics/page-forms'
import { createGuestParticipant } from '~/models/topics/participants.server'
import { TOPIC_KIND_LABELS } from '~/models/topics/topic-schema'
import { voteForTopic, withdrawVote, type TopicListItem } from '~/models/topics/topics.server'
import type { ParticipationView } from '~/components/topics/participation-panel'
import type { PhaseView } from '~/components/topics/phase-banner'
import type { TopicCardData } from '~/components/topics/topic-card'
import type { TopicStatusView } from '~/components/topics/topic-bits'
import { answerDomainErrors } from '~/utils/action.server'
import { topicPath } from '~/utils/paths'
import { safeRedirectTarget } from '~/utils/redirect'
import { formatDateTime } from '~/utils/time'
import { rememberTopicGuest } from '~/utils/topic-guest.server'

// What the public topic pages share: how the phase, the visitor and a topic are put into words, and the two
// posts every topic page takes (a vote, and a guest saying who they are).

/** The organizers' review pages (built by the admin area). */
export function reviewPath(eventId: number, topicId?: number): string {
  return `/admin/events/${eventId}/topics${topicId === undefined ? '' : `/${topicId}`}`
}

/** Where the event's topics stand, in the event's time zone. */
export function phaseView(ctx: TopicsContext, now = new Date()): PhaseView {
  const { settings, phase, event } = ctx
  const at = (instant: Date) => formatDateTime(instant, event.time_zone)
  const votingEnd = settings.voting_close_at ?? settings.proposals_close_at
  const counts = phase.countsShown
    ? null
    : votingEnd
    ? 'Vote counts are hidden until voting closes.'
    : 'Vote counts are hidden while voting is open.'
  const review = settings.moderation === 'pre' ? 'The organizers review each proposal before it is listed here.' : null
  const lines = (...all: (string | null)[]) => all.filter((l): l is string => Boolean(l))
  if (settings.proposals_open_at && now < settings.proposals_open_at) {
    return {
      tone: 'info',
      title: `Proposals open ${at(settings.proposals_open_at)}`,
      lines: lines('Voting starts then too.', review),
    }
  }
  if (phase.proposalsOpen) {
    return {
      tone: 'success',
      title: settings.proposals_close_at
        ? `Proposals are open until ${at(settings.proposals_close_at)}`
        : 'Proposals are open',
      lines: lines(
        phase.votingOpen
          ? votingEnd
            ? `Voting closes ${at(votingEnd)}.`
            : 'Voting stays open until the organizers close it.'
          : null,
        counts,
        review,
      ),
    }
  }
  if (phase.votingOpen) {
    return {
      tone: 'success',
      title: votingEnd ? `Voting is open until ${at(votingEnd)}` : 'Voting is open',
      lines: lines('Proposals are closed: vote for the topics you want on the agenda.', counts),
    }
  }
  return {
    tone: 'warning',
    title: 'Proposals and voting are closed',
    lines: lines(
      votingEnd ? `Voting closed ${at(votingEnd)}.` : null,
      'The organizers choose the topics for the agenda from here.',
    ),
  }
}

/** Who the visitor takes part as, or why they cannot. */
export function participationView(ctx: TopicsContext): ParticipationView {
  const actor = ctx.actor
  if (actor?.kind === 'organizer')
    return { kind: 'organizer', name: actor.user.name, reviewHref: reviewPath(ctx.event.id) }
  if (actor?.kind === 'registrant') return { kind: 'registrant', name: actor.registration.name }
  if (actor?.kind === 'guest') return { kind: 'guest', name: actor.participant.name }
  const reason = ctx.notAllowedReason ?? REGISTRANTS_ONLY
  return ctx.mayJoinAsGuest ? { kind: 'join', reason } : { kind: 'none', reason }
}

/** Whether the visitor may propose now (organizers collect topics outside the phase too). */
export function mayPropose(ctx: TopicsContext): boolean {
  return ctx.actor !== null && (ctx.phase.proposalsOpen || ctx.organizer)
}

export function statusView(topic: Pick<TopicListItem, 'status' | 'sessionId'>): TopicStatusView {
  switch (topic.status) {
    case 'pending_review':
      return { key: 'pending', label: 'Waiting for review' }
    case 'accepted':
      return topic.sessionId ? { key: 'scheduled', label: 'Scheduled' } : { key: 'accepted', label: 'Accepted' }
    case 'declined':
      return { key: 'declined', label: 'Declined' }
    case 'withdrawn':
      return { key: 'withdrawn', label: 'Withdrawn' }
    case 'merged':
      return { key: 'merged', label: 'Merged' }
    default:
      return { key: 'open', label: null }
  }
}

/** Votes are taken on open and accepted topics, while voting is open, from whoever may take part. */
export function mayVoteOn(ctx: TopicsContext, topic: Pick<TopicListItem, 'status'>): boolean {
  return ctx.actor !== null && ctx.phase.votingOpen && (topic.status === 'open' || topic.status === 'accepted')
}

export function topicCard(ctx: TopicsContext, topic: TopicListItem): TopicCardData {
  return {
    id: topic.id,
    title: topic.title,
    href: topicPath(ctx.event.slug, topic.id),
    kind: TOPIC_KIND_LABELS[topic.kind],
    wantedMinutes: topic.wantedMinutes,
    leads: topic.leads,
    projects: topic.projects,
    status: statusView(topic),
    votes: topic.votes,
    voted: topic.voted,
    comments: topic.comments,
    mine: ctx.participant !== null && topic.proposerId === ctx.participant.id,
    mayVote: mayVoteOn(ctx, topic),
  }
}

/** A refusal a fetcher shows by its button, rather than the page's error view. */
function refused(message: string, status: number) {
  return data({ ok: false as const, message }, { status })
}

/**
 * A vote button's post. A fetcher gets the new count as data; a browser without JavaScript sends the page it
 * came from and goes back there (post, redirect, get).
 */
export async function answerVote(ctx: TopicsContext, input: z.output<typeof VoteIntentSchema>) {
  if (!ctx.actor) return refused(ctx.notAllowedReason ?? REGISTRANTS_ONLY, 403)
  const me = await requireTopicParticipant(ctx)
  return answerDomainErrors(async () => {
    const change = input.intent === 'vote' ? voteForTopic : withdrawVote
    const votes = await change(ctx.event.id, ctx.settings, input.topicId, me.participant.id)
    if (input.returnTo) return redirect(safeRedirectTarget(input.returnTo, topicPath(ctx.event.slug)), 303)
    return {
      ok: true as const,
      topicId: input.topicId,
      voted: input.intent === 'vote',
      votes: ctx.organizer || ctx.phase.countsShown ? votes : null,
    }
  })
}

/** A guest says who they are: their participant row, remembered by a cookie in this browser, then back. */
export async function answerJoin(request: Request, ctx: TopicsContext, input: z.output<typeof GuestJoinSchema>) {
  const back = safeRedirectTarget(input.returnTo, topicPath(ctx.event.slug))
  // Already known here (a second tab, a double submit): nothing to add.
  if (ctx.actor) return redirect(back, 303)
  if (!ctx.mayJoinAsGuest) return refused(ctx.notAllowedReason ?? REGISTRANTS_ONLY, 403)
  const guest = await createGuestParticipant(ctx.event.id, { name: input.name, email: input.email })
  const cookie = await rememberTopicGuest(request, ctx.event.id, guest.guest_token!)
  return redirect(back, { status: 303, headers: cookie ? { 'set-cookie': cookie } : {} })
}
