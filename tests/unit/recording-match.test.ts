import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Match, matchRecordings, type MatchSession, type MatchVideo } from '~/models/recordings/match'
import { descriptionPartMarker, titlePartMarker, tokens } from '~/models/recordings/match-words'

type FixtureEvent = {
  key: string
  title: string
  timeZone: string
  startsAt: string
  endsAt: string
  source: 'playlist' | 'channel'
  sessions: Array<{
    key: string
    title: string
    speakers: string[]
    kind: string
    room?: string | null
    startsAt: string
    endsAt: string
  }>
  videos: Array<{
    videoId: string
    title: string
    description?: string
    publishedAt: string
    durationSeconds: number | null
    liveBroadcastContent?: 'none' | 'live' | 'upcoming'
    actualStartTime?: string
    actualEndTime?: string
    /** A premiere's announced time: the matcher must not need it to leave the premiere out. */
    scheduledStartTime?: string
    /** The session this video records (alone, or as its `part`). */
    expected: string | null
    part?: number
    /** The sessions a stream holds, at these offsets. */
    covers?: Array<{ session: string; startSeconds: number; endSeconds: number }>
    trap: string
  }>
}

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/recordings')
const fixtures: FixtureEvent[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as FixtureEvent)

const date = (text: string | undefined) => (text ? new Date(text) : null)

function run(fixture: FixtureEvent) {
  return matchRecordings({
    event: {
      title: fixture.title,
      startsAt: new Date(fixture.startsAt),
      endsAt: new Date(fixture.endsAt),
      timeZone: fixture.timeZone,
    },
    sessions: fixture.sessions.map((s) => ({
      id: s.key,
      title: s.title,
      speakers: s.speakers,
      kind: s.kind,
      room: s.room,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
    })),
    videos: fixture.videos.map((v) => ({
      videoId: v.videoId,
      title: v.title,
      description: v.description,
      publishedAt: new Date(v.publishedAt),
      durationSeconds: v.durationSeconds,
      liveBroadcastContent: v.liveBroadcastContent,
      actualStartTime: date(v.actualStartTime),
      actualEndTime: date(v.actualEndTime),
    })),
  })
}

type ExpectedPair = { part: number | null; startSeconds: number | null; endSeconds: number | null }

/** Every (session, video) pair a fixture expects linked, with its part and offsets. */
function expectedPairs(fixture: FixtureEvent): Map<string, ExpectedPair> {
  const pairs = new Map<string, ExpectedPair>()
  for (const v of fixture.videos) {
    if (v.expected)
      pairs.set(`${v.expected} ${v.videoId}`, { part: v.part ?? null, startSeconds: null, endSeconds: null })
    for (const c of v.covers ?? [])
      pairs.set(`${c.session} ${v.videoId}`, { part: null, startSeconds: c.startSeconds, endSeconds: c.endSeconds })
  }
  return pairs
}

