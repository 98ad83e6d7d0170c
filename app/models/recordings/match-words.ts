/**
 * The words of session and video titles, for the matcher (match.ts) — pure: folding (case, accents, quotes),
 * a light stemmer with synonyms, the word lists that mark upload noise, event and channel names, and titles cut
 * into segments at their separators; plus "day N" labels and local days.
 */

const SYNONYMS: Record<string, string> = {
  doc: 'documentation',
  docs: 'documentation',
  intro: 'introduction',
  viz: 'visualization',
  vis: 'visualization',
  perf: 'performance',
  algo: 'algorithm',
  algos: 'algorithm',
  '&': 'and',
  w: 'with',
  two: '2',
  three: '3',
  one: '1',
  four: '4',
  '2d': '2',
  '3d': '3',
}

/** Stemmed words of a space-separated list. */
function wordSet(list: string): Set<string> {
  return new Set(list.split(' ').map(stem))
}

export const STOPWORDS = new Set(
  'a an the of and or in on at for to with by from vs versus via into about is are be our your we how what why its it this that as do does using use when where which who can new'.split(
    ' ',
  ),
)
/** Upload markers, never part of a title. */
export const NOISE = wordSet(
  'reupload re upload uploaded repost reposted hd 4k 1080p 720p full video recording recorded audio fixed fix sound corrected v2 version official edit edited remastered',
)
export const REUPLOAD_MARKERS = wordSet('reupload re repost reposted fixed fix corrected v2')
/** Words that name an event rather than a session. */
export const EVENT_WORDS = wordSet(
  'summit summits conference conf sprint sprints meetup symposium hackathon devsummit workshop pycon pydata euroscipy jupytercon fosdem',
)
/** Whole segments made of these words are the community's or the stream's name ("| Scientific Python"). */
export const CHANNEL_WORDS = wordSet(
  'scientific python community channel livestream live stream streamed day session playlist',
)
/** Kind labels that session titles carry and uploads often drop or move ("Breakout:", "(working session)"). */
export const KIND_WORDS = wordSet(
  'breakout discussion working session tutorial talk keynote panel bof lightning introduction intro',
)
const ORDINALS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  first: 1,
  second: 2,
  third: 3,
}

/** Lower case, accents removed (NFD), typographic quotes and dashes made plain. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ıİ]/g, 'i')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[łŁ]/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[‘’`´]/g, "'")
    .toLowerCase()
}

/** A light stemmer, applied alike to both sides: plurals, -ing, -ed and a final e ("writing", "writes", "write"). */
export function stem(token: string): string {
  const synonym = SYNONYMS[token]
  if (synonym) return synonym
  if (/^\d/.test(token)) return token
  let t = token
  if (t.length > 4 && t.endsWith('ies')) t = `${t.slice(0, -3)}y`
  else if (t.length > 3 && t.endsWith('s') && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1)
  if (t.length >= 7 && t.endsWith('ing')) t = t.slice(0, -3)
  else if (t.length >= 6 && t.endsWith('ed') && !t.endsWith('eed')) t = t.slice(0, -2)
  if (t.length >= 5 && t.endsWith('e')) t = t.slice(0, -1)
  return t
}

/** Folded words of a text: '26 read as 2026, punctuation removed (dots inside numbers kept). */
function words(text: string): string[] {
  return foldText(text)
    .replace(/(^|[\s(])'(\d\d)\b/g, '$1 20$2 ')
    .replace(/'s\b/g, '')
    .replace(/&/g, ' and ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/[^a-z0-9.]+/g, ' ')
    .split(' ')
    .filter(Boolean)
}

/** Normalized words of a text: folded and stemmed. */
export function tokens(text: string): string[] {
  return words(text).map(stem)
}

/** Normalized words without the small words that say nothing about a topic. */
export function contentTokens(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem)
}

export const YEAR = /^(19|20)\d\d$/

export type Segment = { raw: string; tokens: string[] }

/** A title cut at separators and brackets; the bracketed parts are segments of their own. */
export function splitSegments(title: string): Segment[] {
  const bracketed: string[] = []
  const main = title.replace(/\(([^)]*)\)|\[([^\]]*)\]|\{([^}]*)\}/g, (_m, a, b, c) => {
    bracketed.push(a ?? b ?? c ?? '')
    return ' | '
  })
  const parts = main.split(/\s+[-–—~•·]+\s+|\s*[|•·]\s*|:\s+|\s+\/\/\s+|\s+-{2}\s+/)
  return [...parts, ...bracketed]
    .map((raw) => raw.trim())
    .filter(Boolean)
    .map((raw) => ({ raw, tokens: contentTokens(raw) }))
    .filter((s) => s.tokens.length > 0)
}

export function dayLabel(text: string): number | null {
  const match = /\bday\s*[-#]?\s*(\d|one|two|three|four|five)\b|\b(first|second|third)\s+day\b/.exec(foldText(text))
  if (!match) return null
  const word = match[1] ?? match[2] ?? ''
  return /^\d$/.test(word) ? Number(word) : ORDINALS[word] ?? null
}

export function localDay(date: Date, timeZone: string | undefined): number {
  const text = new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date)
  return Math.round(Date.parse(`${text}T00:00:00Z`) / 86_400_000)
}
