import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { ErrorList, InputField, SelectField } from '~/components/forms'
import { INTERRUPTED_RUN_ERROR, listJobRuns } from '~/models/operations/job-runs.server'
import { LinkRecordingSchema, MoveRecordingSchema, RecordingIdSchema } from '~/models/recordings/schema'
import {
  acceptRecording,
  linkRecordingByUrl,
  listRecordingReview,
  moveRecording,
  RecordingError,
  rejectRecording,
  runRecordingSync,
  SYNC_RECORDINGS_TASK,
  type SyncResult,
} from '~/models/recordings/recordings.server'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { youtubeConfigured } from '~/models/recordings/youtube-client.server'
import { plural } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Recordings — Convene' }]

function formatDuration(seconds: number | null): string | null {
  if (seconds === null) return null
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`
}


function describeResult(result: unknown): string {
  const r = result as Partial<SyncResult> | null
  if (!r || typeof r !== 'object') return ''
  const parts = [
    r.fetched !== null && r.fetched !== undefined ? `${plural(r.fetched, 'video')} on YouTube` : null,
    r.skipped === 'no-api-key' ? 'YouTube not asked (no API key)' : null,
    r.skipped === 'no-source' ? 'YouTube not asked (no playlist or channel)' : null,
    r.skipped === 'problem' ? 'YouTube not asked (problem to fix)' : null,
    `${r.linked ?? 0} linked`,
    `${plural(r.suggested ?? 0, 'suggestion')}`,
    r.removed ? `${r.removed} removed` : null,
  ]
  return parts.filter(Boolean).join(', ')
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const [review, runs] = await Promise.all([
    listRecordingReview(event.id),
    listJobRuns(event.id, SYNC_RECORDINGS_TASK, 5),
  ])
  const zone = event.time_zone
  const sessions = review.sessions.map((s) => ({
    id: s.sessionId,
    title: s.title,
    when: formatDateTime(s.startsAt, zone),
    speakers: s.speakers.join(', '),
    cancelled: s.cancelled,
    recording: s.recording
      ? {
          ...s.recording,
          publishedAt: s.recording.publishedAt ? formatDateTime(s.recording.publishedAt, zone) : null,
          duration: formatDuration(s.recording.durationSeconds),
        }
      : null,
  }))
  return {
    event: {
      id: event.id,
      hasSource: Boolean(event.youtube_playlist_id || event.youtube_channel_id),
      playlistId: event.youtube_playlist_id,
      channelId: event.youtube_channel_id,
      problem: event.recordings_problem,
    },
    configured: youtubeConfigured(),
    sessions,
    sessionOptions: sessions
      .filter((s) => !s.cancelled)
      .map((s) => ({ value: String(s.id), label: `${s.when} — ${s.title}` })),
    unmatched: review.unmatched.map((v) => ({
      ...v,
      publishedAt: v.publishedAt ? formatDateTime(v.publishedAt, zone) : null,
      duration: formatDuration(v.durationSeconds),
    })),
    runs: runs.map((r) => ({
      id: r.id,
      status: r.status,
      startedAt: formatDateTime(r.started_at, zone),
      result: describeResult(r.result),
      error: r.error,
      // A run whose process was killed: when it was last known to be alive tells how far it got.
      lastSignOfLife:
        r.status === 'running' || r.error === INTERRUPTED_RUN_ERROR ? formatDateTime(r.heartbeat_at, zone) : null,
    })),
  }
}

type ActionMessage = { formId: string; message: string; tone: 'success' | 'warning' }

function reply(formId: string, message: string, tone: ActionMessage['tone'] = 'success', status = 200) {
  return data({ formId, message, tone, result: null }, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const intent = formData.get('intent')
  try {
    if (intent === 'sync') {
      const configured = youtubeConfigured()
      const outcome = await runRecordingSync(event.id, { force: true })
      if (outcome.status === 'failed') {
        return reply(
          'sync',
          outcome.retryable
            ? `YouTube could not be asked now: ${outcome.error.message}`
            : `Looking for recordings failed: ${outcome.error.message}`,
          'warning',
        )
      }
      const { result } = outcome
      const found = `${plural(result.linked, 'new link')} and ${plural(result.suggested, 'new suggestion')}`
      if (!configured) {
        return reply(
          'sync',
          `The YouTube API key is missing (YOUTUBE_API_KEY is not set), so Convene could not look on YouTube. It matched the ${plural(
            result.videos,
            'video',
          )} it already knew: ${found}. You can still link recordings by hand below.`,
          'warning',
        )
      }
      if (result.skipped === 'no-source') {
        return reply(
          'sync',
          `This event has no YouTube playlist or channel yet: add one on the Details tab. Matched the ${plural(
            result.videos,
            'stored video',
          )}: ${found}.`,
          'warning',
        )
      }
      return reply('sync', `Looked at ${plural(result.videos, 'video')}: ${found}.`)
    }
    if (intent === 'accept' || intent === 'reject') {
      const id = RecordingIdSchema.safeParse(formData.get('recordingId'))
      if (!id.success) return reply(String(intent), 'That recording no longer exists.', 'warning', 400)
      if (intent === 'accept') await acceptRecording(event.id, id.data)
      else await rejectRecording(event.id, id.data)
      return reply(
        String(intent),
        intent === 'accept'
          ? 'Recording linked: it now shows on the session page.'
          : 'Recording removed; Convene will not suggest this video for that session again.',
      )
    }
    if (intent === 'move') {
      const parsed = MoveRecordingSchema.safeParse({
        sessionId: formData.get('sessionId'),
        videoId: formData.get('videoId'),
      })
      const formId = `move-${String(formData.get('videoId') ?? '')}`
      if (!parsed.success) return reply(formId, parsed.error.issues[0]?.message ?? 'Choose a session', 'warning', 400)
      await moveRecording(event.id, parsed.data.videoId, parsed.data.sessionId)
      return reply(formId, 'Recording linked to the session you chose.')
    }
    if (intent === 'link') {
      const submission = parseWithZod(formData, { schema: LinkRecordingSchema })
      if (submission.status !== 'success') {
        return data({ formId: 'link', message: '', tone: 'warning', result: submission.reply() }, { status: 400 })
      }
      try {
        await linkRecordingByUrl(event.id, submission.value.sessionId, submission.value.url)
      } catch (error) {
        if (error instanceof RecordingError) {
          return data(
            {
              formId: 'link',
              message: '',
              tone: 'warning',
              result: submission.reply({
                fieldErrors: error.code === 'invalid_url' ? { url: [error.message] } : { sessionId: [error.message] },
              }),
            },
            { status: 400 },
          )
        }
        throw error
      }
      // No form state to reply with: the page shows a fresh form (see `key` below).
      return data({
        formId: 'link',
        message: 'Recording linked by hand.',
        tone: 'success',
        result: null,
        at: Date.now(),
      })
    }
    return reply('unknown', 'Unknown action.', 'warning', 400)
  } catch (error) {
    if (error instanceof RecordingError) return reply(String(intent), error.message, 'warning', 404)
    throw error
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type SessionRow = LoaderData['sessions'][number]

function SessionPicker({
  videoId,
  videoLabel,
  current,
  options,
}: {
  videoId: string
  videoLabel: string
  current?: number
  options: LoaderData['sessionOptions']
}) {
  const selectId = `move-${videoId}-session`
  return (
    <Form method="post" className="inline-form recording-move">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="videoId" value={videoId} />
      <label htmlFor={selectId} className="visually-hidden">
        Session for {videoLabel}
      </label>
      <select id={selectId} name="sessionId" defaultValue={current ? String(current) : ''} required>
        <option value="">Choose a session…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small button--secondary">
        {current ? 'Move' : 'Link'} <span className="visually-hidden">{videoLabel}</span>
      </button>
    </Form>
  )
}

function VideoCell({ recording }: { recording: NonNullable<SessionRow['recording']> }) {
  return (
    <>
      <a href={recording.url} target="_blank" rel="noreferrer">
        {recording.title ?? `YouTube video ${recording.videoId}`}
        <span className="visually-hidden"> (opens YouTube)</span>
      </a>
      <br />
      <span className="muted small">
        {[recording.publishedAt ? `published ${recording.publishedAt}` : null, recording.duration]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </>
  )
}

function RecordingRow({ session, options }: { session: SessionRow; options: LoaderData['sessionOptions'] }) {
  const r = session.recording!
  const label = r.title ?? r.videoId
  return (
    <tr className={session.cancelled ? 'row--cancelled' : undefined}>
      <th scope="row">
        {session.title}
        <br />
        <span className="muted small">
          {session.when}
          {session.speakers ? ` · ${session.speakers}` : ''}
        </span>
        {session.cancelled ? <span className="tag tag--danger">Cancelled</span> : null}
      </th>
      <td>
        <VideoCell recording={r} />
      </td>
      <td>{r.source === 'manual' ? 'By hand' : r.score !== null ? `${Math.round(r.score * 100)}%` : 'Automatic'}</td>
      <td>
        <div className="inline-form">
          {r.status === 'suggested' ? (
            <Form method="post">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="recordingId" value={r.id} />
              <button type="submit" className="button button--small">
                Accept{' '}
                <span className="visually-hidden">
                  {label} for {session.title}
                </span>
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="recordingId" value={r.id} />
            <button type="submit" className="button button--small button--secondary">
              {r.status === 'suggested' ? 'Reject' : 'Unlink'}{' '}
              <span className="visually-hidden">
                {label} for {session.title}
              </span>
            </button>
          </Form>
        </div>
        <SessionPicker videoId={r.videoId} videoLabel={label} current={session.id} options={options} />
      </td>
    </tr>
  )
}

function RecordingTable({
  caption,
  rows,
  options,
}: {
  caption: string
  rows: SessionRow[]
  options: LoaderData['sessionOptions']
}) {
  return (
    <div className="table-scroll">
      <table className="data-table recordings-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Video</th>
            <th scope="col">Match</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <RecordingRow key={s.id} session={s} options={options} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function LinkByHandForm({ options }: { options: LoaderData['sessionOptions'] }) {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'link-recording',
    lastResult: actionData?.formId === 'link' ? actionData.result : null,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LinkRecordingSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="link" />
      <ErrorList errors={form.errors} />
      <SelectField meta={fields.sessionId} label="Session" options={options} placeholder="Choose a session…" />
      <InputField
        meta={fields.url}
        label="YouTube address"
        hint="Any form works: youtube.com/watch?v=…, youtu.be/…, /live/…, /embed/…, /shorts/…"
        inputMode="url"
        autoComplete="off"
      />
      <div>
        <button type="submit" className="button">
          Link recording
        </button>
      </div>
    </Form>
  )
}

export default function RecordingsPage() {
  const { event, configured, sessions, sessionOptions, unmatched, runs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const syncing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'sync'
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
      {event.problem ? (
        <section className="notice notice--warning" aria-labelledby="recordings-problem-heading">
          <h2 id="recordings-problem-heading" className="warning-heading">
            Recordings cannot be looked up
          </h2>
          <p>{event.problem}</p>
          <p>Convene stops asking YouTube until you fix this and look for recordings again.</p>
        </section>
      ) : null}
      {!configured ? (
        <p className="notice notice--warning">
          The YouTube API key is missing: set <code>YOUTUBE_API_KEY</code> so Convene can look for recordings. You can
          still link recordings by hand.
        </p>
      ) : null}
      {!event.hasSource ? (
        <p className="notice notice--warning">
          This event has no YouTube playlist or channel. <Link to="..">Add one in the event details</Link>.
        </p>
      ) : null}
      {actionData?.message ? (
        <p className={`notice notice--${actionData.tone}`} role="status">
          {actionData.message}
        </p>
      ) : null}
      <div className="card row-between">
        <p>
          {event.playlistId ? (
            <>
              Playlist <code>{event.playlistId}</code>
            </>
          ) : event.channelId ? (
            <>
              Channel <code>{event.channelId}</code>
            </>
          ) : (
            'No playlist or channel'
          )}
          {' · '}
          {plural(linked.length, 'linked recording')}, {plural(suggested.length, 'suggestion')},{' '}
          {plural(missing.length, 'session')} without a recording.
        </p>
        <Form method="post">
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="sync" />
          <button type="submit" className="button" disabled={syncing}>
            {syncing ? 'Looking…' : 'Look for recordings now'}
          </button>
        </Form>
      </div>

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

      {missing.length ? (
        <section aria-labelledby="missing-heading">
          <h2 id="missing-heading">Sessions without a recording</h2>
          <ul className="plain-list">
            {missing.map((s) => (
              <li key={s.id}>
                {s.title} <span className="muted small">{s.when}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {unmatched.length ? (
        <section aria-labelledby="unmatched-heading">
          <h2 id="unmatched-heading">Videos not linked to a session</h2>
          <ul className="plain-list recording-videos">
            {unmatched.map((v) => (
              <li key={v.videoId}>
                <a href={v.url} target="_blank" rel="noreferrer">
                  {v.title}
                  <span className="visually-hidden"> (opens YouTube)</span>
                </a>{' '}
                <span className="muted small">
                  {[v.publishedAt ? `published ${v.publishedAt}` : null, v.duration].filter(Boolean).join(' · ')}
                </span>
                <SessionPicker videoId={v.videoId} videoLabel={v.title} options={sessionOptions} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="link-heading">
        <h2 id="link-heading">Link a recording by hand</h2>
        <LinkByHandForm
          key={actionData && 'at' in actionData ? String(actionData.at) : 'link'}
          options={sessionOptions}
        />
      </section>

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent look-ups</h2>
        {runs.length ? (
          <table className="data-table">
            <caption className="visually-hidden">Recent look-ups for recordings</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Outcome</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.startedAt}</td>
                  <td>
                    <span className={`status status--run-${r.status}`}>
                      {r.status === 'succeeded' ? 'Done' : r.status === 'failed' ? 'Failed' : 'Running'}
                    </span>
                  </td>
                  <td>
                    {r.error ?? r.result}
                    {r.lastSignOfLife ? (
                      <>
                        {r.error ? ' ' : null}
                        <span className="muted small">Last sign of life: {r.lastSignOfLife}.</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty">Convene has not looked for recordings yet.</p>
        )}
      </section>
    </div>
  )
}