describe('the labelled fixture', () => {
  it('is big enough and consistent', () => {
    const sessions = fixtures.flatMap((f) => f.sessions)
    const videos = fixtures.flatMap((f) => f.videos)
    expect(fixtures.length).toBeGreaterThanOrEqual(4)
    expect(sessions.length).toBeGreaterThanOrEqual(60)
    expect(videos.length).toBeGreaterThanOrEqual(80)
    expect(new Set(videos.map((v) => v.videoId)).size).toBe(videos.length)
    for (const f of fixtures) {
      const keys = new Set(f.sessions.map((s) => s.key))
      const bySession = new Map<string, Array<number | null>>()
      for (const v of f.videos) {
        for (const e of [v.expected, ...(v.covers ?? []).map((c) => c.session)]) {
          if (e === null) continue
          expect(keys, `${f.key}: ${e}`).toContain(e)
        }
        if (v.expected) bySession.set(v.expected, [...(bySession.get(v.expected) ?? []), v.part ?? null])
      }
      // One recording per session: a single video, or parts numbered 1, 2, … without gaps.
      for (const [session, parts] of bySession) {
        if (parts.length === 1 && parts[0] === null) continue
        expect(
          [...parts].sort((a, b) => (a ?? 0) - (b ?? 0)),
          `${f.key}: ${session}`,
        ).toEqual(parts.map((_, i) => i + 1))
      }
    }
    // Every trap of the domain brief is represented.
    const traps = videos.map((v) => v.trap).join('\n')
    for (const trap of [
      'prefix',
      'suffix',
      'speaker',
      'shortened',
      're-upload',
      'similar title',
      'other event',
      'part',
      'room stream',
      'premiere',
      'live',
    ]) {
      expect(traps).toContain(trap)
    }
  })

  it('links automatically with precision ≥ 0.98 and recall ≥ 0.95', () => {
    let linked = 0
    let correct = 0
    let expected = 0
    let suggested = 0
    let suggestedCorrect = 0
    const mistakes: string[] = []
    const lines: string[] = []
    for (const fixture of fixtures) {
      const matches = run(fixture)
      const wanted = expectedPairs(fixture)
      const titles = new Map(fixture.videos.map((v) => [v.videoId, v.title]))
      const describe = (m: Match<string>) =>
        `"${titles.get(m.videoId)}" → ${m.sessionId}${m.part ? ` part ${m.part}` : ''}${
          m.startSeconds !== null ? ` at ${m.startSeconds}–${m.endSeconds} s` : ''
        }`
      const found = new Set<string>()
      let eventLinked = 0
      let eventCorrect = 0
      for (const match of matches) {
        const key = `${match.sessionId} ${match.videoId}`
        const want = wanted.get(key)
        const right =
          want !== undefined &&
          want.part === match.part &&
          want.startSeconds === match.startSeconds &&
          want.endSeconds === match.endSeconds
        if (match.status === 'suggested') {
          suggested++
          if (right) suggestedCorrect++
          continue
        }
        eventLinked++
        if (right) {
          eventCorrect++
          found.add(key)
        } else mistakes.push(`${fixture.key}: linked ${describe(match)}, expected ${JSON.stringify(want ?? null)}`)
      }
      for (const [key, want] of wanted) {
        if (found.has(key)) continue
        const [session, videoId] = key.split(' ')
        const other = matches.filter((m) => m.videoId === videoId).map((m) => `${m.status} ${describe(m)}`)
        mistakes.push(
          `${fixture.key}: "${titles.get(videoId!)}" not linked to ${session} ${JSON.stringify(want)}; ${
            other.join(', ') || 'not matched'
          }`,
        )
      }
      lines.push(
        `  ${fixture.key.padEnd(16)} ${String(fixture.sessions.length).padStart(3)} sessions ${String(
          fixture.videos.length,
        ).padStart(3)} videos: ${eventCorrect}/${eventLinked} links right, ${eventCorrect}/${
          wanted.size
        } recordings found`,
      )
      linked += eventLinked
      correct += eventCorrect
      expected += wanted.size
    }
    const precision = linked ? correct / linked : 1
    const recall = expected ? correct / expected : 1
    console.log(
      [
        `Automatic links on the labelled fixture (${fixtures.length} events):`,
        ...lines,
        `  precision ${precision.toFixed(3)} (${correct}/${linked}), recall ${recall.toFixed(
          3,
        )} (${correct}/${expected}); ${suggested} suggestions, ${suggestedCorrect} right`,
        ...mistakes.map((m) => `  ✗ ${m}`),
      ].join('\n'),
    )
    expect(precision).toBeGreaterThanOrEqual(0.98)
    expect(recall).toBeGreaterThanOrEqual(0.95)
  })
})

const start = new Date('2030-05-04T09:00:00Z')
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000)
const event = { title: 'Sparse Array Summit 2030', startsAt: start, endsAt: at(56), timeZone: 'UTC' }
const session = (id: number, title: string, hour: number, speakers: string[] = [], kind = 'talk'): MatchSession => ({
  id,
  title,
  speakers,
  startsAt: at(hour),
  endsAt: at(hour + 1),
  kind,
})
const video = (videoId: string, title: string, days = 14, durationSeconds = 3300): MatchVideo => ({
  videoId,
  title,
  publishedAt: at(days * 24),
  durationSeconds,
})
const sessions = [
  session(1, 'State of sparse arrays in SciPy (sparray vs spmatrix)', 0, ['Ada Lovelace']),
  session(2, 'Sparse arrays in JAX', 2, ['Grace Hopper']),
  session(3, 'Benchmarks for sparse operations', 4),
  session(4, 'Lunch', 3, [], 'break'),
]

