import type { SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import {
  combineStartsAt,
  MergeForm,
  MessageDecisionForm,
  QuickDecision,
  ScheduleForm,
  type MergeCandidate,
  type ScheduleDefaults,
} from '~/components/topics-admin/decision-forms'
import { TopicFacts, TopicSession, type TopicFactsView, type TopicSessionView } from '~/components/topics-admin/topic-facts'
import { DecisionNotice, TOPIC_STATUS_LABELS, TOPIC_STATUSES } from '~/components/topics-admin/topic-status'
import { requireManagedEvent } from '~/access/event.server'
import { listSessions, scheduleWarnings, warningsFor } from '~/models/agenda/session.server'
import { decideTopic, TopicScheduleError } from '~/models/topics/decisions.server'
import { getTopicForReview, type TopicReview } from '~/models/topics/review.server'
import { TOPIC_KIND_LABELS, TopicDecisionSchema, type TopicDecision } from '~/models/topics/topic-schema'
import { listTopicsForReview } from '~/models/topics/topics.server'
import { answerDomainErrors, parseAction, type ActionReply } from '~/utils/action.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { sessionPath, topicPath } from '~/utils/paths'
import { formatDateTime, formatRange, instantToWallTime } from '~/utils/time'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Topics — Convene` : 'Topic — Convene' },
]

const topicsPath = (eventId: number) => `/admin/events/${eventId}/topics`

/** The event's days in its own zone, for the schedule form's day select (at most two months of them). */
function eventDays(startsAt: Date, endsAt: Date, zone: string): { value: string; label: string }[] {
  const days: { value: string; label: string }[] = []
  let day = DateTime.fromJSDate(startsAt, { zone }).startOf('day')
  const last = DateTime.fromJSDate(endsAt, { zone }).startOf('day')
  while (day <= last && days.length < 62) {
    days.push({ value: day.toISODate() ?? '', label: day.setLocale('en-GB').toFormat('cccc d LLLL yyyy') })
    day = day.plus({ days: 1 })
  }
  return days
}

function emailNote({ topic, proposerEmail }: TopicReview): string {
  return proposerEmail
    ? `An email to ${topic.proposerName} (${proposerEmail}) is on its way.`
    : `${topic.proposerName} left no email address, so no one is emailed.`
}

/** What the redirect after a decision asks the page to say, read against the topic as it is now. */
function noticeOf(done: string | null, review: TopicReview): string | null {
  switch (done) {
    case 'approve':
      return 'Approved: everyone sees the topic now, and may vote for it.'
    case 'accept':
      return `Accepted. ${emailNote(review)}`
    case 'decline':
      return `Declined. ${emailNote(review)}`
    case 'reopen':
      return 'Reopened: the topic is open again, with its votes.'
    case 'merge':
      return review.topic.mergedInto
        ? `Merged into “${review.topic.mergedInto.title}”: its votes were carried over, one per person.`
        : null
    case 'schedule':
      return `On the agenda. ${emailNote(review)}`
    default:
      return null
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const review = await getTopicForReview(event.id, Number(params.topicId))
  if (!review) throw new Response('There is no such topic.', { status: 404 })
  const { topic, session } = review
  const zone = event.time_zone
  const [all, sessions, warnings] = await Promise.all([
    listTopicsForReview(event.id),
    listSessions(event.id),
    session ? scheduleWarnings(event) : Promise.resolve([]),
  ])
  const candidates = all
    .filter((t) => t.id !== topic.id && (t.status === 'open' || t.status === 'accepted' || t.status === 'declined'))
    .map((t): MergeCandidate => ({ id: t.id, title: t.title, statusLabel: TOPIC_STATUS_LABELS[t.status], votes: t.votes ?? 0 }))
  const rooms = [...new Set(sessions.map((s) => s.room?.trim()).filter((r): r is string => Boolean(r)))].sort((a, b) =>
    a.localeCompare(b),
  )
  const days = eventDays(event.starts_at, event.ends_at, zone)
  const [sessionDay = '', sessionTime = ''] = session ? instantToWallTime(session.startsAt, zone).split('T') : []
  // A session moved outside the event's days keeps its own day in the select.
  if (sessionDay && !days.some((d) => d.value === sessionDay)) {
    days.unshift({ value: sessionDay, label: DateTime.fromISO(sessionDay).setLocale('en-GB').toFormat('cccc d LLLL yyyy') })
  }
  const schedule: ScheduleDefaults = session
    ? {
        day: sessionDay,
        time: sessionTime,
        minutes: String(Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000)),
        room: session.room ?? '',
      }
    : { day: days[0]?.value ?? '', time: '', minutes: String(topic.wantedMinutes), room: '' }
  const facts: TopicFactsView = {
    status: topic.status,
    scheduled: session !== null,
    kind: TOPIC_KIND_LABELS[topic.kind],
    wantedMinutes: topic.wantedMinutes,
    votes: topic.votes ?? 0,
    comments: topic.comments,
    leads: topic.leads,
    projects: topic.projects,
    proposerName: topic.proposerName,
    proposerEmail: review.proposerEmail,
    created: formatDateTime(topic.createdAt, zone),
    updated: formatDateTime(topic.updatedAt, zone),
    descriptionHtml: renderMarkdown(topic.descriptionMd),
    decisionMessage: topic.decisionMessage,
    mergedInto: topic.mergedInto
      ? { title: topic.mergedInto.title, adminPath: `${topicsPath(event.id)}/${topic.mergedInto.id}` }
      : null,
    publicPath: topic.status === 'pending_review' ? null : topicPath(event.slug, topic.id),
  }
  const sessionView: TopicSessionView | null = session
    ? {
        adminPath: `/admin/events/${event.id}/sessions/${session.id}`,
        agendaPath: `/admin/events/${event.id}/sessions`,
        publicPath: session.agenda === 'unpublished' ? null : sessionPath(event.slug, session.id),
        when: formatRange(session.startsAt, session.endsAt, zone),
        room: session.room,
        cancelled: session.cancelled,
        agenda: session.agenda,
        warnings: warningsFor(warnings, session.id).map((w) => w.message),
      }
    : null
  return {
    eventId: event.id,
    timeZone: zone,
    topicId: topic.id,
    title: topic.title,
    status: topic.status,
    // Remounts the decision forms, emptied, once a decision changed the topic.
    version: topic.updatedAt.toISOString(),
    facts,
    session: sessionView,
    candidates,
    rooms,
    days,
    schedule,
    notice: noticeOf(new URL(request.url).searchParams.get('done'), review),
  }
}

/**
 * The request with the schedule form's day and time joined into `startsAt` (combineStartsAt), so that the one
 * TopicDecisionSchema validates the page's form as it does the API's body. Other decisions pass unchanged.
 */
async function withStartsAt(request: Request): Promise<Request> {
  const formData = combineStartsAt(await request.formData())
  const headers = new Headers(request.headers)
  // The body is encoded anew, with a boundary of its own.
  headers.delete('content-type')
  headers.delete('content-length')
  return new Request(request.url, { method: request.method, headers, body: formData })
}

/** Back to the topic's page, or to the review list the decision was made from, saying what was done. */
function afterDecision(eventId: number, topicId: number, decision: TopicDecision, formData: FormData): string {
  const search = new URLSearchParams({ done: decision.action })
  if (formData.get('returnTo') !== 'list') return `${topicsPath(eventId)}/${topicId}?${search}`
  search.set('topic', String(topicId))
  const status = TOPIC_STATUSES.find((s) => s === formData.get('listStatus'))
  if (status) search.set('status', status)
  return `${topicsPath(eventId)}?${search}`
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await requireManagedEvent(request, params)
  const topicId = Number(params.topicId)
  const parsed = await parseAction(await withStartsAt(request), TopicDecisionSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission, formData } = parsed
  return answerDomainErrors(async () => {
    try {
      await decideTopic(event, topicId, value, user.name)
    } catch (error) {
      // A wall time the event's zone skips: the time field's problem, not a conflict with the topic's state.
      if (error instanceof TopicScheduleError) {
        const reply: ActionReply = {
          ok: false,
          message: error.message,
          result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }),
        }
        return data(reply, { status: 400 })
      }
      throw error
    }
    return redirect(afterDecision(event.id, topicId, value, formData), 303)
  }, submission)
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

/** Which decision form sent a refused submission, so only it shows the errors by its fields. */
function refusedAction(reply: ActionReply | undefined): string | undefined {
  const sent = reply?.result?.initialValue?.action
  return typeof sent === 'string' ? sent : undefined
}

export default function TopicAdminPage() {
  const loaderData = useLoaderData<typeof loader>()
  const { eventId, title, facts, session, notice } = loaderData
  const actionData = useActionData<typeof action>()
  const refused = refusedAction(actionData)
  const resultFor = (action: string): SubmissionResult<string[]> | null =>
    refused === action ? (actionData?.result ?? null) : null
  const shown = actionData?.message
    ? { ok: false, message: actionData.message }
    : notice
      ? { ok: true, message: notice }
      : null
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link to={topicsPath(eventId)}>Topics</Link>
      </p>
      <h2>{title}</h2>
      <DecisionNotice notice={shown} />
      <TopicFacts topic={facts} />
      {session ? <TopicSession session={session} /> : null}
      <Decisions view={loaderData} resultFor={resultFor} />
    </div>
  )
}

function Decisions({
  view: { status, session, version, candidates, rooms, days, schedule, timeZone, facts },
  resultFor,
}: {
  view: LoaderData
  resultFor: (action: string) => SubmissionResult<string[]> | null
}) {
  const onAgenda = session !== null
  const may = {
    approve: status === 'pending_review',
    accept: status === 'pending_review' || status === 'open' || status === 'declined',
    decline: (status === 'pending_review' || status === 'open' || status === 'accepted') && !onAgenda,
    reopen: (status === 'declined' || status === 'withdrawn' || status === 'accepted') && !onAgenda,
    merge: (status === 'pending_review' || status === 'open' || status === 'declined') && !onAgenda,
    schedule: status === 'pending_review' || status === 'open' || status === 'accepted',
  }
  if (!Object.values(may).some(Boolean)) {
    return (
      <p className="muted">
        {status === 'merged' ? 'A merged topic takes no more decisions.' : 'There is nothing to decide on this topic.'}
      </p>
    )
  }
  const emailed = facts.proposerEmail !== null
  return (
    <section className="stack" aria-labelledby="decide-heading" key={version}>
      <h3 id="decide-heading">Decide</h3>
      {may.approve || may.reopen ? (
        <div className="card stack">
          <h4>{may.approve ? 'Approve' : 'Reopen'}</h4>
          {may.approve ? (
            <>
              <p>Approving shows the proposal to everyone and opens it to votes. Nobody is emailed.</p>
              <QuickDecision action="approve" label="Approve topic" />
            </>
          ) : (
            <>
              <p>Reopening makes the topic open again, with the votes it had, as if not decided yet.</p>
              <QuickDecision action="reopen" label="Reopen topic" secondary />
            </>
          )}
        </div>
      ) : null}
      {may.accept ? (
        <div className="card stack">
          <h4>Accept</h4>
          <MessageDecisionForm action="accept" lastResult={resultFor('accept')} proposerEmailed={emailed} />
        </div>
      ) : null}
      {may.schedule ? (
        <div className="card stack" id="schedule">
          <h4>{onAgenda ? 'Move on the agenda' : 'Schedule'}</h4>
          <p>
            {onAgenda
              ? 'Moves the topic’s session; its proposer is emailed the new time.'
              : 'Accepts the topic and puts it on the working agenda as a session: its title, description, kind and projects, its leads as speakers. Voters who registered get it starred on their agenda, unless they turned that off.'}
          </p>
          <ScheduleForm
            timeZone={timeZone}
            days={days}
            rooms={rooms}
            defaults={schedule}
            wantedMinutes={facts.wantedMinutes}
            rescheduling={onAgenda}
            lastResult={resultFor('schedule')}
          />
        </div>
      ) : null}
      {may.decline ? (
        <div className="card stack" id="decline">
          <h4>Decline</h4>
          <MessageDecisionForm action="decline" lastResult={resultFor('decline')} proposerEmailed={emailed} />
        </div>
      ) : status === 'accepted' && onAgenda ? (
        <p className="muted">
          A topic on the agenda cannot be declined or reopened. To drop it, cancel its session, or delete it if it was
          never published, on the session’s page.
        </p>
      ) : null}
      {may.merge ? (
        <div className="card stack">
          <h4>Merge into another topic</h4>
          <MergeForm candidates={candidates} lastResult={resultFor('merge')} />
        </div>
      ) : null}
    </section>
  )
}
