import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { syncRecordingsPayloadSchema, syncRecordingsTask } from '../../jobs/sync-recordings'
import { getEventById } from '~/models/events/event.server'
import { finishJobRun, listJobRuns, startJobRun } from '~/models/operations/job-runs.server'
import {
  acceptRecording,
  linkRecordingByUrl,
  linkVideoToSession,
  listRecordingReview,
  rejectRecording,
} from '~/models/recordings/review.server'
import { linkedRecordingsForEvent, recordingForSession } from '~/models/recordings/links.server'
import { RecordingError } from '~/models/recordings/recording-error'
import {
  eventsDueForRecordingSync,
  RECORDING_SYNC_WINDOW_DAYS,
  runRecordingSync,
  syncRecordings,
} from '~/models/recordings/sync.server'
import { recordRecordingsProblem } from '~/models/recordings/sync-fetch.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { classifyYoutubeError, PermanentYoutubeError, RetryableYoutubeError } from '~/models/recordings/youtube-errors'
import { fetchEventVideos, parseIsoDuration } from '~/models/recordings/youtube-fetch.server'
import { db } from '~/utils/db.server'
import { youtubeClient } from '~/models/recordings/youtube-client.server'
import { makeEvent, makeUser } from '../support/factories'
import { BACKEND_ERROR, FakeYoutube, QUOTA_EXCEEDED, VALID_KEY, type FakeVideo } from '../support/fake-youtube'

let fake: FakeYoutube
beforeAll(async () => {
  fake = await new FakeYoutube().start()
})
afterAll(async () => {
  await fake.stop()
})
beforeEach(() => fake.clearLog())

const client = (apiKey = VALID_KEY) => youtubeClient({ apiKey, rootUrl: fake.url })

const sessionInput = (title: string, startsAt: string, endsAt: string, speakers = '') =>
  sessionInputSchema('Europe/Berlin').parse({ title, kind: 'talk', startsAt, endsAt, room: 'Plenary', speakers })

/**
 * A published agenda of seven sessions and a playlist of 62 videos: five recordings (one of them ambiguous),
 * a deleted video and 56 unrelated channel videos, so that listing takes two pages and details two batches.
 */
async function recordedEvent(options: { playlist?: boolean; channel?: boolean } = { playlist: true }) {
  const owner = await makeUser()
  const tag = randomBytes(3).toString('hex')
  const playlistId = `PL${tag}${'x'.repeat(12)}`
  const channelId = `UC${tag}${'y'.repeat(16)}`
  const event = await makeEvent(owner.id, {
    title: 'Sparse Array Summit 2030',
    youtubePlaylistId: options.playlist ? playlistId : undefined,
    youtubeChannelId: options.channel ? channelId : undefined,
  })
  const add = (title: string, startsAt: string, endsAt: string, speakers = '') =>
    createSession(event.id, sessionInput(title, startsAt, endsAt, speakers))
  const sessions = {
    scipy: await add('State of sparse arrays in SciPy', '2030-05-04T10:00', '2030-05-04T11:00', 'Ada Lovelace'),
    jax: await add('Sparse arrays in JAX', '2030-05-04T11:30', '2030-05-04T12:30', 'Grace Hopper'),
    bench: await add('Benchmarks for sparse operations', '2030-05-05T10:00', '2030-05-05T11:00'),
    protocol: await add('Breakout: a shared sparse array protocol', '2030-05-05T14:00', '2030-05-05T15:00'),
    lightning1: await add('Lightning talks', '2030-05-05T16:00', '2030-05-05T17:00'),
    lightning2: await add('Lightning talks', '2030-05-06T11:00', '2030-05-06T12:00'),
    closing: await add('Closing: decisions and action items', '2030-05-06T15:00', '2030-05-06T16:00'),
  }
  await publishSchedule(event.id, 'Org')
  const id = (n: number) => `${tag}${String(n).padStart(5, '0')}`
  const v = (n: number, title: string, day: number, duration = 'PT55M12S'): FakeVideo => ({
    id: id(n),
    title,
    publishedAt: `2030-05-${String(day).padStart(2, '0')}T09:00:00Z`,
    duration,
  })
  const videos = {
    scipy: v(1, 'Sparse Array Summit 2030 – State of sparse arrays in SciPy (Ada Lovelace)', 20, 'PT1H2M3S'),
    jax: v(2, 'Sparse arrays in JAX | Scientific Python', 20),
    bench: v(3, 'Benchmarks for sparse operations [HD]', 21),
    protocol: v(4, 'Shared sparse array protocol (breakout)', 21),
    lightning: v(5, 'Lightning talks', 22),
  }
  const fillers = Array.from({ length: 56 }, (_, i) => v(100 + i, `Community call #${i + 1}`, 23 + (i % 7), 'PT45S'))
  fake.addVideos([...Object.values(videos), ...fillers])
  const deleted = id(99)
  const ids = [...Object.values(videos).map((x) => x.id), deleted, ...fillers.map((x) => x.id)]
  if (options.playlist) fake.playlists.set(playlistId, ids)
  if (options.channel) fake.channels.set(channelId, ids)
  return { event, owner, sessions, videos, playlistId, channelId, id, ids, deleted }
}