describe('matchRecordings', () => {
  it('links through event prefixes, speaker names and markers, and ignores breaks', () => {
    const matches = matchRecordings({
      event,
      sessions,
      videos: [
        video('aaaaaaaaaaa', 'Sparse Array Summit 2030 – State of sparse arrays in SciPy – Ada Lovelace [HD]'),
        video('bbbbbbbbbbb', 'Lunch | Sparse Array Summit 2030'),
      ],
    })
    expect(matches).toEqual([
      {
        sessionId: 1,
        videoId: 'aaaaaaaaaaa',
        score: expect.any(Number),
        status: 'linked',
        part: null,
        startSeconds: null,
        endSeconds: null,
      },
    ])
  })

  it('never matches videos of other events or published before the session', () => {
    const matches = matchRecordings({
      event,
      sessions,
      videos: [
        video('aaaaaaaaaaa', 'Sparse Array Summit 2029 – Sparse arrays in JAX'),
        video('bbbbbbbbbbb', 'SciPy 2030 – Benchmarks for sparse operations'),
        video('ccccccccccc', 'State of sparse arrays in SciPy', -3),
      ],
    })
    expect(matches).toEqual([])
  })

  it('prefers the later upload of the same recording', () => {
    const matches = matchRecordings({
      event,
      sessions,
      videos: [
        video('aaaaaaaaaaa', 'Sparse arrays in JAX', 10, 600),
        video('bbbbbbbbbbb', 'Sparse arrays in JAX (re-upload)', 17),
      ],
    })
    expect(matches).toEqual([expect.objectContaining({ sessionId: 2, videoId: 'bbbbbbbbbbb', status: 'linked' })])
  })

  it('never proposes a rejected pair again, and keeps linked pairs (and their re-uploads) out', () => {
    const videos = [
      video('aaaaaaaaaaa', 'Sparse arrays in JAX'),
      video('bbbbbbbbbbb', 'Benchmarks for sparse operations'),
    ]
    expect(matchRecordings({ event, sessions, videos, rejected: [{ sessionId: 2, videoId: 'aaaaaaaaaaa' }] })).toEqual([
      expect.objectContaining({ sessionId: 3, videoId: 'bbbbbbbbbbb' }),
    ])
    expect(
      matchRecordings({
        event,
        sessions,
        videos: [...videos, video('ccccccccccc', 'Sparse arrays in JAX (re-upload)', 20)],
        linked: [{ sessionId: 2, videoId: 'aaaaaaaaaaa' }],
      }),
    ).toEqual([expect.objectContaining({ sessionId: 3, videoId: 'bbbbbbbbbbb' })])
  })

  it('only suggests when two sessions fit a video equally', () => {
    const twins = [session(1, 'Lightning talks', 4), session(2, 'Lightning talks', 28)]
    const matches = matchRecordings({ event, sessions: twins, videos: [video('aaaaaaaaaaa', 'Lightning talks')] })
    expect(matches).toEqual([expect.objectContaining({ videoId: 'aaaaaaaaaaa', status: 'suggested' })])
    // A "day 2" label tells them apart.
    const labelled = matchRecordings({
      event,
      sessions: twins,
      videos: [video('aaaaaaaaaaa', 'Lightning talks – day 2')],
    })
    expect(labelled).toEqual([expect.objectContaining({ sessionId: 2, status: 'linked' })])
  })

  it('normalizes case, accents, punctuation and plurals', () => {
    expect(tokens('Søren Ødegaard: Élégant ARRAYS & Zoë’s “formats”')).toEqual([
      'soren',
      'odegaard',
      'elegant',
      'array',
      'and',
      'zoe',
      'format',
    ])
  })
})

describe('part markers', () => {
  it('reads the part from the forms uploads use, and leaves look-alikes alone', () => {
    const part = (title: string) => {
      const marker = titlePartMarker(title)
      return marker && { part: marker.part, of: marker.of }
    }
    expect(part('Wheel building (part 1)')).toEqual({ part: 1, of: null })
    expect(part('Wheel building part 2')).toEqual({ part: 2, of: null })
    expect(part('Wheel building, pt. 2')).toEqual({ part: 2, of: null })
    expect(part('Wheel building – Pt 2')).toEqual({ part: 2, of: null })
    expect(part('Wheel building (2/3)')).toEqual({ part: 2, of: 3 })
    expect(part('Wheel building – 2 of 3')).toEqual({ part: 2, of: 3 })
    expect(part('Wheel building [Part II]')).toEqual({ part: 2, of: null })
    expect(part('Part III: the hard cases')).toEqual({ part: 3, of: null })
    expect(part('Wheel building, part two of three')).toEqual({ part: 2, of: 3 })
    expect(part('Wheel building – Teil 2')).toEqual({ part: 2, of: null })
    for (const plain of [
      'Part of the Sparse Array Summit',
      'Particle physics 2',
      'Apartment 2',
      'Why part I think matters',
      'Sparse arrays part 2030',
      'Community call 4/5',
      '3/4 of all wheels',
    ])
      expect(part(plain), plain).toBeNull()
    expect(descriptionPartMarker('Part 2 of 3 of the working session on wheels.')).toMatchObject({ part: 2, of: 3 })
    expect(descriptionPartMarker('This is part 2; part 1 is linked below.')).toMatchObject({ part: 2 })
    expect(descriptionPartMarker('Recorded as part of the Sparse Array Summit; in part 1 we look at CSR.')).toBeNull()
  })
})

