import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireManagedEvent } from '~/access/event.server'
import { listJobRuns } from '~/models/operations/job-runs.server'
import { listRecordingReview } from '~/models/recordings/review.server'
import { SYNC_RECORDINGS_TASK } from '~/models/recordings/sync.server'
import { youtubeConfigured } from '~/models/recordings/youtube-client.server'
import { recordingsAction } from './actions.server'
import { LinkByHandForm } from './link-by-hand-form'
import { RecentLookUps, SessionsWithoutRecording, SetupWarnings, SyncBar, UnmatchedVideos } from './page-sections'
import { RecordingTable } from './recording-table'
import { recordingsView } from './view-model'

export const meta: MetaFunction = () => [{ title: 'Recordings — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const [review, runs] = await Promise.all([
    listRecordingReview(event.id),
    listJobRuns(event.id, SYNC_RECORDINGS_TASK, 5),
  ])
  return recordingsView(event, review, runs, youtubeConfigured())
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return recordingsAction(request, event.id)
}

type ActionAnswer = NonNullable<ReturnType<typeof useActionData<typeof action>>>

/**
 * The form an answer is for: an intent's reply names it; a form refused by the schema is known by the intent
 * it sent (in conform's result).
 */
function formOf(answer: ActionAnswer): string {
  return 'formId' in answer ? answer.formId : String(answer.result?.initialValue?.intent ?? '')
}

/** The action's message; the link form shows its own refusals by its fields. */
function ActionNotice({ answer }: { answer: ActionAnswer | undefined }) {
  if (!answer?.message) return null
  if (formOf(answer) === 'link' && answer.result) return null
  const tone = 'tone' in answer ? answer.tone : 'warning'
  return (
    <p className={`notice notice--${tone}`} role="status">
      {answer.message}
    </p>
  )
}

export default function RecordingsPage() {
  const { event, configured, sessions, sessionOptions, unmatched, runs } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const forLinkForm = answer && formOf(answer) === 'link' ? answer : null
  const suggested = sessions.filter((s) => s.recording?.status === 'suggested')
  const linked = sessions.filter((s) => s.recording?.status === 'linked')
  const missing = sessions.filter((s) => !s.recording && !s.cancelled)
  return (
    <div className="stack">
      <p className="lead">
        Convene looks for recordings in the event&apos;s YouTube playlist (without one, in the channel&apos;s videos
        published since the event started) and links them to published sessions. Sure matches are linked and shown on
        the session pages; the others wait here as suggestions.
      </p>
      <SetupWarnings event={event} configured={configured} />
      <ActionNotice answer={answer} />
      <SyncBar event={event} linked={linked.length} suggested={suggested.length} missing={missing.length} />

      <section aria-labelledby="suggested-heading">
        <h2 id="suggested-heading">Suggestions to review</h2>
        {suggested.length ? (
          <RecordingTable caption="Suggested recordings" rows={suggested} options={sessionOptions} />
        ) : (
          <p className="empty">No suggestions waiting.</p>
        )}
      </section>

      <section aria-labelledby="linked-heading">
        <h2 id="linked-heading">Linked recordings</h2>
        {linked.length ? (
          <RecordingTable caption="Linked recordings" rows={linked} options={sessionOptions} />
        ) : (
          <p className="empty">No recordings linked yet.</p>
        )}
      </section>

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
