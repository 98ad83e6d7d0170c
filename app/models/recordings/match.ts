/**
 * Matching YouTube videos to agenda sessions — pure, no database.
 *
 * Video titles rarely equal session titles: uploads carry the event's name ("Sparse Array Summit 2026 – …",
 * "… | Scientific Python"), speaker names, shortened or reworded titles, markers such as "[HD]" or
 * "(re-upload)", and channels hold videos of other events. Recordings also come in pieces: a working session
 * uploaded in two parts, a whole day of a room streamed live as one video. The matcher
 *
 * 1. leaves out videos that are not recordings yet: a running stream or an announced premiere
 *    (`liveBroadcastContent` 'live' or 'upcoming'); a completed stream is a recording like any other;
 * 2. reads a part marker from each title ("(part 1)", "pt. 2", "(2/3)", "2 of 3", "[Part II]", "Teil 2") or,
 *    failing that, from the description ("Part 2 of 3", "This is part 2"), and cuts it out of the title;
 * 3. cuts each video title into segments (at " – ", " | ", ": ", brackets…) and drops those naming this event,
 *    the community, a speaker, a day ("day 2") or an upload marker; a segment naming another event (another
 *    year, "SciPy 2025", "Domain Stacks Summit" on a Sparse Array event) rules the video out altogether;
 * 4. compares what remains with each session title (without its own part marker) as sets of normalized tokens
 *    (case, accents, punctuation, plurals), weighted by how rare a word is among the event's session titles, in
 *    both directions (so a shortened title still covers most of what it says);
 * 5. adjusts for speakers named (the session's own, or only other sessions'), the time the video was recorded
 *    or published (never before the session started), "day N" labels (a session spanning days takes every day
 *    it spans), and duration against the session's length (a teaser or a whole-day stream is not the recording
 *    of one session);
 * 6. gathers the parts: videos with a part marker that fit one session best are that session's parts, weighed
 *    together — the mean of their scores with their combined duration against the session's length — and
 *    linked or suggested together, each with its `part` number, in order. On a session that spans days, "day 1"
 *    and "day 2" uploads are its parts 1 and 2. A session whose own title carries the part ("Tutorial, part 2")
 *    takes only the video of that part, as a whole recording. A video without a marker keeps `part` null;
 * 7. assigns one-to-one, a set of parts counting as one recording: a pair is linked automatically only when it
 *    scores high and clearly beats every other candidate of both the session and the video; pairs are decided
 *    in rounds, so a confident link removes its session and video before the rest are weighed. What remains is
 *    suggested greedily by score, above a floor;
 * 8. then lays room streams over the agenda: a completed stream (its `actualStartTime`, `actualEndTime`) or a
 *    video at least three sessions long (its publish time and duration) whose time window covers at least three
 *    quarters of two sessions or more gives each covered session a match at `startSeconds` (the session's start
 *    less the stream's, at least 0) to `endSeconds` (its end, at most the video's duration). When sessions carry
 *    rooms, only those of the stream's room: the room its title or description names, or else the room with
 *    most sessions in its window — clear only when the other rooms' sessions all ran in parallel to it. Such a
 *    pair is linked when the window comes from the broadcast's own times, the room is clear, a day or weekday in
 *    the title agrees, and the title reads as a stream (stream or room words, a day, only the event's name) or
 *    the video is long enough — or when the title names that session; otherwise it is suggested.
 *
 * A session with a recording of its own (an upload linked before, or linked in this run) keeps it and takes
 * nothing from a stream: a stream cut into sessions is a fallback, and proposing it beside every good upload
 * would only fill the organizers' review with pairs to reject. When several sessions ran in parallel inside a
 * stream's window and its room is not known, one with a recording of its own is taken as the streamed one and
 * the others get nothing; if none has one, each is only suggested. A session linked to a stream stays open to
 * an upload of its own, linked beside it (the stream link is kept: linked pairs are never undone here).
 *
 * Re-uploads: when two videos with the same title fit the same session (and no other session has that title),
 * the later upload wins — an upload is repeated because the first one was broken (cut, bad audio) — and the
 * earlier one is not matched. Among the parts of a session, the same holds for two uploads of the same part.
 * Deleted or private originals never reach the matcher at all.
 *
 * Linked pairs (by an earlier run or by hand) are kept and never returned again; their video is taken, and so
 * is their session — except for the other parts of a linked part (linked with it when they fit it best) and,
 * for a session linked to a stream, an upload of its own. Rejected pairs are never proposed again.
 */