describe('matchRecordings with parts', () => {
  const workingSession: MatchSession = {
    id: 5,
    title: 'Working session: migrating SciPy users from spmatrix to sparray',
    speakers: [],
    startsAt: at(5),
    endsAt: at(8),
    kind: 'working_session',
  }
  const withParts = [...sessions, workingSession]

  it('links both parts of a two-part working session, in order, weighing their combined length', () => {
    const matches = matchRecordings({
      event,
      sessions: withParts,
      videos: [
        video('bbbbbbbbbbb', 'Migrating SciPy users from spmatrix to sparray (part 2)', 14, 5400),
        video('aaaaaaaaaaa', 'Working session: migrating SciPy users from spmatrix to sparray (part 1)', 14, 5400),
        video('ccccccccccc', 'Sparse arrays in JAX'),
      ],
    })
    expect(matches.filter((m) => m.sessionId === 5)).toEqual([
      expect.objectContaining({ videoId: 'aaaaaaaaaaa', status: 'linked', part: 1, startSeconds: null }),
      expect.objectContaining({ videoId: 'bbbbbbbbbbb', status: 'linked', part: 2, startSeconds: null }),
    ])
    expect(matches.find((m) => m.videoId === 'ccccccccccc')).toMatchObject({ sessionId: 2, part: null })
  })

  it('reads (n/m) markers, a part named only in the description, and keeps three parts in order', () => {
    const parts = ['(3/3)', '(1/3)', '(2/3)'].map((marker, i) =>
      video(`part${i}xxxxxx`, `Migrating SciPy users to sparray ${marker}`, 14 + i, 3600),
    )
    const described = {
      ...video('ddddddddddd', 'Migrating SciPy users to sparray, continued', 15, 3600),
      description: 'Part 2 of 2 of the working session.',
    }
    const three = matchRecordings({ event, sessions: withParts, videos: parts })
    expect(three.map((m) => [m.videoId, m.part, m.status])).toEqual([
      ['part1xxxxxx', 1, 'linked'],
      ['part2xxxxxx', 2, 'linked'],
      ['part0xxxxxx', 3, 'linked'],
    ])
    const two = matchRecordings({
      event,
      sessions: withParts,
      videos: [video('aaaaaaaaaaa', 'Migrating SciPy users to sparray (pt. 1)', 14, 5400), described],
    })
    expect(two.map((m) => [m.sessionId, m.videoId, m.part])).toEqual([
      [5, 'aaaaaaaaaaa', 1],
      [5, 'ddddddddddd', 2],
    ])
  })

  it('lets the later upload of a part win, and joins a new part to a part linked before', () => {
    const part1 = video('aaaaaaaaaaa', 'Migrating SciPy users to sparray – part 1', 14, 5400)
    const cut = video('bbbbbbbbbbb', 'Migrating SciPy users to sparray – part 2', 14, 300)
    const again = video('ccccccccccc', 'Migrating SciPy users to sparray – part 2 (re-upload)', 20, 5300)
    const matches = matchRecordings({ event, sessions: withParts, videos: [part1, cut, again] })
    expect(matches.map((m) => [m.videoId, m.part, m.status])).toEqual([
      ['aaaaaaaaaaa', 1, 'linked'],
      ['ccccccccccc', 2, 'linked'],
    ])
    // Part 1 was linked by an earlier run; part 2 arrives later, and a re-upload of part 1 stays out.
    const later = matchRecordings({
      event,
      sessions: withParts,
      videos: [part1, again, video('ddddddddddd', 'Migrating SciPy users to sparray – part 1 (fixed)', 21, 5400)],
      linked: [{ sessionId: 5, videoId: 'aaaaaaaaaaa' }],
    })
    expect(later).toEqual([
      expect.objectContaining({ sessionId: 5, videoId: 'ccccccccccc', part: 2, status: 'linked' }),
    ])
  })

  it('gives a session whose own title names a part only the video of that part, as a whole recording', () => {
    const tutorials = [
      session(1, 'Tutorial: sparse arrays in SciPy, part 1', 0),
      session(2, 'Tutorial: sparse arrays in SciPy, part 2', 2),
    ]
    const matches = matchRecordings({
      event,
      sessions: tutorials,
      videos: [
        video('bbbbbbbbbbb', 'Sparse arrays in SciPy (part 2) – tutorial'),
        video('aaaaaaaaaaa', 'Sparse arrays in SciPy (part 1) – tutorial'),
      ],
    })
    expect(matches.map((m) => [m.sessionId, m.videoId, m.part, m.status]).sort()).toEqual([
      [1, 'aaaaaaaaaaa', null, 'linked'],
      [2, 'bbbbbbbbbbb', null, 'linked'],
    ])
  })

  it('takes "day 1" and "day 2" uploads of a session spanning two days as its parts', () => {
    const sprint: MatchSession = {
      id: 9,
      title: 'Sprint: sparse array protocol implementation',
      speakers: [],
      startsAt: at(6),
      endsAt: at(30),
      kind: 'working_session',
    }
    const matches = matchRecordings({
      event,
      sessions: [...sessions, sprint],
      videos: [
        video('bbbbbbbbbbb', 'Sprint: sparse array protocol implementation – day 2', 14, 7200),
        video('aaaaaaaaaaa', 'Sprint: sparse array protocol implementation – day 1', 14, 10800),
      ],
    })
    expect(matches.map((m) => [m.sessionId, m.videoId, m.part, m.status])).toEqual([
      [9, 'aaaaaaaaaaa', 1, 'linked'],
      [9, 'bbbbbbbbbbb', 2, 'linked'],
    ])
  })
})

