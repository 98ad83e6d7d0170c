import type { HighlightSegment } from '~/utils/highlight'

/** Text with its search matches in <mark>; every segment is rendered as text, never as HTML. */
export function Highlighted({ segments }: { segments: HighlightSegment[] }) {
  return <>{segments.map((segment, i) => (segment.match ? <mark key={i}>{segment.text}</mark> : segment.text))}</>
}