import {
  CHANNEL_WORDS,
  contentTokens,
  dayLabel,
  descriptionPartMarker,
  EVENT_WORDS,
  foldText,
  KIND_WORDS,
  localDay,
  localWeekday,
  NOISE,
  type PartMarker,
  REUPLOAD_MARKERS,
  ROOM_WORDS,
  type Segment,
  splitSegments,
  stem,
  STOPWORDS,
  STREAM_WORDS,
  titlePartMarker,
  tokens,
  weekdayLabel,
  withoutPartMarker,
  YEAR,
} from './match-words'

export type MatchSession<K extends string | number = number> = {
  id: K
  title: string
  speakers: string[]
  startsAt: Date
  endsAt: Date
  kind?: string
  /** The room it takes place in; tells a room's stream from the parallel sessions of other rooms. */
  room?: string | null
}

export type MatchVideo = {
  videoId: string
  title: string
  description?: string | null
  publishedAt: Date | null
  durationSeconds: number | null
  /** 'live' and 'upcoming' (a running stream, an announced premiere) are not recordings yet. */
  liveBroadcastContent?: 'none' | 'live' | 'upcoming' | null
  /** When a broadcast began and ended (`liveStreamingDetails`): where each session lies in a stream. */
  actualStartTime?: Date | null
  actualEndTime?: Date | null
}

export type MatchEvent = { title: string; startsAt: Date; endsAt: Date; timeZone?: string }

export type MatchStatus = 'linked' | 'suggested'

