import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireManagedEvent } from '~/access/event.server'
import { listJobRuns } from '~/models/operations/job-runs.server'
import { listRecordingReview } from '~/models/recordings/review.server'
import { RECHECK_RECORDINGS_TASK, SYNC_RECORDINGS_TASK } from '~/models/recordings/sync.server'
import { youtubeConfigured } from '~/models/recordings/youtube-client.server'
import { recordingsAction } from './actions.server'
import { LinkByHandForm } from './link-by-hand-form'
import {
  LiveStreams,
  RecentLookUps,
  SessionsWithoutRecording,
  SetupWarnings,
  SyncBar,
  UnmatchedVideos,
} from './page-sections'
import { FlaggedTable, RecordingTable } from './recording-table'
import { recordingsView } from './view-model'

/** Look-ups and re-checks shown, newest first. */
const RECENT_RUNS = 5

export const meta: MetaFunction = () => [{ title: 'Recordings — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const [review, syncs, rechecks] = await Promise.all([
    listRecordingReview(event.id),
    listJobRuns(event.id, SYNC_RECORDINGS_TASK, RECENT_RUNS),
    listJobRuns(event.id, RECHECK_RECORDINGS_TASK, RECENT_RUNS),
  ])
  const runs = [...syncs, ...rechecks]
    .sort((a, b) => b.started_at.getTime() - a.started_at.getTime() || b.id - a.id)
    .slice(0, RECENT_RUNS)
  return recordingsView(event, review, runs, youtubeConfigured())
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return recordingsAction(request, event.id)
}

type ActionAnswer = NonNullable<ReturnType<typeof useActionData<typeof action>>>

/**
 * The form an answer is for: an intent's reply names it; a form refused by the schema is known by the intent
 * it sent (in conform's result), and a position form by its recording too.
 */
function formOf(answer: ActionAnswer): string {
  if ('formId' in answer) return answer.formId
  const sent = answer.result?.initialValue
  const intent = String(sent?.intent ?? '')
  return intent === 'position' ? `position-${String(sent?.recordingId ?? '')}` : intent
}

/** The action's message; the link and position forms show their own refusals by their fields. */
function ActionNotice({ answer }: { answer: ActionAnswer | undefined }) {
  if (!answer?.message) return null
  const form = formOf(answer)
  if ((form === 'link' || form.startsWith('position-')) && answer.result) return null
  const tone = 'tone' in answer ? answer.tone : 'warning'
  return (
    <p className={`notice notice--${tone}`} role="status">
      {answer.message}
    </p>
  )
}

export default function RecordingsPage() {
  const view = useLoaderData<typeof loader>()
  const { event, configured, flagged, suggested, linked, missing, sessionOptions, unmatched, streams, runs } = view
  const answer = useActionData<typeof action>()
  const forLinkForm = answer && formOf(answer) === 'link' ? answer : null
  const positionResult = (recordingId: number) =>
    answer && formOf(answer) === `position-${recordingId}` ? answer.result ?? null : null
  return (
    <div className="stack">
      <p className="lead">
        Convene looks for recordings in the event&apos;s YouTube playlist (without one, in the channel&apos;s uploads
        since the event started) and links them to published sessions: a recording split over several videos links each
        part in order, and a whole-day room stream links each of its sessions at its start. Sure matches are linked and
        shown on the session pages; the others wait here as suggestions. Linked videos are checked again now and then:
        one removed or made private leaves the public pages and shows up here.
      </p>
      <SetupWarnings event={event} configured={configured} />
      <ActionNotice answer={answer} />
      <SyncBar
        event={event}
        linked={linked.length}
        suggested={suggested.length}
        flagged={flagged.length}
        missing={missing.length}
      />

      {flagged.length ? (
        <section aria-labelledby="flagged-heading">
          <h2 id="flagged-heading">Recordings no longer available</h2>
          <p>These links are off the public pages until you decide.</p>
          <FlaggedTable rows={flagged} />
        </section>
      ) : null}

      <section aria-labelledby="suggested-heading">
        <h2 id="suggested-heading">Suggestions to review</h2>
        {suggested.length ? (
          <RecordingTable
            caption="Suggested recordings"
            rows={suggested}
            options={sessionOptions}
            positionResult={positionResult}
          />
        ) : (
          <p className="empty">No suggestions waiting.</p>
        )}
      </section>

      <section aria-labelledby="linked-heading">
        <h2 id="linked-heading">Linked recordings</h2>
        {linked.length ? (
          <RecordingTable
            caption="Linked recordings"
            rows={linked}
            options={sessionOptions}
            positionResult={positionResult}
          />
        ) : (
          <p className="empty">No recordings linked yet.</p>
        )}
      </section>

      <LiveStreams streams={streams} />
      <SessionsWithoutRecording sessions={missing} />
      <UnmatchedVideos videos={unmatched} options={sessionOptions} />

      <section className="card" aria-labelledby="link-heading">
        <h2 id="link-heading">Link a recording by hand</h2>
        <LinkByHandForm
          key={forLinkForm && 'at' in forLinkForm && forLinkForm.at ? String(forLinkForm.at) : 'link'}
          options={sessionOptions}
          lastResult={forLinkForm?.result ?? null}
        />
      </section>

      <RecentLookUps runs={runs} />
    </div>
  )
}
