/**
 * The words of session and video titles, for the matcher (match.ts) — pure: folding (case, accents, quotes),
 * a light stemmer with synonyms, the word lists that mark upload noise, event and channel names, and titles cut
 * into segments at their separators; plus "day N" and weekday labels, part markers ("(part 1)", "pt. 2", "(2/3)",
 * "[Part II]", "Teil 2") and local days.
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
/** Words that say a video is a stream of a room or a day rather than the recording of one session. */
export const STREAM_WORDS = wordSet('livestream live stream streamed streaming room hall track auditorium stage')
/** Words of a room's name that do not tell one room from another ("Turing room", "Main hall"). */
export const ROOM_WORDS = wordSet('room hall track stage auditorium lecture theatre theater')
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

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

/** The weekday a title names (0 = Sunday), or null. */
export function weekdayLabel(text: string): number | null {
  const match = /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(foldText(text))
  return match?.[1] ? WEEKDAYS.indexOf(match[1]) : null
}

/** The weekday of a date in a time zone (0 = Sunday); 1970-01-01 was a Thursday. */
export function localWeekday(date: Date, timeZone: string | undefined): number {
  return (((localDay(date, timeZone) + 4) % 7) + 7) % 7
}

/** "Part 2 of 3" in a text: the part, the number of parts when given, and where the marker stands. */
export type PartMarker = { part: number; of: number | null; index: number; length: number }

const PART_WORD = String.raw`(?:part|pt\.?|teil|partie|parte)`
const PART_NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 }
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 }
const ORDINAL_PARTS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4 }
const WORD_NUMBER = String.raw`(one|two|three|four|five|six|i{1,3}|iv|vi{0,3}|ix|x)`
const NUMBER = String.raw`(\d{1,2}|one|two|three|four|five|six|i{1,3}|iv|vi{0,3}|ix|x)`
const COUNT = String.raw`(\d{1,2}|two|three|four|five|six)`
const NOT_WORD = String.raw`(?![\p{L}\d])`
/** What may follow a number word or a roman numeral outside brackets: the end, punctuation, or "of N". */
const AFTER_WORD_NUMBER = String.raw`(?=\s*(?:$|[-–—|:,.)\]]|of\b|von\b))`

/**
 * Markers of a title, most explicit first. Outside brackets, a roman numeral or number word only after a space
 * and before the end or punctuation ("Part II: …", never "Parti" or "part I think"); a bare "2/3" or "2 of 3"
 * only in brackets or after a separator at the end, where a date or a ratio would not stand.
 */
const TITLE_MARKERS: RegExp[] = [
  new RegExp(String.raw`[(\[]\s*${PART_WORD}\s*${NUMBER}\s*(?:(?:of|von|/)\s*${COUNT})?\s*[)\]]`, 'iu'),
  new RegExp(String.raw`[(\[]\s*(\d{1,2})\s*(?:/|of|von)\s*(\d{1,2})\s*[)\]]`, 'iu'),
  new RegExp(
    String.raw`(?<![\p{L}\d])${PART_WORD}(?:\s*(\d{1,2})${NOT_WORD}|\s+${WORD_NUMBER}${AFTER_WORD_NUMBER})(?:\s*(?:of|von|/)\s*${COUNT}${NOT_WORD})?`,
    'iu',
  ),
  new RegExp(String.raw`(?<![\p{L}\d])(first|second|third|fourth)\s+part${NOT_WORD}`, 'iu'),
  new RegExp(String.raw`(?:^|\s[-–—|:,]\s*|,\s*)(\d{1,2})\s*(?:/|of)\s*(\d{1,2})\s*$`, 'iu'),
]
/** Markers of a description, which talks about many things: only those that give the count, or "this is part 2". */
const DESCRIPTION_MARKERS: RegExp[] = [
  new RegExp(String.raw`[(\[]\s*${PART_WORD}\s*(\d{1,2})\s*(?:(?:of|von|/)\s*(\d{1,2}))?\s*[)\]]`, 'iu'),
  new RegExp(String.raw`[(\[]\s*(\d{1,2})\s*/\s*(\d{1,2})\s*[)\]]`, 'iu'),
  new RegExp(String.raw`(?<![\p{L}\d])${PART_WORD}\s*(\d{1,2})\s*(?:of|von|/)\s*(\d{1,2})${NOT_WORD}`, 'iu'),
  new RegExp(String.raw`\bthis\s+(?:video\s+)?is\s+(?:the\s+)?part\s+(\d{1,2})${NOT_WORD}`, 'iu'),
]

function partValue(word: string | undefined): number | null {
  if (!word) return null
  const w = word.toLowerCase()
  if (/^\d+$/.test(w)) return Number(w) || null
  return PART_NUMBER_WORDS[w] ?? ROMAN[w] ?? ORDINAL_PARTS[w] ?? null
}

function findMarker(text: string, patterns: RegExp[]): PartMarker | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text)
    if (!match) continue
    const [part, of] = match
      .slice(1)
      .filter((g): g is string => g !== undefined)
      .map(partValue)
    if (!part || part > 20) continue
    if (of !== undefined && of !== null && (of < 2 || of > 20 || part > of)) continue
    return { part, of: of ?? null, index: match.index, length: match[0].length }
  }
  return null
}

/** The part a title says a video is ("… (part 1)", "… pt. 2", "(2/3)", "[Part II]", "Teil 2"), or null. */
export function titlePartMarker(title: string): PartMarker | null {
  return findMarker(title, TITLE_MARKERS)
}

/** The part a description says a video is ("Part 2 of 3", "(2/3)", "This is part 2"), or null. */
export function descriptionPartMarker(description: string): PartMarker | null {
  return findMarker(description, DESCRIPTION_MARKERS)
}

/** A title without its part marker, which is cut like a separator so that the words around it stay apart. */
export function withoutPartMarker(title: string): { title: string; marker: PartMarker | null } {
  const marker = titlePartMarker(title)
  if (!marker) return { title, marker }
  return { title: `${title.slice(0, marker.index)} | ${title.slice(marker.index + marker.length)}`, marker }
}
