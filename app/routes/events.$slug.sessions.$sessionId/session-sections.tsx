import { RecordingEmbed, type RecordingEmbedData } from '~/components/recording-embed'

/** Who leads the session, each with their link and affiliation if given. */
export function SpeakersSection({
  speakers,
}: {
  speakers: { name: string; affiliation?: string | null; url?: string | null }[]
}) {
  return (
    <section aria-labelledby="speakers-heading">
      <h2 id="speakers-heading">{speakers.length === 1 ? 'Speaker' : 'Speakers'}</h2>
      <ul className="plain-list">
        {speakers.map((s) => (
          <li key={s.name}>
            {s.url ? <a href={s.url}>{s.name}</a> : s.name}
            {s.affiliation ? <span className="muted"> — {s.affiliation}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * The session's recordings, each embedded and linked on YouTube, in order (the parts of a split recording);
 * while the session runs, a link to its live stream.
 */
export function RecordingSection({
  recordings,
  liveStream,
  title,
}: {
  recordings: RecordingEmbedData[]
  liveStream: { url: string } | null
  title: string
}) {
  const [only] = recordings
  return (
    <section aria-labelledby="recording-heading">
      <h2 id="recording-heading">
        {recordings.length > 1 ? 'Recordings' : recordings.length ? 'Recording' : 'Live stream'}
      </h2>
      {liveStream ? (
        <p>
          <a href={liveStream.url}>
            <span className="badge badge--live">Live now</span> Watch the stream on YouTube
          </a>
        </p>
      ) : null}
      {recordings.length > 1 ? (
        <ol className="plain-list">
          {recordings.map((recording) => (
            <li key={recording.url}>
              <RecordingPart recording={recording} title={title} />
            </li>
          ))}
        </ol>
      ) : only ? (
        <RecordingPart recording={only} title={title} />
      ) : null}
    </section>
  )
}

function RecordingPart({ recording, title }: { recording: RecordingEmbedData; title: string }) {
  return (
    <>
      <RecordingEmbed recording={recording} sessionTitle={title} />
      <p>
        <a href={recording.url}>
          {recording.partLabel ? `Watch ${recording.partLabel.toLowerCase()} on YouTube` : 'Watch on YouTube'}
        </a>
      </p>
    </>
  )
}
