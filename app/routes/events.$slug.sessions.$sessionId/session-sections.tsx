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

/** The session's recording, embedded, with a link to it on YouTube. */
export function RecordingSection({ recording, title }: { recording: RecordingEmbedData; title: string }) {
  return (
    <section aria-labelledby="recording-heading">
      <h2 id="recording-heading">Recording</h2>
      <RecordingEmbed recording={recording} sessionTitle={title} />
      <p>
        <a href={recording.url}>Watch on YouTube</a>
      </p>
    </section>
  )
}
