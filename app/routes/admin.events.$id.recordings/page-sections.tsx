import { Form, Link, useNavigation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { plural } from '~/utils/format'
import { SessionPicker } from './recording-table'
import type { LookUp, RecordingsView, SessionOption, SessionRow, StreamRow, UnmatchedVideo } from './view-model'

type PageEvent = RecordingsView['event']

/** Why recordings cannot be found automatically: a recorded problem, no API key, no playlist or channel. */
export function SetupWarnings({ event, configured }: { event: PageEvent; configured: boolean }) {
  return (
    <>
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
    </>
  )
}

/** Where Convene looks, what it found so far, and the button to look now. */
export function SyncBar({
  event,
  linked,
  suggested,
  flagged,
  missing,
}: {
  event: PageEvent
  linked: number
  suggested: number
  flagged: number
  missing: number
}) {
  const navigation = useNavigation()
  const syncing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'sync'
  return (
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
        {plural(linked, 'linked recording')}, {plural(suggested, 'suggestion')},{' '}
        {flagged ? `${plural(flagged, 'recording')} no longer available, ` : ''}
        {plural(missing, 'session')} without a recording.
      </p>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="sync" />
        <button type="submit" className="button" disabled={syncing}>
          {syncing ? 'Looking…' : 'Look for recordings now'}
        </button>
      </Form>
    </div>
  )
}

export function SessionsWithoutRecording({ sessions }: { sessions: SessionRow[] }) {
  if (!sessions.length) return null
  return (
    <section aria-labelledby="missing-heading">
      <h2 id="missing-heading">Sessions without a recording</h2>
      <ul className="plain-list">
        {sessions.map((s) => (
          <li key={s.id}>
            {s.title} <span className="muted small">{s.when}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Stored videos no session uses, each with a session picker. */
export function UnmatchedVideos({ videos, options }: { videos: UnmatchedVideo[]; options: SessionOption[] }) {
  if (!videos.length) return null
  return (
    <section aria-labelledby="unmatched-heading">
      <h2 id="unmatched-heading">Videos not linked to a session</h2>
      <ul className="plain-list recording-videos">
        {videos.map((v) => (
          <li key={v.videoId}>
            <a href={v.url} target="_blank" rel="noreferrer">
              {v.title}
              <span className="visually-hidden"> (opens YouTube)</span>
            </a>{' '}
            <span className="muted small">
              {[v.publishedAt ? `published ${v.publishedAt}` : null, v.duration].filter(Boolean).join(' · ')}
            </span>
            <SessionPicker videoId={v.videoId} videoLabel={v.title} options={options} />
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * Streams and premieres YouTube has not finished: never linked as recordings while they last (a session page
 * shows a "Live now" link to a live one during its session); a stream that ends is matched on the next look-up.
 */
export function LiveStreams({ streams }: { streams: StreamRow[] }) {
  if (!streams.length) return null
  return (
    <section aria-labelledby="streams-heading">
      <h2 id="streams-heading">Live and upcoming streams</h2>
      <p className="muted">Not recordings yet: Convene links them once they have ended.</p>
      <ul className="plain-list recording-videos">
        {streams.map((v) => (
          <li key={v.videoId}>
            {v.liveBroadcastContent === 'live' ? (
              <span className="tag tag--danger">Live now</span>
            ) : (
              <span className="tag">Upcoming</span>
            )}{' '}
            <a href={v.url} target="_blank" rel="noreferrer">
              {v.title}
              <span className="visually-hidden"> (opens YouTube)</span>
            </a>{' '}
            <span className="muted small">
              {v.liveBroadcastContent === 'live'
                ? v.startedAt
                  ? `started ${v.startedAt}`
                  : null
                : v.scheduledFor
                ? `scheduled for ${v.scheduledFor}`
                : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The last runs of the sync-recordings and recheck-recordings tasks for this event, with the quota they spent. */
export function RecentLookUps({ runs }: { runs: LookUp[] }) {
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Recent look-ups</h2>
      {runs.length ? (
        <table className="data-table">
          <caption className="visually-hidden">Recent look-ups for recordings</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Kind</th>
              <th scope="col">Outcome</th>
              <th scope="col">Result</th>
              <th scope="col">YouTube quota units</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{r.startedAt}</td>
                <td>{r.task === 'recheck-recordings' ? 'Re-check of linked videos' : 'Look-up'}</td>
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
                <td>{r.quotaUnits ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">Convene has not looked for recordings yet.</p>
      )}
    </section>
  )
}
