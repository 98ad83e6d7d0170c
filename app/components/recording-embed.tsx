import { useEffect, useRef, useState, type MouseEvent } from 'react'
import { formatVideoDuration, playingEmbedUrl, spokenVideoDuration, watchUrlAt } from '~/models/recordings/facade'

export type RecordingEmbedData = {
  url: string
  embedUrl: string
  title: string | null
  durationSeconds: number | null
  startSeconds: number
  part: string | null
}

/**
 * A session's recording as a facade that loads nothing from YouTube (no player, no thumbnail) until the visitor
 * plays it: then the youtube-nocookie player replaces it, playing from where the session starts. Without
 * JavaScript the facade is a plain link to the video on youtube.com. Offline, the page shows the facade rather
 * than a broken player.
 */
export function RecordingEmbed({ recording, sessionTitle }: { recording: RecordingEmbedData; sessionTitle: string }) {
  const [playing, setPlaying] = useState(false)
  const player = useRef<HTMLIFrameElement>(null)
  useEffect(() => {
    if (playing) player.current?.focus()
  }, [playing])

  const title = recording.title ?? sessionTitle
  if (playing) {
    return (
      <div className="video-frame">
        <iframe
          ref={player}
          src={playingEmbedUrl(recording.embedUrl, recording.startSeconds)}
          title={`Recording: ${title}`}
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
  const facts = [
    recording.part,
    recording.startSeconds > 0 ? `session starts at ${formatVideoDuration(recording.startSeconds)}` : null,
  ].filter(Boolean)
  return (
    <a className="recording-facade" href={watchUrlAt(recording.url, recording.startSeconds)} onClick={play}>
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