async function recordingsOf(eventId: number) {
  return db.selectFrom('recordings').selectAll().where('event_id', '=', eventId).orderBy('session_id').execute()
}

describe('fetching videos from the YouTube Data API', () => {
  it('follows every playlist page, asks details in batches of at most 50 ids, and parses durations', async () => {
    const { event, playlistId, ids, videos, deleted } = await recordedEvent()
    const result = await fetchEventVideos(client(), {
      playlistId,
      channelId: null,
      publishedAfter: event.starts_at,
    })
    const pages = fake.callsTo('playlistItems')
    expect(pages).toHaveLength(2)
    expect(pages.map((p) => p.query.get('maxResults'))).toEqual(['50', '50'])
    expect(pages[0]!.query.get('pageToken')).toBeNull()
    expect(pages[1]!.query.get('pageToken')).toBe('page-50')
    expect(pages[0]!.query.getAll('part').join(',')).toBe('snippet,contentDetails')
    expect(pages[0]!.query.get('key')).toBe(VALID_KEY)
    const batches = fake.callsTo('videos').map((r) => r.query.getAll('id').flatMap((x) => x.split(',')))
    expect(batches.map((b) => b.length)).toEqual([50, 12])
    expect(batches.every((b) => b.length <= 50)).toBe(true)
    expect(batches.flat().sort()).toEqual([...ids].sort())
    expect(fake.callsTo('search')).toHaveLength(0)
    // The deleted video has no details: it is left out.
    expect(result?.videos).toHaveLength(61)
    expect(result?.videos.some((v) => v.videoId === deleted)).toBe(false)
    expect(result).toMatchObject({ source: 'playlist', complete: true, requests: 4 })
    expect(result?.videos.find((v) => v.videoId === videos.scipy.id)).toMatchObject({
      title: videos.scipy.title,
      durationSeconds: 3723,
      publishedAt: new Date('2030-05-20T09:00:00Z'),
    })
  })

  it('reads ISO 8601 durations', () => {
    expect(parseIsoDuration('PT1H2M3S')).toBe(3723)
    expect(parseIsoDuration('PT45S')).toBe(45)
    expect(parseIsoDuration('PT15M')).toBe(900)
    expect(parseIsoDuration('PT2H')).toBe(7200)
    expect(parseIsoDuration('P1DT2H3M')).toBe(93_780)
    expect(parseIsoDuration('P0D')).toBe(0)
    expect(parseIsoDuration('PT1.5S')).toBe(2)
    expect(parseIsoDuration('')).toBeNull()
    expect(parseIsoDuration(null)).toBeNull()
    expect(parseIsoDuration('1:02:03')).toBeNull()
    expect(parseIsoDuration('PT')).toBeNull()
    expect(parseIsoDuration('P')).toBeNull()
  })

  it('sorts errors into retryable and permanent', () => {
    const http = (status: number, data: unknown) => Object.assign(new Error('x'), { response: { status, data } })
    expect(classifyYoutubeError(http(403, QUOTA_EXCEEDED))).toBeInstanceOf(RetryableYoutubeError)
    expect(classifyYoutubeError(http(403, QUOTA_EXCEEDED))).toMatchObject({ status: 403, reason: 'quotaExceeded' })
    expect(classifyYoutubeError(http(503, 'Service Unavailable'))).toBeInstanceOf(RetryableYoutubeError)
    expect(classifyYoutubeError(http(429, null))).toBeInstanceOf(RetryableYoutubeError)
    expect(
      classifyYoutubeError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBeInstanceOf(RetryableYoutubeError)
    const badKey = classifyYoutubeError(
      http(400, { error: { code: 400, message: 'API key not valid.', errors: [{ reason: 'keyInvalid' }] } }),
    )
    expect(badKey).toBeInstanceOf(PermanentYoutubeError)
    expect(badKey.message).toMatch(/YOUTUBE_API_KEY/)
    expect(
      classifyYoutubeError(
        http(403, { error: { code: 403, message: 'Forbidden', errors: [{ reason: 'forbidden' }] } }),
      ),
    ).toBeInstanceOf(PermanentYoutubeError)
    const notFound = classifyYoutubeError(
      http(404, { error: { code: 404, message: 'No playlist', errors: [{ reason: 'playlistNotFound' }] } }),
    )
    expect(notFound).toBeInstanceOf(PermanentYoutubeError)
    expect(notFound.message).toMatch(/playlist/)
  })
})

describe('syncRecordings', () => {
  it('links the right videos, suggests the uncertain one, and links nothing new when run again', async () => {
    const { event, sessions, videos } = await recordedEvent()
    const first = await syncRecordings(event.id, { client: client() })
    expect(first).toMatchObject({ source: 'playlist', fetched: 61, videos: 61, linked: 4, suggested: 1, removed: 0 })
    const rows = await recordingsOf(event.id)
    const linked = Object.fromEntries(rows.filter((r) => r.status === 'linked').map((r) => [r.session_id, r.video_id]))
    expect(linked).toEqual({
      [sessions.scipy.id]: videos.scipy.id,
      [sessions.jax.id]: videos.jax.id,
      [sessions.bench.id]: videos.bench.id,
      [sessions.protocol.id]: videos.protocol.id,
    })
    const suggestion = rows.find((r) => r.status === 'suggested')
    expect(suggestion?.video_id).toBe(videos.lightning.id)
    expect([sessions.lightning1.id, sessions.lightning2.id]).toContain(suggestion?.session_id)
    expect(rows.every((r) => r.source === 'auto' && r.score !== null)).toBe(true)

    expect(await recordingForSession(sessions.scipy.id)).toEqual({
      videoId: videos.scipy.id,
      url: `https://www.youtube.com/watch?v=${videos.scipy.id}`,
      embedUrl: `https://www.youtube-nocookie.com/embed/${videos.scipy.id}`,
      status: 'linked',
      title: videos.scipy.title,
      durationSeconds: 3723,
      startSeconds: 0,
      part: null,
    })
    expect(await recordingForSession(suggestion!.session_id)).toBeNull()
    expect(await recordingForSession(suggestion!.session_id, { includeSuggested: true })).toMatchObject({
      status: 'suggested',
    })
    expect(await recordingForSession(sessions.closing.id)).toBeNull()
    expect([...(await linkedRecordingsForEvent(event.id)).keys()].sort()).toEqual(
      [sessions.scipy.id, sessions.jax.id, sessions.bench.id, sessions.protocol.id].sort(),
    )

    const second = await syncRecordings(event.id, { client: client() })
    expect(second).toMatchObject({ linked: 0, suggested: 0, removed: 0 })
    expect(await recordingsOf(event.id)).toEqual(rows)
    // Stored videos alone (no key) give the same answer.
    expect(await syncRecordings(event.id, { client: null })).toMatchObject({
      source: 'stored',
      skipped: 'no-api-key',
      fetched: null,
      linked: 0,
      suggested: 0,
    })
    expect(await recordingsOf(event.id)).toEqual(rows)
  })

  it('never brings back a rejected recording', async () => {
    const { event, sessions, videos } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const jax = (await recordingsOf(event.id)).find((r) => r.session_id === sessions.jax.id)!
    await rejectRecording(event.id, jax.id)
    const suggestion = (await recordingsOf(event.id)).find((r) => r.status === 'suggested')!
    await rejectRecording(event.id, suggestion.id)
    for (let i = 0; i < 2; i++) {
      await syncRecordings(event.id, { client: client() })
      const rows = await recordingsOf(event.id)
      expect(rows.find((r) => r.session_id === sessions.jax.id)).toBeUndefined()
      expect(rows.find((r) => r.video_id === videos.jax.id)).toBeUndefined()
      expect(
        rows.find((r) => r.session_id === suggestion.session_id && r.video_id === suggestion.video_id),
      ).toBeUndefined()
    }
    const review = await listRecordingReview(event.id)
    expect(review.unmatched.map((v) => v.videoId)).toContain(videos.jax.id)
    await expect(rejectRecording(event.id, jax.id)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('leaves nothing half-linked when a run is killed mid-transaction, and the next run completes', async () => {
    const { event } = await recordedEvent()
    await expect(
      syncRecordings(event.id, {
        client: client(),
        onWrite: (writes) => {
          if (writes === 4) throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    expect(await recordingsOf(event.id)).toEqual([])
    // The videos were stored before the transaction (idempotently): the next run reuses and refreshes them.
    const stored = await db.selectFrom('youtube_videos').select('video_id').where('event_id', '=', event.id).execute()
    expect(stored).toHaveLength(61)
    const next = await syncRecordings(event.id, { client: client() })
    expect(next).toMatchObject({ linked: 4, suggested: 1 })
    expect(await recordingsOf(event.id)).toHaveLength(5)
  })

  it('drops automatic links of videos gone from the playlist, and keeps links made by hand', async () => {
    const { event, sessions, videos, playlistId, ids } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const handMade = 'dQw4w9WgXcQ'
    await linkRecordingByUrl(event.id, sessions.closing.id, `https://youtu.be/${handMade}?si=abc&t=30`)
    fake.playlists.set(
      playlistId,
      ids.filter((id) => id !== videos.bench.id),
    )
    const result = await syncRecordings(event.id, { client: client() })
    expect(result).toMatchObject({ fetched: 60, removed: 1 })
    const rows = await recordingsOf(event.id)
    expect(rows.find((r) => r.session_id === sessions.bench.id)).toBeUndefined()
    expect(rows.find((r) => r.session_id === sessions.closing.id)).toMatchObject({
      video_id: handMade,
      status: 'linked',
      source: 'manual',
    })
    const stored = await db.selectFrom('youtube_videos').select('video_id').where('event_id', '=', event.id).execute()
    expect(stored.map((s) => s.video_id)).not.toContain(videos.bench.id)
  })

  it('keeps a linked upload while it exists, and moves to its re-upload once it is gone', async () => {
    const { event, sessions, videos, playlistId, ids, id } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const reupload: FakeVideo = {
      id: id(98),
      title: 'Benchmarks for sparse operations (re-upload)',
      publishedAt: '2030-06-02T09:00:00Z',
      duration: 'PT58M',
    }
    fake.addVideos([reupload])
    fake.playlists.set(playlistId, [...ids, reupload.id])
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({ linked: 0 })
    expect(await recordingForSession(sessions.bench.id)).toMatchObject({ videoId: videos.bench.id })
    expect((await recordingsOf(event.id)).map((r) => r.video_id)).not.toContain(reupload.id)

    fake.playlists.set(playlistId, [...ids.filter((x) => x !== videos.bench.id), reupload.id])
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({ linked: 1, removed: 1 })
    expect(await recordingForSession(sessions.bench.id)).toMatchObject({ videoId: reupload.id, status: 'linked' })
  })

  it('searches the channel since the event started only when there is no playlist', async () => {
    const { event, channelId, sessions, videos } = await recordedEvent({ channel: true })
    fake.addVideos([
      { id: 'earlier0000', title: 'Sparse arrays in JAX', publishedAt: '2030-04-01T09:00:00Z', duration: 'PT50M' },
      {
        id: 'otherevent0',
        title: 'SciPy 2030 – Benchmarks for sparse operations',
        publishedAt: '2030-07-20T09:00:00Z',
        duration: 'PT30M',
      },
    ])
    fake.channels.get(channelId)!.push('earlier0000', 'otherevent0')
    const result = await syncRecordings(event.id, { client: client() })
    expect(fake.callsTo('playlistItems')).toHaveLength(0)
    const searches = fake.callsTo('search')
    expect(searches).toHaveLength(2)
    expect(searches[0]!.query.get('channelId')).toBe(channelId)
    expect(searches[0]!.query.getAll('type')).toEqual(['video'])
    expect(searches[0]!.query.get('maxResults')).toBe('50')
    expect(searches[0]!.query.get('publishedAfter')).toBe(event.starts_at.toISOString())
    expect(result).toMatchObject({ source: 'channel', fetched: 62, linked: 4 })
    const rows = await recordingsOf(event.id)
    expect(rows.find((r) => r.session_id === sessions.bench.id)?.video_id).toBe(videos.bench.id)
    expect(rows.map((r) => r.video_id)).not.toContain('otherevent0')
  })

  it('asks nothing of YouTube without a playlist or channel, and matches what is stored', async () => {
    const { event } = await recordedEvent({})
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({
      skipped: 'no-source',
      videos: 0,
      linked: 0,
    })
    expect(fake.requests).toHaveLength(0)
  })
})

describe('the sync-recordings task', () => {
  it('validates its payload', async () => {
    expect(syncRecordingsPayloadSchema.safeParse({ event: 'sparse-2030' }).success).toBe(true)
    expect(syncRecordingsPayloadSchema.safeParse({}).success).toBe(false)
    expect(syncRecordingsPayloadSchema.safeParse({ event: 'x', extra: 1 }).success).toBe(false)
    await expect(syncRecordingsTask({ event: 'no-such-event' }, { client: client() })).rejects.toThrow(/no-such-event/)
  })

  it('throws a retryable error on quota exceeded and server errors, records the run, and succeeds later', async () => {
    const { event } = await recordedEvent()
    fake.failNext(QUOTA_EXCEEDED)
    const quota = await syncRecordingsTask({ event: event.slug }, { client: client() }).catch((e: unknown) => e)
    expect(quota).toBeInstanceOf(RetryableYoutubeError)
    expect(quota).toMatchObject({ status: 403, reason: 'quotaExceeded' })
    // One request: the client does not retry by itself; the job runner retries later with backoff.
    expect(fake.requests).toHaveLength(1)

    fake.clearLog()
    fake.failNext(BACKEND_ERROR)
    const server = await syncRecordingsTask({ event: event.slug }, { client: client() }).catch((e: unknown) => e)
    expect(server).toBeInstanceOf(RetryableYoutubeError)
    expect(server).toMatchObject({ status: 500 })
    expect(fake.requests).toHaveLength(1)
    expect(await recordingsOf(event.id)).toEqual([])
    expect((await getEventById(event.id))?.recordings_problem).toBeNull()

    expect(await syncRecordingsTask({ event: event.slug }, { client: client() })).toMatchObject({ linked: 4 })
    const runs = await listJobRuns(event.id, 'sync-recordings')
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed'])
    expect(runs[2]!.error).toMatch(/quotaExceeded/)
    expect(runs[1]!.error).toMatch(/500/)
    expect(runs[0]!.result).toMatchObject({ linked: 4, suggested: 1 })
    expect(runs.every((r) => r.finished_at !== null)).toBe(true)
  })

  it('records a bad key once on the event, does not retry, and recovers when an organizer asks again', async () => {
    const { event } = await recordedEvent()
    const first = await syncRecordingsTask({ event: event.slug }, { client: client('not-a-valid-key') })
    expect(first).toMatchObject({ failed: expect.stringMatching(/keyInvalid/) })
    expect(fake.requests).toHaveLength(1)
    const problem = (await getEventById(event.id))?.recordings_problem
    expect(problem).toMatch(/400 keyInvalid: API key not valid/)
    expect(problem).toMatch(/YOUTUBE_API_KEY/)

    fake.clearLog()
    const second = await syncRecordingsTask({ event: event.slug }, { client: client('another-bad-key') })
    expect(second).toMatchObject({ skipped: 'problem', fetched: null })
    expect(fake.requests).toHaveLength(0)
    expect(await recordRecordingsProblem(event.id, 'something else')).toBe(false)
    expect((await getEventById(event.id))?.recordings_problem).toBe(problem)
    expect(await eventsDueForRecordingSync(new Date('2030-05-20T00:00:00Z'))).not.toContainEqual(
      expect.objectContaining({ id: event.id }),
    )

    const fixed = await runRecordingSync(event.id, { client: client(), force: true })
    expect(fixed).toMatchObject({ status: 'succeeded', result: { linked: 4 } })
    expect((await getEventById(event.id))?.recordings_problem).toBeNull()
    const runs = await listJobRuns(event.id, 'sync-recordings')
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'failed'])
  })
})

describe('organizer actions', () => {
  it('accepts, moves and links by hand, recording the pairs they replace as rejected', async () => {
    const { event, sessions, videos } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const suggestion = (await recordingsOf(event.id)).find((r) => r.status === 'suggested')!
    await acceptRecording(event.id, suggestion.id)
    expect(await recordingForSession(suggestion.session_id)).toMatchObject({
      videoId: videos.lightning.id,
      status: 'linked',
    })
    await expect(acceptRecording(event.id, suggestion.id)).rejects.toMatchObject({ code: 'not_suggested' })

    // Pick another session for a video: it leaves its old session, which stays free of it.
    const other = suggestion.session_id === sessions.lightning1.id ? sessions.lightning2 : sessions.lightning1
    await linkVideoToSession(event.id, other.id, videos.lightning.id)
    expect(await recordingForSession(other.id)).toMatchObject({ videoId: videos.lightning.id })
    expect(await recordingForSession(suggestion.session_id)).toBeNull()
    const rows = await recordingsOf(event.id)
    expect(rows.find((r) => r.session_id === other.id)).toMatchObject({ source: 'manual', status: 'linked' })

    // Link by hand from any URL form, replacing an automatic link.
    const videoId = await linkRecordingByUrl(
      event.id,
      sessions.scipy.id,
      'https://www.youtube.com/live/AbCdEfGhIjK?si=Qw12&t=3600',
    )
    expect(videoId).toBe('AbCdEfGhIjK')
    expect(await recordingForSession(sessions.scipy.id)).toMatchObject({ videoId: 'AbCdEfGhIjK', title: null })
    const rejections = await db
      .selectFrom('recording_rejections')
      .select(['session_id', 'video_id'])
      .where('event_id', '=', event.id)
      .execute()
    expect(rejections).toEqual(
      expect.arrayContaining([
        { session_id: suggestion.session_id, video_id: videos.lightning.id },
        { session_id: sessions.scipy.id, video_id: videos.scipy.id },
      ]),
    )
    // The next run keeps every choice made by hand.
    await syncRecordings(event.id, { client: client() })
    expect(await recordingForSession(sessions.scipy.id)).toMatchObject({ videoId: 'AbCdEfGhIjK' })
    expect(await recordingForSession(other.id)).toMatchObject({ videoId: videos.lightning.id })

    await expect(linkRecordingByUrl(event.id, sessions.jax.id, 'https://vimeo.com/123')).rejects.toMatchObject({
      code: 'invalid_url',
    })
    await expect(linkRecordingByUrl(event.id, 999_999, 'https://youtu.be/AbCdEfGhIjK')).rejects.toBeInstanceOf(
      RecordingError,
    )
  })
})

describe('job runs', () => {
  it('lists runs newest first and marks runs left running by a killed process as interrupted', async () => {
    const { event } = await recordedEvent({})
    const now = new Date('2030-06-01T12:00:00Z')
    const killed = await startJobRun('sync-recordings', event.id, new Date(now.getTime() - 2 * 3_600_000))
    const recent = await startJobRun('sync-recordings', event.id, new Date(now.getTime() - 60_000))
    const current = await startJobRun('sync-recordings', event.id, now)
    await finishJobRun(current.id, { status: 'succeeded', result: { linked: 1 } }, now)
    const runs = await listJobRuns(event.id, 'sync-recordings')
    expect(runs.map((r) => r.id)).toEqual([current.id, recent.id, killed.id])
    expect(runs[0]).toMatchObject({ status: 'succeeded', result: { linked: 1 }, error: null })
    expect(runs[1]).toMatchObject({ status: 'running' })
    expect(runs[2]).toMatchObject({ status: 'failed', error: expect.stringMatching(/Interrupted/) })
    expect(await listJobRuns(event.id, 'send-email')).toEqual([])
  })

  it('lists the events due for a look-up', async () => {
    const { event } = await recordedEvent()
    const due = (at: string) =>
      eventsDueForRecordingSync(new Date(at)).then((list) => list.some((e) => e.id === event.id))
    expect(await due('2030-05-01T00:00:00Z')).toBe(false)
    expect(await due('2030-05-20T00:00:00Z')).toBe(true)
    expect(await due('2030-09-20T00:00:00Z')).toBe(false)
    // The window the schedule-recording-syncs task uses: RECORDING_SYNC_WINDOW_DAYS (30) after the event's end.
    expect(RECORDING_SYNC_WINDOW_DAYS).toBe(30)
    const afterEnd = (days: number) => new Date(event.ends_at.getTime() + days * 86_400_000).toISOString()
    expect(await due(afterEnd(RECORDING_SYNC_WINDOW_DAYS - 0.01))).toBe(true)
    expect(await due(afterEnd(RECORDING_SYNC_WINDOW_DAYS + 0.01))).toBe(false)
  })
})
