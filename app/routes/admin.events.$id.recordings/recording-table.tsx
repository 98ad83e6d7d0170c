import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import type { SessionOption, SessionRow } from './view-model'

/** Links a video to the session chosen, moving it from any other. */
export function SessionPicker({
  videoId,
  videoLabel,
  current,
  options,
}: {
  videoId: string
  videoLabel: string
  current?: number
  options: SessionOption[]
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

function RecordingRow({ session, options }: { session: SessionRow; options: SessionOption[] }) {
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
      <td data-label="Video">
        <VideoCell recording={r} />
      </td>
      <td data-label="Match">{r.source === 'manual' ? 'By hand' : r.score !== null ? `${Math.round(r.score * 100)}%` : 'Automatic'}</td>
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

export function RecordingTable({
  caption,
  rows,
  options,
}: {
  caption: string
  rows: SessionRow[]
  options: SessionOption[]
}) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--cards recordings-table">
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
