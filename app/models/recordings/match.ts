/**
 * Matching YouTube videos to agenda sessions — pure, no database.
 *
 * Video titles rarely equal session titles: uploads carry the event's name ("Sparse Array Summit 2026 – …",
 * "… | Scientific Python"), speaker names, shortened or reworded titles, markers such as "[HD]" or
 * "(re-upload)", and channels hold videos of other events. The matcher
 *
 * 1. cuts each video title into segments (at " – ", " | ", ": ", brackets…) and drops those naming this event,
 *    the community, a speaker, a day ("day 2") or an upload marker; a segment naming another event (another
 *    year, "SciPy 2025", "Domain Stacks Summit" on a Sparse Array event) rules the video out altogether;
 * 2. compares what remains with each session title as sets of normalized tokens (case, accents, punctuation,
 *    plurals), weighted by how rare a word is among the event's session titles, in both directions (so a
 *    shortened title still covers most of what it says);
 * 3. adjusts for speakers named (the session's own, or only other sessions'), publish time (never before the
 *    session started), "day N" labels, and duration against the session's length (a teaser or a whole-day
 *    stream is not the recording of one session);
 * 4. assigns one-to-one: a pair is linked automatically only when it scores high and clearly beats every other
 *    candidate of both the session and the video; pairs are decided in rounds, so a confident link removes its
 *    session and video before the rest are weighed. What remains is suggested greedily by score, above a floor.
 *
 * Re-uploads: when two videos with the same title fit the same session (and no other session has that title),
 * the later upload wins — an upload is repeated because the first one was broken (cut, bad audio) — and the
 * earlier one is not matched. Deleted or private originals never reach the matcher at all.
 */

import {
  CHANNEL_WORDS,
  contentTokens,
  dayLabel,
  EVENT_WORDS,
  foldText,
  KIND_WORDS,
  localDay,
  NOISE,
  REUPLOAD_MARKERS,
  type Segment,
  splitSegments,
  stem,
  STOPWORDS,
  tokens,
  YEAR,
} from './match-words'

export type MatchSession<K extends string | number = number> = {
  id: K
  title: string
  speakers: string[]
  startsAt: Date
  endsAt: Date
  kind?: string
}

export type MatchVideo = {
  videoId: string
  title: string
  description?: string | null
  publishedAt: Date | null
  durationSeconds: number | null
}

export type MatchEvent = { title: string; startsAt: Date; endsAt: Date; timeZone?: string }

export type MatchStatus = 'linked' | 'suggested'

export type Match<K extends string | number = number> = {
  sessionId: K
  videoId: string
  score: number
  status: MatchStatus
}

export const MATCH_THRESHOLDS = {
  /** Lowest score of an automatic link. */
  link: 0.6,
  /** How far an automatic link must beat the next candidate of its session and of its video. */
  margin: 0.15,
  /** Lowest score of a suggestion. */
  suggest: 0.35,
}

/** Sessions of these kinds are never recorded. */
const UNRECORDED_KINDS = new Set(['break', 'social'])

