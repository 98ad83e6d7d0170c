import { useEffect, useRef, useState, type MouseEvent } from 'react'
import { formatVideoDuration, playingEmbedUrl, recordingFacts, spokenVideoDuration } from '~/models/recordings/facade'

export type RecordingEmbedData = {
  /** youtube.com's watch address, already at the session's start. */
  url: string
  embedUrl: string
  title: string | null
  durationSeconds: number | null
  startSeconds: number
  endSeconds: number | null
  partLabel: string | null
  captions: boolean | null
}

/**
 * A session's recording (or one part of it) as a facade that loads nothing from YouTube (no player, no
 * thumbnail) until the visitor plays it: then the youtube-nocookie player replaces it, playing from where the
 * session starts (to where it ends, in a longer video). Without JavaScript the facade is a plain link to the
 * video on youtube.com at the same moment. Offline, the page shows the facade rather than a broken player.
 */
export function RecordingEmbed({ recording, sessionTitle }: { recording: RecordingEmbedData; sessionTitle: string }) {
  const [playing, setPlaying] = useState(false)
  const player = useRef<HTMLIFrameElement>(null)
  useEffect(() => {
    if (playing) player.current?.focus()
  }, [playing])

  const title = recording.title ?? sessionTitle
  if (playing) {
    const playerTitle = recording.partLabel ? `${title} (${recording.partLabel})` : title
    return (
      <div className="video-frame">
        <iframe
          ref={player}
          src={playingEmbedUrl(recording.embedUrl, recording.startSeconds, recording.endSeconds)}
          title={`Recording: ${playerTitle}`}
          allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
          allowFullScreen
        />
      </div>
    )
  }

  const play = (event: MouseEvent<HTMLAnchorElement>) => {
    // Opening in a new tab or window stays the browser's business.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    setPlaying(true)
  }
  const facts = recordingFacts(recording)
  return (
    <a className="recording-facade" href={recording.url} onClick={play}>
      <span className="recording-facade__play" aria-hidden="true" />
      <span className="recording-facade__text">
        <span className="visually-hidden">Play recording: </span>
        <span className="recording-facade__title">{title}</span>
        {facts.length ? <span className="recording-facade__facts">{facts.join(' · ')}</span> : null}
      </span>
      {recording.durationSeconds ? (
        <span className="recording-facade__duration">
          <span aria-hidden="true">{formatVideoDuration(recording.durationSeconds)}</span>
          <span className="visually-hidden">, {spokenVideoDuration(recording.durationSeconds)}</span>
        </span>
      ) : null}
    </a>
  )
}
