import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { matchRecordings, type MatchSession, type MatchVideo } from '~/models/recordings/match'
import { tokens } from '~/models/recordings/match-words'

type FixtureEvent = {
  key: string
  title: string
  timeZone: string
  startsAt: string
  endsAt: string
  source: 'playlist' | 'channel'
  sessions: Array<{ key: string; title: string; speakers: string[]; kind: string; startsAt: string; endsAt: string }>
  videos: Array<{
    videoId: string
    title: string
    description?: string
    publishedAt: string
    durationSeconds: number
    expected: string | null
    trap: string
  }>
}

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/recordings')
const fixtures: FixtureEvent[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as FixtureEvent)

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
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
    })),
    videos: fixture.videos.map((v) => ({ ...v, publishedAt: new Date(v.publishedAt) })),
  })
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
      const expected = f.videos.map((v) => v.expected).filter((e): e is string => e !== null)
      for (const e of expected) expect(keys, `${f.key}: ${e}`).toContain(e)
      // One recording per session.
      expect(new Set(expected).size, f.key).toBe(expected.length)
    }
    // Every trap of the domain brief is represented.
    const traps = videos.map((v) => v.trap).join('\n')
    for (const trap of ['prefix', 'suffix', 'speaker', 'shortened', 're-upload', 'similar title', 'other event']) {
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
      const byVideo = new Map(matches.map((m) => [m.videoId, m]))
      let eventLinked = 0
      let eventCorrect = 0
      const eventExpected = fixture.videos.filter((v) => v.expected).length
      for (const video of fixture.videos) {
        const match = byVideo.get(video.videoId)
        if (match?.status === 'linked') {
          eventLinked++
          if (match.sessionId === video.expected) eventCorrect++
          else
            mistakes.push(`${fixture.key}: "${video.title}" linked to ${match.sessionId}, expected ${video.expected}`)
        } else if (video.expected) {
          mistakes.push(
            `${fixture.key}: "${video.title}" ${match ? `suggested for ${match.sessionId}` : 'not matched'}, expected ${
              video.expected
            }`,
          )
        }
        if (match?.status === 'suggested') {
          suggested++
          if (match.sessionId === video.expected) suggestedCorrect++
        }
      }
      lines.push(
        `  ${fixture.key.padEnd(16)} ${String(fixture.sessions.length).padStart(3)} sessions ${String(
          fixture.videos.length,
        ).padStart(
          3,
        )} videos: ${eventCorrect}/${eventLinked} links right, ${eventCorrect}/${eventExpected} recordings found`,
      )
      linked += eventLinked
      correct += eventCorrect
      expected += eventExpected
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
    expect(matches).toEqual([{ sessionId: 1, videoId: 'aaaaaaaaaaa', score: expect.any(Number), status: 'linked' }])
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