describe('matchRecordings with streams and premieres', () => {
  const inRoom = (id: number, title: string, hour: number, room: string, hours = 1): MatchSession => ({
    id,
    title,
    speakers: [],
    startsAt: at(hour),
    endsAt: at(hour + hours),
    kind: 'talk',
    room,
  })
  // Day 2 in the Turing room, with a breakout in parallel in the Hopper room.
  const day2 = [
    inRoom(10, 'Array API standard and sparse arrays', 24, 'Turing'),
    inRoom(11, 'Sparse formats beyond CSR', 25.5, 'Turing'),
    inRoom(12, 'Breakout: sparse linear algebra', 25.5, 'Hopper'),
    inRoom(13, 'Sparse arrays in scikit-learn', 27, 'Turing'),
  ]
  const stream = (overrides: Partial<MatchVideo> = {}): MatchVideo => ({
    videoId: 'streamxxxxx',
    title: 'Turing room – day 2 livestream',
    // Created the evening before; the broadcast began at 08:45 and ended at 13:15.
    publishedAt: at(12),
    durationSeconds: 16_200,
    liveBroadcastContent: 'none',
    actualStartTime: at(23.75),
    actualEndTime: at(28.25),
    ...overrides,
  })

  it("links each session of a day-long room stream at its offsets from the broadcast's start", () => {
    const matches = matchRecordings({ event, sessions: [...sessions, ...day2], videos: [stream()] })
    expect(matches).toEqual([
      expect.objectContaining({ sessionId: 10, status: 'linked', part: null, startSeconds: 900, endSeconds: 4500 }),
      expect.objectContaining({ sessionId: 11, status: 'linked', part: null, startSeconds: 6300, endSeconds: 9900 }),
      expect.objectContaining({
        sessionId: 13,
        status: 'linked',
        part: null,
        startSeconds: 11_700,
        endSeconds: 15_300,
      }),
    ])
  })

  it('clamps offsets to the video, prefers a recording of its own, and only suggests what it cannot place', () => {
    // The broadcast began late and its video was trimmed: the first session starts at 0, the last ends with the video.
    const late = matchRecordings({
      event,
      sessions: day2,
      videos: [stream({ actualStartTime: at(24.25), durationSeconds: 10_000 })],
    })
    expect(late.map((m) => [m.sessionId, m.startSeconds, m.endSeconds])).toEqual([
      [10, 0, 2700],
      [11, 4500, 8100],
    ])
    // A session with its own upload keeps it and takes nothing from the stream.
    const own = matchRecordings({
      event,
      sessions: day2,
      videos: [stream(), video('aaaaaaaaaaa', 'Sparse formats beyond CSR', 14, 3500)],
    })
    expect(own.filter((m) => m.sessionId === 11)).toEqual([
      expect.objectContaining({ videoId: 'aaaaaaaaaaa', startSeconds: null }),
    ])
    expect(own.filter((m) => m.videoId === 'streamxxxxx').map((m) => m.sessionId)).toEqual([10, 13])
    // Without broadcast times, publish time and duration place a long upload only roughly: suggestions.
    const uploaded = matchRecordings({
      event,
      sessions: day2,
      videos: [stream({ publishedAt: at(23.75), actualStartTime: null, actualEndTime: null })],
    })
    expect(uploaded.map((m) => [m.sessionId, m.status, m.startSeconds])).toEqual([
      [10, 'suggested', 900],
      [11, 'suggested', 6300],
      [13, 'suggested', 11_700],
    ])
    // Rooms unknown: of two sessions in parallel, the one with an upload of its own was streamed.
    const unknownRooms = day2.map((s) => ({ ...s, room: null }))
    const parallel = matchRecordings({
      event,
      sessions: unknownRooms,
      videos: [stream(), video('aaaaaaaaaaa', 'Sparse formats beyond CSR', 14, 3500)],
    })
    expect(parallel.filter((m) => m.videoId === 'streamxxxxx').map((m) => m.sessionId)).toEqual([10, 13])
    const noneOwn = matchRecordings({ event, sessions: unknownRooms, videos: [stream()] })
    expect(noneOwn.map((m) => [m.sessionId, m.status])).toEqual([
      [10, 'linked'],
      [11, 'suggested'],
      [12, 'suggested'],
      [13, 'linked'],
    ])
  })

  it('keeps a stream open to the sessions it has not been linked to, and a streamed session open to its own upload', () => {
    const matches = matchRecordings({
      event,
      sessions: day2,
      videos: [stream(), video('aaaaaaaaaaa', 'Array API standard and sparse arrays', 14, 3500)],
      linked: [{ sessionId: 10, videoId: 'streamxxxxx' }],
    })
    expect(matches.map((m) => [m.sessionId, m.videoId, m.status])).toEqual([
      [10, 'aaaaaaaaaaa', 'linked'],
      [11, 'streamxxxxx', 'linked'],
      [13, 'streamxxxxx', 'linked'],
    ])
  })

  it('never matches a running stream, an announced premiere or an upcoming stream; a completed stream is a recording', () => {
    const live = stream({ liveBroadcastContent: 'live', actualEndTime: null, durationSeconds: null })
    const upcoming = stream({
      videoId: 'upcomingxxx',
      liveBroadcastContent: 'upcoming',
      actualStartTime: null,
      actualEndTime: null,
    })
    const premiere: MatchVideo = {
      ...video('premierexxx', 'Sparse arrays in JAX – Grace Hopper'),
      liveBroadcastContent: 'upcoming',
      durationSeconds: null,
    }
    expect(matchRecordings({ event, sessions: [...sessions, ...day2], videos: [live, upcoming, premiere] })).toEqual([])
    // Once aired, the premiere is an upload like any other.
    expect(
      matchRecordings({
        event,
        sessions,
        videos: [{ ...premiere, liveBroadcastContent: 'none', durationSeconds: 3500 }],
      }),
    ).toEqual([expect.objectContaining({ sessionId: 2, videoId: 'premierexxx', status: 'linked' })])
    // A completed stream of one session: it began before the session was due, and its publish time says nothing.
    const keynote: MatchVideo = {
      videoId: 'keynotexxxx',
      title: 'Sparse arrays in JAX (live)',
      publishedAt: at(-24),
      durationSeconds: 3900,
      liveBroadcastContent: 'none',
      actualStartTime: at(1.9),
      actualEndTime: at(3),
    }
    expect(matchRecordings({ event, sessions, videos: [keynote] })).toEqual([
      expect.objectContaining({ sessionId: 2, videoId: 'keynotexxxx', status: 'linked', startSeconds: null }),
    ])
  })
})
