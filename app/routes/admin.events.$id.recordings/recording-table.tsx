import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { ErrorList, InputField } from '~/components/forms'
import { RecordingActionSchema } from '~/models/recordings/schema'
import type { RecordingRow, SessionOption } from './view-model'

/** The action's answer to a position form, by recording id: conform's result for the form it is about. */
export type PositionResults = (recordingId: number) => SubmissionResult<string[]> | null

/** Links a video to the session chosen, moving it from the session it is linked to, if any. */
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
  const selectId = `move-${videoId}-${current ?? 'none'}-session`
  return (
    <Form method="post" className="inline-form recording-move">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="videoId" value={videoId} />
      {current ? <input type="hidden" name="fromSessionId" value={current} /> : null}
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

function VideoCell({ row }: { row: RecordingRow }) {
  return (
    <>
      <a href={row.url} target="_blank" rel="noreferrer">
        {row.title ?? `YouTube video ${row.videoId}`}
        <span className="visually-hidden"> (opens YouTube)</span>
      </a>
      <br />
      <span className="muted small">
        {[
          row.publishedAt ? `published ${row.publishedAt}` : null,
          row.duration,
          row.hasCaptions === true ? 'captions' : row.hasCaptions === false ? 'no captions' : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </>
  )
}

function SessionCell({ row }: { row: RecordingRow }) {
  const s = row.session
  return (
    <th scope="row">
      {s.title}
      <br />
      <span className="muted small">{[s.when, s.room, s.speakers].filter(Boolean).join(' · ')}</span>
      {s.cancelled ? <span className="tag tag--danger">Cancelled</span> : null}
    </th>
  )
}

function label(row: RecordingRow) {
  return `${row.title ?? row.videoId} for ${row.session.title}`
}

/** A one-button form; the button says its verb, and to screen readers what it acts on. */
function ActionButton({
  intent,
  recordingId,
  verb,
  target,
}: {
  intent: string
  recordingId: number
  verb: string
  target: string
}) {
  return (
    <Form method="post">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="recordingId" value={recordingId} />
      <button type="submit" className={`button button--small${intent === 'accept' ? '' : ' button--secondary'}`}>
        {verb} <span className="visually-hidden">{target}</span>
      </button>
    </Form>
  )
}

/**
 * The part of a split recording and where the session starts and ends in the video; what is saved here, later
 * syncs keep. Checked in the browser with the action's schema.
 */
function PositionForm({ row, lastResult }: { row: RecordingRow; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: `position-${row.id}`,
    lastResult,
    defaultValue: {
      part: row.part === null ? '' : String(row.part),
      startSeconds: row.startText,
      endSeconds: row.endText,
    },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecordingActionSchema }),
  })
  return (
    <details className="row-details" open={Boolean(lastResult?.error)}>
      <summary>
        Part and offsets <span className="visually-hidden">of {label(row)}</span>
      </summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="position" />
        <input type="hidden" name="recordingId" value={row.id} />
        <ErrorList errors={form.errors} />
        <InputField
          meta={fields.part}
          label="Part"
          hint="Empty: the video is the whole recording."
          inputMode="numeric"
        />
        <InputField
          meta={fields.startSeconds}
          label="Starts at"
          hint="In the video: h:mm:ss, m:ss or seconds. Empty: its start."
          autoComplete="off"
        />
        <InputField meta={fields.endSeconds} label="Ends at" hint="Empty: the video's end." autoComplete="off" />
        <div>
          <button type="submit" className="button button--small">
            Save <span className="visually-hidden">part and offsets of {label(row)}</span>
          </button>
        </div>
      </Form>
    </details>
  )
}

function matchLabel(row: RecordingRow) {
  if (row.source === 'manual') return 'By hand'
  return row.score !== null ? `${Math.round(row.score * 100)}%` : 'Automatic'
}

function RecordingTableRow({
  row,
  options,
  positionResult,
}: {
  row: RecordingRow
  options: SessionOption[]
  positionResult: PositionResults
}) {
  return (
    <tr className={row.session.cancelled ? 'row--cancelled' : undefined}>
      <SessionCell row={row} />
      <td data-label="Video">
        <VideoCell row={row} />
      </td>
      <td data-label="In the video">
        {row.position}
        {row.offsetsByOrganizer ? <span className="muted small"> (set by an organizer)</span> : null}
        <PositionForm row={row} lastResult={positionResult(row.id)} />
      </td>
      <td data-label="Match">{matchLabel(row)}</td>
      <td>
        <div className="inline-form">
          {row.status === 'suggested' ? (
            <ActionButton intent="accept" recordingId={row.id} verb="Accept" target={label(row)} />
          ) : null}
          <ActionButton
            intent="reject"
            recordingId={row.id}
            verb={row.status === 'suggested' ? 'Reject' : 'Unlink'}
            target={label(row)}
          />
        </div>
        <SessionPicker
          videoId={row.videoId}
          videoLabel={row.title ?? row.videoId}
          current={row.session.id}
          options={options}
        />
      </td>
    </tr>
  )
}

export function RecordingTable({
  caption,
  rows,
  options,
  positionResult,
}: {
  caption: string
  rows: RecordingRow[]
  options: SessionOption[]
  positionResult: PositionResults
}) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--cards recordings-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Video</th>
            <th scope="col">In the video</th>
            <th scope="col">Match</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <RecordingTableRow key={r.id} row={r} options={options} positionResult={positionResult} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * Links taken off public pages because their video is gone: why, the re-upload suggested in its place (accepting
 * it keeps the part and offsets), keeping a video that only left the playlist, or unlinking.
 */
export function FlaggedTable({ rows }: { rows: RecordingRow[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--cards recordings-table">
        <caption className="visually-hidden">Recordings no longer available</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Video</th>
            <th scope="col">Suggested replacement</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <SessionCell row={row} />
              <td data-label="Video">
                <VideoCell row={row} />
                <br />
                <span className="tag tag--warning">Unavailable</span> {row.reason}
                <br />
                <span className="muted small">{row.position}</span>
              </td>
              <td data-label="Suggested replacement">
                {row.replacement ? (
                  <a href={row.replacement.url} target="_blank" rel="noreferrer">
                    {row.replacement.title ?? `YouTube video ${row.replacement.videoId}`}
                    <span className="visually-hidden"> (opens YouTube)</span>
                  </a>
                ) : (
                  <span className="muted">None found yet</span>
                )}
              </td>
              <td>
                <div className="inline-form">
                  {row.replacement ? (
                    <ActionButton
                      intent="accept"
                      recordingId={row.replacement.id}
                      verb="Accept replacement"
                      target={`for ${row.session.title}`}
                    />
                  ) : null}
                  {row.unavailableReason === 'left-listing' ? (
                    <ActionButton intent="keep" recordingId={row.id} verb="Keep linked" target={label(row)} />
                  ) : null}
                  <ActionButton intent="reject" recordingId={row.id} verb="Unlink" target={label(row)} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
