import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ReviewTable, type ReviewRow } from '~/components/topics-admin/review-table'
import { TopicSettingsForm, type TopicSettingsDefaults } from '~/components/topics-admin/settings-form'
import { DecisionNotice, TOPIC_STATUS_LABELS, TOPIC_STATUSES } from '~/components/topics-admin/topic-status'
import { requireManagedEvent } from '~/access/event.server'
import { topicSettingsOrDefaults } from '~/models/topics/review.server'
import { TOPIC_KIND_LABELS, TopicSettingsSchema } from '~/models/topics/topic-schema'
import { listTopicsForReview, saveTopicSettings, TopicSettingsError } from '~/models/topics/topics.server'
import { parseAction, type ActionReply } from '~/utils/action.server'
import { plural } from '~/utils/format'
import { topicPath } from '~/utils/paths'
import { formatDateTime, instantToWallTime } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'Topics — Convene' }]

type StatusFilter = (typeof TOPIC_STATUSES)[number] | ''

function statusFilterOf(value: string | null): StatusFilter {
  return TOPIC_STATUSES.find((s) => s === value) ?? ''
}

/** What the redirect after a save or a decision from the list asks the page to say. */
function noticeOf(search: URLSearchParams, titleOf: (id: number) => string | undefined): string | null {
  const done = search.get('done')
  if (done === 'settings') return 'Topic settings saved.'
  const title = titleOf(Number(search.get('topic')))
  if (!title) return null
  if (done === 'approve') return `“${title}” approved: everyone sees it now, and may vote for it.`
  if (done === 'accept') return `“${title}” accepted. The proposer is emailed, if they left an address.`
  return null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const search = new URL(request.url).searchParams
  const filter = statusFilterOf(search.get('status'))
  const [settings, topics] = await Promise.all([topicSettingsOrDefaults(event.id), listTopicsForReview(event.id)])
  const zone = event.time_zone
  const wall = (instant: Date | null) => (instant ? instantToWallTime(instant, zone) : '')
  const defaults: TopicSettingsDefaults = {
    enabled: settings.enabled,
    proposalsOpenAt: wall(settings.proposals_open_at),
    proposalsCloseAt: wall(settings.proposals_close_at),
    votingCloseAt: wall(settings.voting_close_at),
    participation: settings.participation,
    moderation: settings.moderation,
    countsVisible: settings.counts_visible,
  }
  const rows = topics
    .filter((t) => !filter || t.status === filter)
    .map(
      (t): ReviewRow => ({
        id: t.id,
        title: t.title,
        status: t.status,
        scheduled: t.sessionId !== null,
        votes: t.votes ?? 0,
        kind: TOPIC_KIND_LABELS[t.kind],
        minutes: t.wantedMinutes,
        leads: t.leads.map((l) => (l.project ? `${l.name} (${l.project})` : l.name)).join(', '),
        proposer: t.proposerName,
        created: formatDateTime(t.createdAt, zone),
      }),
    )
  return {
    event: { id: event.id, slug: event.slug, published: event.status !== 'draft', timeZone: zone },
    settings: defaults,
    // Remounts the form with the stored values once they are saved.
    settingsVersion: settings.updated_at.toISOString(),
    summary: {
      proposals: topics.length,
      waiting: topics.filter((t) => t.status === 'pending_review').length,
      accepted: topics.filter((t) => t.status === 'accepted').length,
      scheduled: topics.filter((t) => t.sessionId !== null).length,
    },
    filter,
    rows,
    notice: noticeOf(search, (id) => topics.find((t) => t.id === id)?.title),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, TopicSettingsSchema)
  if (parsed.failure) return parsed.failure
  try {
    await saveTopicSettings(event, parsed.value)
  } catch (error) {
    // A close before its open, or a time that does not exist in the event's zone: the input's fault, by its field.
    if (error instanceof TopicSettingsError) {
      const reply: ActionReply = {
        ok: false,
        message: error.message,
        result: parsed.submission.reply({ fieldErrors: { [error.field]: [error.message] } }),
      }
      return data(reply, { status: 400 })
    }
    throw error
  }
  return redirect(`/admin/events/${event.id}/topics?done=settings`, 303)
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function TopicsAdminPage() {
  const { event, settings, settingsVersion, summary, filter, rows, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const listPath = `/admin/events/${event.id}/topics`
  const shown = actionData?.message
    ? { ok: false, message: `Not saved: ${actionData.message}` }
    : notice
      ? { ok: true, message: notice }
      : null
  return (
    <div className="stack">
      <DecisionNotice notice={shown} />
      <section className="stack" aria-labelledby="topic-settings-heading">
        <div className="row-between">
          <h2 id="topic-settings-heading">Topic settings</h2>
          {/* Only where it answers: the public page exists while topics are on and the event is published. */}
          {settings.enabled && event.published ? <Link to={topicPath(event.slug)}>Public topics page</Link> : null}
        </div>
        <PublicPageNote enabled={settings.enabled} published={event.published} />
        <TopicSettingsForm
          key={settingsVersion}
          timeZone={event.timeZone}
          defaultValue={settings}
          lastResult={actionData?.result}
        />
      </section>
      <section className="stack" aria-labelledby="proposals-heading">
        <h2 id="proposals-heading">Proposals</h2>
        <Summary summary={summary} />
        <StatusFilterForm filter={filter} listPath={listPath} />
        {rows.length ? (
          <ReviewTable rows={rows} filter={filter} basePath={listPath} />
        ) : (
          <p className="empty">
            {filter ? `No topic is ${TOPIC_STATUS_LABELS[filter].toLowerCase()}.` : 'No proposals yet.'}
          </p>
        )}
      </section>
    </div>
  )
}

function PublicPageNote({ enabled, published }: { enabled: boolean; published: boolean }) {
  const missing = [enabled ? null : 'you turn topics on', published ? null : 'the event is published'].filter(Boolean)
  if (!missing.length) return null
  return <p className="muted">Visitors see the topics page once {missing.join(' and ')}.</p>
}

function Summary({ summary }: { summary: LoaderData['summary'] }) {
  return (
    <p>
      {plural(summary.proposals, 'proposal')}, {summary.waiting} waiting for review, {summary.accepted} accepted,{' '}
      {summary.scheduled} scheduled.
    </p>
  )
}

/** Filters the list by status through the address: a GET form that works without JavaScript. */
function StatusFilterForm({ filter, listPath }: { filter: StatusFilter; listPath: string }) {
  return (
    <Form method="get" className="filter-bar" role="search" aria-label="Filter topics">
      <div className="field">
        <label htmlFor="topic-status-filter">Status</label>
        <select id="topic-status-filter" name="status" defaultValue={filter} key={filter}>
          <option value="">All</option>
          {TOPIC_STATUSES.map((s) => (
            <option key={s} value={s}>
              {TOPIC_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </div>
      {filter ? <Link to={listPath}>Show all</Link> : null}
    </Form>
  )
}