/** Trailing "by Ada Lovelace", "with Ada Lovelace and Grace Hopper" when the words look like names. */
const TRAILING_NAMES =
  /\s+(?:by|with|feat\.?|ft\.?|presented by|on)\s+((?:\p{Lu}[\p{L}'’.-]*\s*(?:,|\band\b|&)?\s*){2,8})$/u
/** Leading "Ada Lovelace on …", "Ada Lovelace: …" is left to the speaker segments. */
const LEADING_NAMES = /^((?:\p{Lu}[\p{L}'’.-]*\s+){1,3}\p{Lu}[\p{L}'’.-]*)\s+on\s+/u

type Context = {
  eventTokens: Set<string>
  /** Initials of the event's name ("sas" for Sparse Array Summit 2026). */
  acronym: string
  /** Words of the event's name that are not generic ("sparse", "array", and the initials "sas"). */
  distinctive: Set<string>
  eventYears: Set<string>
  /** Words of all session titles of the event, with how many titles hold each. */
  vocabulary: Map<string, number>
  sessionCount: number
  /** Every name token of every speaker of the event. */
  speakerTokens: Set<string>
  /** Speakers' last names that are not also words of a session title. */
  lastNames: Set<string>
  sessionTitleTokens: Array<Set<string>>
  /** Segments that recur over many uploads (channel boilerplate), by their token key. */
  boilerplate: Set<string>
  timeZone?: string
  eventFirstDay: number
}

type PreparedVideo = {
  video: MatchVideo
  /** Tokens of the title once event, community, speaker, day and marker segments are gone. */
  core: Set<string>
  /** Speakers' last names mentioned in the title or the description. */
  mentioned: Set<string>
  /** Speakers' last names mentioned in the title. */
  mentionedInTitle: Set<string>
  foreign: boolean
  reupload: boolean
  day: number | null
}

type PreparedSession<K extends string | number> = {
  session: MatchSession<K>
  title: Set<string>
  speakerLastNames: Set<string>
  speakerTokens: Set<string>
  day: number
  twin: boolean
}

function segmentCoverage(segment: string[], ctx: Context): number {
  const words = segment.filter((t) => !YEAR.test(t) && !EVENT_WORDS.has(t))
  if (!words.length) return 0
  let best = 0
  for (const title of ctx.sessionTitleTokens) {
    const covered = words.filter((t) => title.has(t)).length / words.length
    if (covered > best) best = covered
  }
  return best
}

function looksLikeNames(raw: string, ctx: Context): boolean {
  const words = raw.split(/[\s,&]+|\band\b/).filter(Boolean)
  if (words.length < 2 || words.length > 8) return false
  return words.every((w) => /^\p{Lu}/u.test(w) && !/\d/.test(w) && !contentTokens(w).some((t) => ctx.vocabulary.has(t)))
}

type SegmentKind = 'topic' | 'event' | 'foreign' | 'noise' | 'channel' | 'speaker' | 'names' | 'day'

/** What a segment of a video title is; `topic` may be narrower than the segment ("Summit 2026 Welcome"). */
function classifySegment(segment: Segment, ctx: Context): { kind: SegmentKind; topic?: string[] } {
  const t = segment.tokens
  if (t.every((x) => NOISE.has(x))) return { kind: 'noise' }
  if (
    t.includes('day') &&
    t.length <= 3 &&
    dayLabel(segment.raw) !== null &&
    t.every((x) => !ctx.vocabulary.has(x) || x === 'day' || /^\d$/.test(x))
  )
    return { kind: 'day' }
  // A word of our event's name, or its abbreviation ("Dev" for "Developer").
  const nameWord = (x: string, names: Set<string>) =>
    names.has(x) || (x.length >= 3 && !/^\d/.test(x) && [...names].some((n) => n.length > x.length && n.startsWith(x)))
  const ours = (x: string) =>
    nameWord(x, ctx.eventTokens) || ctx.eventYears.has(x) || EVENT_WORDS.has(x) || CHANNEL_WORDS.has(x) || NOISE.has(x)
  const others = t.filter((x) => !ours(x))
  const distinctive = t.filter((x) => nameWord(x, ctx.distinctive)).length
  // Enough of our event's own name ("Sparse Array", "SAS"), not just a generic "Summit".
  const namesUs = distinctive >= Math.min(2, ctx.distinctive.size) && ctx.distinctive.size > 0
  const years = t.filter((x) => YEAR.test(x))
  const eventWords = t.filter((x) => EVENT_WORDS.has(x))
  const covered = segmentCoverage(t, ctx)
  const ourEventWord = eventWords.some((x) => ctx.eventTokens.has(x))
  // Nothing but our event's name ("Array API Adoption Sprint 2027"), even when session titles share its words.
  if (!others.length && years.every((y) => ctx.eventYears.has(y)) && (ourEventWord || t.includes(ctx.acronym)))
    return { kind: 'event' }
  if (years.length) {
    if (years.some((y) => ctx.sessionTitleTokens.some((title) => title.has(y))) && covered >= 0.5)
      return { kind: 'topic' }
    // Another edition ("Sparse Array Summit 2025") or another event of the year ("SciPy 2026", "July 2026").
    if (!years.every((y) => ctx.eventYears.has(y))) return { kind: 'foreign' }
    if (!others.length) return { kind: 'event' }
    // "Sparse Array Summit 2026 Welcome": our name and a topic without a separator.
    if (namesUs) return { kind: 'topic', topic: others }
    return { kind: 'foreign' }
  }
  if (eventWords.length) {
    if (!others.length && ourEventWord) return { kind: 'event' }
    if (covered >= 0.5) return { kind: 'topic' }
    if (ourEventWord && namesUs) return { kind: 'topic', topic: others }
    // "Domain Stacks Summit" on a Sparse Array Summit's channel; a lone "(workshop)" is just a label.
    return { kind: others.length ? 'foreign' : 'channel' }
  }
  if (t.every((x) => CHANNEL_WORDS.has(x) || NOISE.has(x))) return { kind: 'channel' }
  if (ctx.boilerplate.has(t.join(' '))) return { kind: 'channel' }
  const nameWords = new Set(['by', 'with', 'feat', 'ft', 'presented', 'and'])
  if (t.some((x) => ctx.speakerTokens.has(x)) && t.every((x) => ctx.speakerTokens.has(x) || nameWords.has(x)))
    return { kind: 'speaker' }
  if (looksLikeNames(segment.raw, ctx)) return { kind: 'names' }
  return { kind: 'topic' }
}

function prepareVideo(video: MatchVideo, ctx: Context): PreparedVideo {
  const core = new Set<string>()
  let foreign = false
  let reupload = false
  for (const segment of splitSegments(video.title)) {
    const { kind, topic } = classifySegment(segment, ctx)
    if (kind === 'foreign') foreign = true
    if (kind === 'noise' && segment.tokens.some((x) => REUPLOAD_MARKERS.has(x))) reupload = true
    if (kind !== 'topic') continue
    let raw = segment.raw
    const trailing = TRAILING_NAMES.exec(raw)
    if (trailing?.[1] && looksLikeNames(trailing[1], ctx)) raw = raw.slice(0, trailing.index)
    const leading = LEADING_NAMES.exec(raw)
    if (leading?.[1] && looksLikeNames(leading[1], ctx)) raw = raw.slice(leading[0].length)
    const words = topic ? contentTokens(raw).filter((x) => topic.includes(x)) : contentTokens(raw)
    for (const x of words) {
      if (NOISE.has(x) && !ctx.vocabulary.has(x)) continue
      if (ctx.speakerTokens.has(x) && !ctx.vocabulary.has(x)) continue
      core.add(x)
    }
  }
  const titleTokens = new Set(contentTokens(video.title))
  const descriptionTokens = contentTokens(video.description ?? '')
  const mentionedInTitle = new Set([...titleTokens].filter((x) => ctx.lastNames.has(x)))
  const mentioned = new Set([...mentionedInTitle, ...descriptionTokens.filter((x) => ctx.lastNames.has(x))])
  return {
    video,
    core,
    mentioned,
    mentionedInTitle,
    foreign,
    reupload,
    day: dayLabel(video.title),
  }
}

function buildContext<K extends string | number>(
  event: MatchEvent,
  sessions: MatchSession<K>[],
  videos: MatchVideo[],
): Context {
  const eventWords = contentTokens(event.title)
  const acronym = foldText(event.title)
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !YEAR.test(w) && !STOPWORDS.has(w))
    .map((w) => w[0])
    .join('')
  const eventTokens = new Set([...eventWords, ...(acronym.length >= 2 ? [stem(acronym)] : [])])
  const eventYears = new Set([
    String(event.startsAt.getUTCFullYear()),
    String(event.endsAt.getUTCFullYear()),
    ...eventWords.filter((t) => YEAR.test(t)),
  ])
  const vocabulary = new Map<string, number>()
  const sessionTitleTokens: Array<Set<string>> = []
  const speakerTokens = new Set<string>()
  for (const s of sessions) {
    const title = new Set(contentTokens(s.title))
    sessionTitleTokens.push(title)
    for (const t of title) vocabulary.set(t, (vocabulary.get(t) ?? 0) + 1)
  }
  for (const s of sessions) {
    for (const name of s.speakers)
      for (const t of tokens(name)) if (t.length > 1 && !STOPWORDS.has(t)) speakerTokens.add(t)
  }
  const lastNames = new Set(
    sessions
      .flatMap((s) => s.speakers.map((name) => tokens(name).at(-1) ?? ''))
      .filter((t) => t.length > 1 && !vocabulary.has(t)),
  )
  // Segments repeated over many uploads are the channel's boilerplate, unless they name a session.
  const counts = new Map<string, number>()
  for (const v of videos) {
    for (const key of new Set(splitSegments(v.title).map((s) => s.tokens.join(' ')))) {
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  const boilerplate = new Set<string>()
  const minimum = Math.max(3, Math.ceil(videos.length * 0.2))
  for (const [key, count] of counts) {
    if (count < minimum) continue
    const keyTokens = key.split(' ')
    const namesSession = sessionTitleTokens.some((title) => keyTokens.every((t) => title.has(t)))
    if (!namesSession) boilerplate.add(key)
  }
  return {
    eventTokens,
    acronym: acronym.length >= 2 ? stem(acronym) : '\u0000',
    distinctive: new Set([...eventTokens].filter((x) => !YEAR.test(x) && !EVENT_WORDS.has(x) && !CHANNEL_WORDS.has(x))),
    eventYears,
    vocabulary,
    sessionCount: sessions.length,
    speakerTokens,
    lastNames,
    sessionTitleTokens,
    boilerplate,
    timeZone: event.timeZone,
    eventFirstDay: localDay(event.startsAt, event.timeZone),
  }
}

function weight(token: string, ctx: Context): number {
  const n = ctx.sessionCount
  const df = ctx.vocabulary.get(token)
  // A word no session title holds says the video is about something else, but less surely than a rare title word.
  const idf = df ? Math.log((n + 1) / df) : Math.log((n + 1) / 2)
  return KIND_WORDS.has(token) ? Math.min(idf, 0.4) : Math.max(idf, 0.1)
}

/** Equal words, or one word and a longer form of it ("dispatch", "dispatchable"; "distribution", "distributing"). */
function sameToken(a: string, b: string): boolean {
  if (a === b) return true
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  if (short.length >= 5 && long.startsWith(short)) return true
  let common = 0
  while (common < short.length && short[common] === long[common]) common++
  return common >= 6 && common >= 0.75 * short.length
}

function overlap(from: Set<string>, to: Set<string>, ctx: Context): number {
  let total = 0
  let shared = 0
  for (const t of from) {
    const w = weight(t, ctx)
    total += w
    if (to.has(t) || [...to].some((u) => sameToken(t, u))) shared += w
  }
  return total ? shared / total : 0
}

/** How well the words of a video and a session agree, 0–1: the mean of both directions' weighted coverage. */
function titleSimilarity(video: Set<string>, session: Set<string>, ctx: Context): number {
  if (!video.size || !session.size) return 0
  const sessionCovered = overlap(session, video, ctx)
  const videoCovered = overlap(video, session, ctx)
  return (sessionCovered + videoCovered) / 2
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

function scorePair<K extends string | number>(v: PreparedVideo, s: PreparedSession<K>, ctx: Context): number {
  if (v.foreign) return 0
  const { publishedAt, durationSeconds } = v.video
  // A recording cannot go public before its session started (an hour's grace for streams started early).
  if (publishedAt && publishedAt.getTime() < s.session.startsAt.getTime() - HOUR) return 0
  let score = titleSimilarity(v.core, s.title, ctx)
  if (score === 0) return 0
  // Speakers named in the title: a bonus as large as the share of them who speak in this session, a penalty
  // for the share who do not. Named only in the description: a bonus when one of them speaks here.
  if (v.mentionedInTitle.size) {
    const own = [...v.mentionedInTitle].filter((t) => s.speakerLastNames.has(t)).length / v.mentionedInTitle.size
    score += 0.15 * own - 0.3 * (1 - own)
  } else if ([...s.speakerLastNames].some((t) => v.mentioned.has(t))) {
    score += 0.15
  }
  if (v.day !== null) score += v.day === s.day ? 0.1 : -0.4
  if (durationSeconds) {
    const length = (s.session.endsAt.getTime() - s.session.startsAt.getTime()) / 1000
    const ratio = length > 0 ? durationSeconds / length : 1
    if (ratio < 0.15) score *= 0.5
    else if (ratio > 2.5) score *= 0.6
  }
  if (publishedAt && publishedAt.getTime() > s.session.endsAt.getTime() + 365 * DAY) score *= 0.7
  return Math.max(0, Math.min(1, score))
}

function pairKey(sessionId: string | number, videoId: string) {
  return `${sessionId}\u0000${videoId}`
}

export type MatchInput<K extends string | number> = {
  event: MatchEvent
  /** Every session of the event that could have a recording (breaks and socials are skipped). */
  sessions: MatchSession<K>[]
  /** Every video available, including those already linked. */
  videos: MatchVideo[]
  /** Pairs an organizer refused: never proposed again. */
  rejected?: Iterable<{ sessionId: K; videoId: string }>
  /** Pairs already linked (by an earlier run or by hand): kept, their session and video are taken. */
  linked?: Iterable<{ sessionId: K; videoId: string }>
  thresholds?: Partial<typeof MATCH_THRESHOLDS>
}

function prepareSession<K extends string | number>(
  session: MatchSession<K>,
  title: Set<string>,
  ctx: Context,
  twin: boolean,
): PreparedSession<K> {
  const names = session.speakers.map((n) => tokens(n).filter((t) => t.length > 1))
  return {
    session,
    title,
    speakerLastNames: new Set(names.map((n) => n.at(-1)).filter((t): t is string => Boolean(t))),
    speakerTokens: new Set(names.flat()),
    day: localDay(session.startsAt, ctx.timeZone) - ctx.eventFirstDay + 1,
    twin,
  }
}

/** Every pair's score, with rejected pairs at zero. */
function scoreAll<K extends string | number>(input: MatchInput<K>) {
  const sessions = input.sessions.filter((s) => !UNRECORDED_KINDS.has(s.kind ?? ''))
  const ctx = buildContext(input.event, sessions, input.videos)
  const rejected = new Set([...(input.rejected ?? [])].map((r) => pairKey(r.sessionId, r.videoId)))
  const titleKeys = ctx.sessionTitleTokens.map((title) => [...title].sort().join(' '))
  const prepared = sessions.map((session, i) =>
    prepareSession(session, ctx.sessionTitleTokens[i]!, ctx, titleKeys.filter((k) => k === titleKeys[i]).length > 1),
  )
  const videos = input.videos.map((v) => prepareVideo(v, ctx))
  const scores = prepared.map((s) =>
    videos.map((v) => (rejected.has(pairKey(s.session.id, v.video.videoId)) ? 0 : scorePair(v, s, ctx))),
  )
  return { prepared, videos, scores }
}

/**
 * Which video records which session, one-to-one: confident pairs `linked`, the next best `suggested`, the rest
 * nothing. Already linked pairs are not returned again.
 */
export function matchRecordings<K extends string | number>(input: MatchInput<K>): Match<K>[] {
  const limits = { ...MATCH_THRESHOLDS, ...input.thresholds }
  const { prepared, videos, scores } = scoreAll(input)
  const sessionIndex = new Map(prepared.map((s, i) => [s.session.id, i]))
  const videoIndex = new Map(videos.map((v, i) => [v.video.videoId, i]))
  const sessionFree = prepared.map(() => true)
  const videoFree = videos.map(() => true)
  const same = (a: number, b: number, row: number[]) =>
    videos[a]!.core.size > 0 &&
    [...videos[a]!.core].sort().join(' ') === [...videos[b]!.core].sort().join(' ') &&
    Math.abs(row[a]! - row[b]!) <= 0.1

  for (const { sessionId, videoId } of input.linked ?? []) {
    const si = sessionIndex.get(sessionId)
    const vi = videoIndex.get(videoId)
    if (si !== undefined) sessionFree[si] = false
    if (vi !== undefined) videoFree[vi] = false
    // Another upload of an already linked recording is not the recording of some other session.
    if (si !== undefined && vi !== undefined) {
      const row = scores[si]!
      for (const [b] of videos.entries()) if (b !== vi && row[b] && same(vi, b, row)) videoFree[b] = false
    }
  }

  // Re-uploads: among videos with the same words fitting one session about equally, the later upload wins.
  for (const [si, s] of prepared.entries()) {
    if (s.twin || !sessionFree[si]) continue
    const row = scores[si]!
    for (const [a, va] of videos.entries()) {
      for (const [b, vb] of videos.entries()) {
        if (a !== b && row[a] && row[b] && same(a, b, row) && preferLater(va, vb)) row[a] = 0
      }
    }
  }

  const matches: Match<K>[] = []
  const round = (score: number) => Math.round(score * 1000) / 1000
  const take = (si: number, vi: number, status: MatchStatus) => {
    sessionFree[si] = false
    videoFree[vi] = false
    matches.push({
      sessionId: prepared[si]!.session.id,
      videoId: videos[vi]!.video.videoId,
      score: round(scores[si]![vi]!),
      status,
    })
  }

  // Rounds of confident links: each removes its session and video before the next round weighs the rest.
  for (;;) {
    const confident: Array<[number, number]> = []
    for (const [si] of prepared.entries()) {
      if (!sessionFree[si]) continue
      for (const [vi] of videos.entries()) {
        const score = scores[si]![vi]!
        if (!videoFree[vi] || score < limits.link) continue
        let rival = 0
        for (const [vj] of videos.entries()) if (vj !== vi && videoFree[vj]) rival = Math.max(rival, scores[si]![vj]!)
        for (const [sj] of prepared.entries())
          if (sj !== si && sessionFree[sj]) rival = Math.max(rival, scores[sj]![vi]!)
        if (score - rival >= limits.margin) confident.push([si, vi])
      }
    }
    if (!confident.length) break
    // Confident pairs never share a session or a video: each beats every rival of both by the margin.
    for (const [si, vi] of confident) take(si, vi, 'linked')
  }

  // The rest: best pairs first, one-to-one, above the floor.
  const rest: Array<[number, number, number]> = []
  for (const [si] of prepared.entries()) {
    if (!sessionFree[si]) continue
    for (const [vi] of videos.entries()) {
      const score = scores[si]![vi]!
      if (videoFree[vi] && score >= limits.suggest) rest.push([score, si, vi])
    }
  }
  rest.sort((a, b) => b[0] - a[0])
  for (const [, si, vi] of rest) if (sessionFree[si] && videoFree[vi]) take(si, vi, 'suggested')
  return matches
}

/** Whether video `b` supersedes video `a` as the upload of the same recording. */
function preferLater(a: PreparedVideo, b: PreparedVideo): boolean {
  if (b.reupload !== a.reupload) return b.reupload
  const ta = a.video.publishedAt?.getTime() ?? 0
  const tb = b.video.publishedAt?.getTime() ?? 0
  return tb > ta || (tb === ta && b.video.videoId > a.video.videoId)
}
