/**
 * Highlighted matches without HTML. PostgreSQL's ts_headline wraps each match in StartSel/StopSel; we make those
 * two control characters (STX, ETX) that no one types and that the documents are stripped of before
 * ts_headline runs, then split its output here into plain text segments. Pages render a segment that matched
 * as a React <mark>, so text from the database is only ever text, never markup.
 */
export const MATCH_START = '\u0002'
export const MATCH_STOP = '\u0003'

/** Both markers, for stripping them out of the documents (SQL `translate(doc, MATCH_MARKERS, '')`). */
export const MATCH_MARKERS = MATCH_START + MATCH_STOP

export type HighlightSegment = { text: string; match: boolean }

/** ts_headline output as segments; unbalanced or nested markers never leak into the text. */
export function splitHighlights(headline: string): HighlightSegment[] {
  const segments: HighlightSegment[] = []
  let match = false
  let current = ''
  const flush = () => {
    if (!current) return
    const last = segments[segments.length - 1]
    if (last && last.match === match) last.text += current
    else segments.push({ text: current, match })
    current = ''
  }
  for (const char of headline) {
    if (char === MATCH_START || char === MATCH_STOP) {
      flush()
      match = char === MATCH_START
    } else {
      current += char
    }
  }
  flush()
  return segments
}

export function segmentsText(segments: HighlightSegment[]): string {
  return segments.map((s) => s.text).join('')
}