export type Match<K extends string | number = number> = {
  sessionId: K
  videoId: string
  score: number
  status: MatchStatus
  /** Which part of the session's recording the video is (1, 2, …); null for a whole recording or a stream. */
  part: number | null
  /** Where the session begins and ends in the video, in seconds; null for a recording of the session alone. */
  startSeconds: number | null
  endSeconds: number | null
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

/** Share of a session a stream's window must cover for the stream to hold it. */
const STREAM_COVERAGE = 0.75
/** How many sessions' length (the median) a video without broadcast times must last to be taken for a stream. */
const STREAM_SESSIONS = 3

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

/** When a video's picture was taken, in milliseconds: from the broadcast's own times (precise), or from publish time and duration. */
type TimeWindow = { start: number; end: number; precise: boolean }

type PreparedVideo = {
  video: MatchVideo
  /** Tokens of the title once event, community, speaker, day, part and marker segments are gone. */
  core: Set<string>
  /** Speakers' last names mentioned in the title or the description. */
  mentioned: Set<string>
  /** Speakers' last names mentioned in the title. */
  mentionedInTitle: Set<string>
  /** Every token of the title, for stream and room words. */
  titleTokens: Set<string>
  foreign: boolean
  reupload: boolean
  day: number | null
  weekday: number | null
  /** The part its title (or else its description) names. */
  marker: PartMarker | null
  window: TimeWindow | null
}

type PreparedSession<K extends string | number> = {
  session: MatchSession<K>
  title: Set<string>
  speakerLastNames: Set<string>
  speakerTokens: Set<string>
  /** The event days it starts and ends on (1 = the event's first day). */
  day: number
  endDay: number
  twin: boolean
  /** The part its own title names ("Tutorial, part 2"). */
  titlePart: number | null
  room: string | null
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

function timeWindow(video: MatchVideo): TimeWindow | null {
  const duration = video.durationSeconds ? video.durationSeconds * 1000 : null
  if (video.actualStartTime) {
    const start = video.actualStartTime.getTime()
    // An archived broadcast may be trimmed: what the video holds ends with its duration.
    const ends = [video.actualEndTime?.getTime(), duration !== null ? start + duration : undefined]
    const known = ends.filter((t): t is number => t !== undefined)
    const end = known.length ? Math.min(...known) : null
    return end !== null && end > start ? { start, end, precise: true } : null
  }
  if (video.publishedAt && duration) {
    const start = video.publishedAt.getTime()
    return { start, end: start + duration, precise: false }
  }
  return null
}

function prepareVideo(video: MatchVideo, ctx: Context): PreparedVideo {
  const core = new Set<string>()
  let foreign = false
  let reupload = false
  const { title, marker } = withoutPartMarker(video.title)
  for (const segment of splitSegments(title)) {
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
    titleTokens,
    foreign,
    reupload,
    day: dayLabel(video.title),
    weekday: weekdayLabel(video.title),
    marker: marker ?? descriptionPartMarker(video.description ?? ''),
    window: timeWindow(video),
  }
}

/** A session title without its part marker: "Tutorial, part 1" and "Tutorial, part 2" share their words. */
function sessionTitleTokens(title: string): Set<string> {
  return new Set(contentTokens(withoutPartMarker(title).title))
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
  const sessionTitles: Array<Set<string>> = []
  const speakerTokens = new Set<string>()
  for (const s of sessions) {
    const title = sessionTitleTokens(s.title)
    sessionTitles.push(title)
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
    const namesSession = sessionTitles.some((title) => keyTokens.every((t) => title.has(t)))
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
    sessionTitleTokens: sessionTitles,
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

/**
 * How surely video `v` records session `s`, 0–1. `durationSeconds` is weighed against the session's length:
 * the video's own, the combined duration of the parts it belongs to, or null to leave length out.
 */
function scorePair<K extends string | number>(
  v: PreparedVideo,
  s: PreparedSession<K>,
  ctx: Context,
  durationSeconds: number | null = v.video.durationSeconds,
): number {
  if (v.foreign) return 0
  // "Tutorial, part 2" is recorded by the video of part 2, not by part 1.
  if (s.titlePart !== null && v.marker && v.marker.part !== s.titlePart) return 0
  const { publishedAt } = v.video
  // A recording cannot exist before its session started (an hour's grace for streams started early).
  const recordedFrom = v.video.actualStartTime ?? publishedAt
  if (recordedFrom && recordedFrom.getTime() < s.session.startsAt.getTime() - HOUR) return 0
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
  if (v.day !== null) score += v.day >= s.day && v.day <= s.endDay ? 0.1 : -0.4
  if (durationSeconds) {
    const length = (s.session.endsAt.getTime() - s.session.startsAt.getTime()) / 1000
    const ratio = length > 0 ? durationSeconds / length : 1
    if (ratio < 0.15) score *= 0.5
    else if (ratio > 2.5) score *= 0.6
  }
  if (publishedAt && publishedAt.getTime() > s.session.endsAt.getTime() + 365 * DAY) score *= 0.7
  return Math.max(0, Math.min(1, score))
}

/**
 * Which part of session `s`'s recording video `v` is: its marker's number (unless the session's own title
 * names that part: then it is the whole recording), or on a session spanning days, the day it shows.
 */
function partFor<K extends string | number>(v: PreparedVideo, s: PreparedSession<K>): number | null {
  if (v.marker) return v.marker.part === s.titlePart ? null : v.marker.part
  if (v.day !== null && s.endDay > s.day && v.day >= s.day && v.day <= s.endDay) return v.day - s.day + 1
  return null
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
  const dayOf = (date: Date) => localDay(date, ctx.timeZone) - ctx.eventFirstDay + 1
  const day = dayOf(session.startsAt)
  return {
    session,
    title,
    speakerLastNames: new Set(names.map((n) => n.at(-1)).filter((t): t is string => Boolean(t))),
    speakerTokens: new Set(names.flat()),
    day,
    // A session ending at midnight does not span the next day.
    endDay: Math.max(day, dayOf(new Date(session.endsAt.getTime() - 1))),
    twin,
    titlePart: titlePartMarker(session.title)?.part ?? null,
    room: session.room?.trim() || null,
  }
}

/** Running streams and announced premieres are not recordings (yet). */
function isRecording(video: MatchVideo): boolean {
  return video.liveBroadcastContent !== 'live' && video.liveBroadcastContent !== 'upcoming'
}

/** Every pair's score, with rejected pairs at zero. */
function scoreAll<K extends string | number>(input: MatchInput<K>) {
  const sessions = input.sessions.filter((s) => !UNRECORDED_KINDS.has(s.kind ?? ''))
  const recordings = input.videos.filter(isRecording)
  const ctx = buildContext(input.event, sessions, recordings)
  const rejected = new Set([...(input.rejected ?? [])].map((r) => pairKey(r.sessionId, r.videoId)))
  const titleKeys = ctx.sessionTitleTokens.map((title) => [...title].sort().join(' '))
  const prepared = sessions.map((session, i) =>
    prepareSession(session, ctx.sessionTitleTokens[i]!, ctx, titleKeys.filter((k) => k === titleKeys[i]).length > 1),
  )
  const videos = recordings.map((v) => prepareVideo(v, ctx))
  const isRejected = (si: number, vi: number) =>
    rejected.has(pairKey(prepared[si]!.session.id, videos[vi]!.video.videoId))
  const scores = prepared.map((s, si) => videos.map((v, vi) => (isRejected(si, vi) ? 0 : scorePair(v, s, ctx))))
  return { ctx, prepared, videos, scores, isRejected }
}

/** A recording to assign: one video, or the parts of one session's recording (in order). */
type Unit = { members: number[] }

/** A stream over several sessions: the sessions its window holds, in its room, and how sure that is. */
type Stream = {
  window: TimeWindow
  /** Session indices, by start time. */
  covered: number[]
  /** Share of each covered session inside the window. */
  coverage: Map<number, number>
  /** The room, the day and the kind of video all say it is a stream of these sessions. */
  clear: boolean
  /** Its window comes from the broadcast's own times, its room and day agree: enough when the title names a session. */
  placed: boolean
}

/** Whether a text names a room: its whole name, or the words that tell it from other rooms ("Turing" of "Turing room"). */
function namesRoom(room: string, text: string): boolean {
  const folded = ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ')} `
  const name = foldText(room)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  if (name && folded.includes(` ${name} `)) return true
  const distinctive = contentTokens(room).filter((t) => !ROOM_WORDS.has(t) && !/^\d+$/.test(t) && t.length >= 3)
  if (!distinctive.length) return false
  const words = new Set(contentTokens(text))
  return distinctive.every((t) => words.has(t))
}

function overlapMs(a: { start: number; end: number }, b: { start: number; end: number }) {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start))
}

function span<K extends string | number>(s: PreparedSession<K>) {
  return { start: s.session.startsAt.getTime(), end: s.session.endsAt.getTime() }
}

/** The videos that stream several sessions, by video index. */
function findStreams<K extends string | number>(
  prepared: PreparedSession<K>[],
  videos: PreparedVideo[],
  ctx: Context,
): Map<number, Stream> {
  const lengths = prepared.map((s) => (span(s).end - span(s).start) / 1000).sort((a, b) => a - b)
  const median = lengths.length ? lengths[Math.floor(lengths.length / 2)]! : 0
  const rooms = [...new Set(prepared.map((s) => s.room).filter((r): r is string => r !== null))]
  const streams = new Map<number, Stream>()
  for (const [vi, v] of videos.entries()) {
    const { window } = v
    if (v.foreign || !window) continue
    const seconds = v.video.durationSeconds ?? (window.end - window.start) / 1000
    const long = median > 0 && seconds >= STREAM_SESSIONS * median
    // Publish time and duration place only a long video: an ordinary upload published during the event is not a stream.
    if (!window.precise && !long) continue
    const coverage = new Map<number, number>()
    for (const [si, s] of prepared.entries()) {
      const length = span(s).end - span(s).start
      if (length > 0 && overlapMs(window, span(s)) >= STREAM_COVERAGE * length)
        coverage.set(si, overlapMs(window, span(s)) / length)
    }
    let covered = [...coverage.keys()].sort((a, b) => span(prepared[a]!).start - span(prepared[b]!).start)
    if (covered.length < 2) continue

    // The stream's room: named by its title (or alone in its description), else the busiest room in its window.
    let named = rooms.filter((r) => namesRoom(r, v.video.title))
    if (!named.length) {
      const inDescription = rooms.filter((r) => namesRoom(r, v.video.description ?? ''))
      if (inDescription.length === 1) named = inDescription
    }
    let roomClear = named.length <= 1
    const room =
      named.length === 1 ? named[0]! : named.length ? null : busiestRoom(covered.map((si) => prepared[si]!.room))
    if (room !== null) {
      const elsewhere = covered.filter((si) => prepared[si]!.room !== null && prepared[si]!.room !== room)
      covered = covered.filter((si) => !elsewhere.includes(si))
      // Another room's sessions in the window are clear only as breakouts in parallel to the stream's own room.
      if (!named.length)
        roomClear = elsewhere.every((si) => covered.some((c) => overlapMs(span(prepared[c]!), span(prepared[si]!)) > 0))
    }
    if (covered.length < 2) continue
    const first = prepared[covered[0]!]!
    const dayAgrees =
      (v.day === null || v.day === first.day) &&
      (v.weekday === null || v.weekday === localWeekday(first.session.startsAt, ctx.timeZone))
    const readsAsStream =
      [...v.titleTokens].some((t) => STREAM_WORDS.has(t)) ||
      v.day !== null ||
      v.weekday !== null ||
      named.length > 0 ||
      v.core.size === 0
    const placed = window.precise && roomClear && dayAgrees
    streams.set(vi, { window, covered, coverage, placed, clear: placed && (readsAsStream || long) })
  }
  return streams
}

function busiestRoom(rooms: Array<string | null>): string | null {
  const counts = new Map<string, number>()
  for (const r of rooms) if (r !== null) counts.set(r, (counts.get(r) ?? 0) + 1)
  let best: string | null = null
  for (const [r, n] of counts) if (best === null || n > counts.get(best)!) best = r
  return best
}

/**
 * Which video records which session: confident pairs `linked`, the next best `suggested`, the rest nothing.
 * Parts of one recording come together, in order; a room stream gives each session it holds a match with its
 * offsets. Already linked pairs are not returned again.
 */
export function matchRecordings<K extends string | number>(input: MatchInput<K>): Match<K>[] {
  const limits = { ...MATCH_THRESHOLDS, ...input.thresholds }
  const { ctx, prepared, videos, scores, isRejected } = scoreAll(input)
  const sessionIndex = new Map(prepared.map((s, i) => [s.session.id, i]))
  const videoIndex = new Map(videos.map((v, i) => [v.video.videoId, i]))
  const streams = findStreams(prepared, videos, ctx)
  const matches: Match<K>[] = []
  const round = (score: number) => Math.round(score * 1000) / 1000
  const emit = (si: number, vi: number, score: number, status: MatchStatus, extra: Partial<Match<K>> = {}) =>
    matches.push({
      sessionId: prepared[si]!.session.id,
      videoId: videos[vi]!.video.videoId,
      score: round(score),
      status,
      part: null,
      startSeconds: null,
      endSeconds: null,
      ...extra,
    })

  // Taken: a video linked already or out of the running; a session with a recording of its own.
  const videoTaken = videos.map(() => false)
  const sessionTaken = prepared.map(() => false)
  const sessionStreamed = prepared.map(() => false)
  const linkedPairs = new Set<string>()
  /** Sessions linked to some of their parts, with the part numbers linked, and the videos linked to each session. */
  const linkedParts = new Map<number, Set<number>>()
  const linkedVideos = new Map<number, number[]>()
  const samePart = (a: number, b: number, si: number) =>
    partFor(videos[a]!, prepared[si]!) === partFor(videos[b]!, prepared[si]!)
  const same = (a: number, b: number, si: number) => {
    const row = scores[si]!
    return (
      videos[a]!.core.size > 0 &&
      [...videos[a]!.core].sort().join(' ') === [...videos[b]!.core].sort().join(' ') &&
      Math.abs(row[a]! - row[b]!) <= 0.1 &&
      samePart(a, b, si)
    )
  }

  for (const { sessionId, videoId } of input.linked ?? []) {
    linkedPairs.add(pairKey(sessionId, videoId))
    const si = sessionIndex.get(sessionId)
    const vi = videoIndex.get(videoId)
    if (vi !== undefined) videoTaken[vi] = true
    if (si === undefined) continue
    if (vi !== undefined && streams.has(vi)) {
      sessionStreamed[si] = true
      continue
    }
    sessionTaken[si] = true
    if (vi === undefined) continue
    linkedVideos.set(si, [...(linkedVideos.get(si) ?? []), vi])
    const part = partFor(videos[vi]!, prepared[si]!)
    if (part !== null) linkedParts.set(si, (linkedParts.get(si) ?? new Set()).add(part))
    // Another upload of an already linked recording is not the recording of some other session.
    const row = scores[si]!
    for (const [b] of videos.entries()) if (b !== vi && row[b] && same(vi, b, si)) videoTaken[b] = true
  }

  // Parts: videos with a part marker, gathered by the session they fit best (length left out: a part is short).
  const bestSession = videos.map((_, vi) => {
    let best = -1
    let bestScore = limits.suggest
    for (const [si, s] of prepared.entries()) {
      const score = isRejected(si, vi) ? 0 : scorePair(videos[vi]!, s, ctx, null)
      if (score >= bestScore && (best < 0 || score > bestScore)) [best, bestScore] = [si, score]
    }
    return { si: best, score: bestScore }
  })
  const available = (vi: number) => !videoTaken[vi] && !streams.has(vi)
  const partsBySession = new Map<number, Map<number, number>>()
  for (const [vi, v] of videos.entries()) {
    const si = bestSession[vi]!.si
    if (!available(vi) || si < 0) continue
    const part = partFor(v, prepared[si]!)
    if (part === null) continue
    // A part already linked: this is a re-upload of it.
    if (linkedParts.get(si)?.has(part)) {
      videoTaken[vi] = true
      continue
    }
    const parts = partsBySession.get(si) ?? new Map<number, number>()
    partsBySession.set(si, parts)
    // The same part twice: the later upload wins.
    const other = parts.get(part)
    if (other === undefined || preferLater(videos[other]!, v)) {
      if (other !== undefined) videoTaken[other] = true
      parts.set(part, vi)
    } else {
      videoTaken[vi] = true
    }
  }
  const units: Unit[] = []
  const inGroup = new Set<number>()
  const durationOf = (members: number[]) => {
    const durations = members.map((vi) => videos[vi]!.video.durationSeconds)
    return durations.every((d): d is number => typeof d === 'number') ? durations.reduce((a, b) => a + b, 0) : null
  }
  for (const [si, parts] of partsBySession) {
    const members = [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, vi]) => vi)
    for (const vi of members) inGroup.add(vi)
    if (!linkedParts.has(si)) {
      units.push({ members })
      continue
    }
    // The other parts of a linked part join it: linked when that session is the one they fit best, alone.
    const duration = durationOf([...(linkedVideos.get(si) ?? []), ...members])
    for (const vi of members) {
      const score = scorePair(videos[vi]!, prepared[si]!, ctx, duration)
      const rival = Math.max(
        0,
        ...prepared.map((s, sj) => (sj === si || isRejected(sj, vi) ? 0 : scorePair(videos[vi]!, s, ctx, null))),
      )
      const status = rival < bestSession[vi]!.score ? 'linked' : 'suggested'
      emit(si, vi, score, status, { part: partFor(videos[vi]!, prepared[si]!) })
      videoTaken[vi] = true
    }
  }
  for (const [vi] of videos.entries()) if (available(vi) && !inGroup.has(vi)) units.push({ members: [vi] })

  /** A unit's score for a session: a video's own, or the mean of its parts' with their combined duration. */
  const unitScores = prepared.map((s, si) =>
    units.map(({ members }) => {
      if (members.length === 1 && !inGroup.has(members[0]!)) return scores[si]![members[0]!]!
      const eligible = members.filter((vi) => !isRejected(si, vi))
      if (!eligible.length) return 0
      const duration = durationOf(eligible)
      return eligible.reduce((sum, vi) => sum + scorePair(videos[vi]!, s, ctx, duration), 0) / eligible.length
    }),
  )
  const single = (ui: number) => units[ui]!.members.length === 1 && !inGroup.has(units[ui]!.members[0]!)
  const sessionFree = prepared.map((_, si) => !sessionTaken[si])
  const unitFree = units.map(() => true)

  // Re-uploads: among videos with the same words fitting one session about equally, the later upload wins.
  for (const [si, s] of prepared.entries()) {
    if (s.twin || !sessionFree[si]) continue
    const row = unitScores[si]!
    for (const [ua, a] of units.entries()) {
      if (!single(ua)) continue
      for (const [ub, b] of units.entries()) {
        if (ua === ub || !single(ub) || !row[ua] || !row[ub]) continue
        const [va, vb] = [a.members[0]!, b.members[0]!]
        if (same(va, vb, si) && preferLater(videos[va]!, videos[vb]!)) row[ua] = 0
      }
    }
  }

  const take = (si: number, ui: number, status: MatchStatus) => {
    sessionFree[si] = false
    unitFree[ui] = false
    const score = unitScores[si]![ui]!
    for (const vi of units[ui]!.members) {
      if (isRejected(si, vi)) continue
      emit(si, vi, score, status, { part: inGroup.has(vi) ? partFor(videos[vi]!, prepared[si]!) : null })
    }
  }

  // Rounds of confident links: each removes its session and unit before the next round weighs the rest.
  for (;;) {
    const confident: Array<[number, number]> = []
    for (const [si] of prepared.entries()) {
      if (!sessionFree[si]) continue
      for (const [ui] of units.entries()) {
        const score = unitScores[si]![ui]!
        if (!unitFree[ui] || score < limits.link) continue
        let rival = 0
        for (const [uj] of units.entries()) if (uj !== ui && unitFree[uj]) rival = Math.max(rival, unitScores[si]![uj]!)
        for (const [sj] of prepared.entries())
          if (sj !== si && sessionFree[sj]) rival = Math.max(rival, unitScores[sj]![ui]!)
        if (score - rival >= limits.margin) confident.push([si, ui])
      }
    }
    if (!confident.length) break
    // Confident pairs never share a session or a unit: each beats every rival of both by the margin.
    for (const [si, ui] of confident) take(si, ui, 'linked')
  }

  // The rest: best pairs first, one-to-one, above the floor.
  const rest: Array<[number, number, number]> = []
  for (const [si] of prepared.entries()) {
    if (!sessionFree[si]) continue
    for (const [ui] of units.entries()) {
      const score = unitScores[si]![ui]!
      if (unitFree[ui] && score >= limits.suggest) rest.push([score, si, ui])
    }
  }
  rest.sort((a, b) => b[0] - a[0])
  for (const [, si, ui] of rest) if (sessionFree[si] && unitFree[ui]) take(si, ui, 'suggested')

  // Room streams: each session a stream holds that has no recording of its own.
  const ownRecording = (si: number) =>
    sessionTaken[si]! || matches.some((m) => m.status === 'linked' && m.sessionId === prepared[si]!.session.id)
  type Candidate = { vi: number; score: number; status: MatchStatus; startSeconds: number; endSeconds: number }
  const fromStream = new Map<number, Candidate>()
  const better = (a: Candidate, b: Candidate) =>
    a.status !== b.status
      ? a.status === 'linked'
      : a.score !== b.score
      ? a.score > b.score
      : preferLater(videos[b.vi]!, videos[a.vi]!)
  for (const [vi, stream] of streams) {
    const { window } = stream
    const seconds = videos[vi]!.video.durationSeconds ?? (window.end - window.start) / 1000
    for (const si of stream.covered) {
      const s = prepared[si]!
      if (ownRecording(si) || sessionStreamed[si] || isRejected(si, vi)) continue
      if (linkedPairs.has(pairKey(s.session.id, videos[vi]!.video.videoId))) continue
      // Parallel sessions in the window: the one with a recording of its own was the streamed one.
      const parallel = stream.covered.filter((sj) => sj !== si && overlapMs(span(prepared[sj]!), span(s)) > 0)
      if (parallel.some(ownRecording)) continue
      const namesSession = stream.placed && scorePair(videos[vi]!, s, ctx, null) >= limits.link
      const startSeconds = Math.max(0, Math.round((span(s).start - window.start) / 1000))
      const endSeconds = Math.min(Math.round(seconds), Math.round((span(s).end - window.start) / 1000))
      if (endSeconds <= startSeconds) continue
      const candidate: Candidate = {
        vi,
        score: stream.coverage.get(si)! * (window.precise ? 1 : 0.7),
        status: !parallel.length && (stream.clear || namesSession) ? 'linked' : 'suggested',
        startSeconds,
        endSeconds,
      }
      const current = fromStream.get(si)
      if (!current || better(candidate, current)) fromStream.set(si, candidate)
    }
  }
  for (const [vi, stream] of streams) {
    for (const si of stream.covered) {
      const c = fromStream.get(si)
      if (c?.vi === vi) emit(si, vi, c.score, c.status, { startSeconds: c.startSeconds, endSeconds: c.endSeconds })
    }
  }
  return matches
}

/** Whether video `b` supersedes video `a` as the upload of the same recording. */
function preferLater(a: PreparedVideo, b: PreparedVideo): boolean {
  if (b.reupload !== a.reupload) return b.reupload
  const ta = a.video.publishedAt?.getTime() ?? 0
  const tb = b.video.publishedAt?.getTime() ?? 0
  return tb > ta || (tb === ta && b.video.videoId > a.video.videoId)
}
