import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { recheckRecordingsTask, syncRecordingsPayloadSchema, syncRecordingsTask } from '../../jobs/sync-recordings'
import { getEventById } from '~/models/events/event.server'
import { finishJobRun, listJobRuns, startJobRun } from '~/models/operations/job-runs.server'
import {
  acceptRecording,
  keepRecording,
  linkRecordingByUrl,
  linkVideoToSession,
  listRecordingReview,
  rejectRecording,
  setRecordingPosition,
} from '~/models/recordings/review.server'
import { linkedRecordingsForEvent, recordingForSession, recordingsForSession } from '~/models/recordings/links.server'
import { RecordingError } from '~/models/recordings/recording-error'
import { RECHECK_INTERVAL_DAYS } from '~/models/recordings/recheck.server'
import {
  eventsDueForRecordingRecheck,
  eventsDueForRecordingSync,
  RECORDING_SYNC_WINDOW_DAYS,
  runRecordingRecheck,
  runRecordingSync,
  syncRecordings,
  type SyncOptions,
} from '~/models/recordings/sync.server'
import { recordRecordingsProblem } from '~/models/recordings/sync-fetch.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { classifyYoutubeError, PermanentYoutubeError, RetryableYoutubeError } from '~/models/recordings/youtube-errors'
import { fetchEventVideos, fetchVideoDetails, parseIsoDuration } from '~/models/recordings/youtube-fetch.server'
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

const sessionInput = (title: string, startsAt: string, endsAt: string, speakers = '', room = 'Plenary') =>
  sessionInputSchema('Europe/Berlin').parse({ title, kind: 'talk', startsAt, endsAt, room, speakers })

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
  return { event, owner, sessions, videos, fillers, playlistId, channelId, id, ids, deleted }
}

async function recordingsOf(eventId: number) {
  return db
    .selectFrom('recordings')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('session_id')
    .orderBy('video_id')
    .execute()
}

/** The stored videos, without the times of the last read (every run refreshes them). */
async function videoRowsOf(eventId: number) {
  const rows = await db
    .selectFrom('youtube_videos')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('video_id')
    .execute()
  return rows.map(({ fetched_at: _fetched, checked_at: _checked, ...rest }) => rest)
}

async function storedVideo(eventId: number, videoId: string) {
  return db
    .selectFrom('youtube_videos')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('video_id', '=', videoId)
    .executeTakeFirst()
}

/** A sync that counts the writes of its transaction. */
async function countedSync(eventId: number, options: SyncOptions = {}) {
  let writes = 0
  const result = await syncRecordings(eventId, {
    client: client(),
    ...options,
    onWrite: () => {
      writes++
    },
  })
  return { result, writes }
}

describe('fetching videos from the YouTube Data API', () => {
  it('follows every playlist page, asks details in batches of at most 50 ids, and counts the quota spent', async () => {
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
    const details = fake.callsTo('videos')
    const batches = details.map((r) => r.query.getAll('id').flatMap((x) => x.split(',')))
    expect(batches.map((b) => b.length)).toEqual([50, 12])
    expect(batches.flat().sort()).toEqual([...ids].sort())
    expect(details[0]!.query.getAll('part').join(',')).toBe('snippet,contentDetails,liveStreamingDetails,status')
    expect(fake.callsTo('search')).toHaveLength(0)
    expect(fake.callsTo('channels')).toHaveLength(0)
    // The deleted video is listed but YouTube returns nothing for it.
    expect(result?.listed).toHaveLength(62)
    expect(result?.videos).toHaveLength(61)
    expect(result?.missing).toEqual([deleted])
    expect(result).toMatchObject({ source: 'playlist', complete: true, requests: 4, quotaUnits: 4 })
    expect(result?.quotaUnits).toBe(fake.quotaUnits())
    expect(result?.videos.find((v) => v.videoId === videos.scipy.id)).toMatchObject({
      title: videos.scipy.title,
      durationSeconds: 3723,
      publishedAt: new Date('2030-05-20T09:00:00Z'),
      liveBroadcastContent: 'none',
      hasCaptions: false,
      privacyStatus: 'public',
      actualStartTime: null,
    })
  })

  it('reads what YouTube says of streams, premieres, captions and privacy', async () => {
    fake.addVideos([
      {
        id: 'premiere001',
        title: 'Premiere',
        publishedAt: '2030-05-20T09:00:00Z',
        duration: 'P0D',
        liveBroadcastContent: 'upcoming',
        scheduledStartTime: '2030-06-01T16:00:00Z',
      },
      {
        id: 'onairnow001',
        title: 'On air',
        publishedAt: '2030-05-06T12:58:00Z',
        duration: 'P0D',
        liveBroadcastContent: 'live',
        actualStartTime: '2030-05-06T12:58:00Z',
      },
      {
        id: 'streamdone1',
        title: 'Streamed',
        publishedAt: '2030-05-06T07:55:00Z',
        duration: 'PT3H45M',
        actualStartTime: '2030-05-06T07:55:00Z',
        actualEndTime: '2030-05-06T11:40:00Z',
        caption: true,
        privacyStatus: 'unlisted',
      },
    ])
    const details = await fetchVideoDetails(client(), ['premiere001', 'onairnow001', 'streamdone1', 'nosuchvideo'])
    expect(details).toMatchObject({ missing: ['nosuchvideo'], requests: 1, quotaUnits: 1 })
    const byId = Object.fromEntries(details.videos.map((v) => [v.videoId, v]))
    expect(byId.premiere001).toMatchObject({
      liveBroadcastContent: 'upcoming',
      scheduledStartTime: new Date('2030-06-01T16:00:00Z'),
      actualStartTime: null,
      durationSeconds: 0,
    })
    expect(byId.onairnow001).toMatchObject({
      liveBroadcastContent: 'live',
      actualStartTime: new Date('2030-05-06T12:58:00Z'),
      actualEndTime: null,
    })
    expect(byId.streamdone1).toMatchObject({
      liveBroadcastContent: 'none',
      actualStartTime: new Date('2030-05-06T07:55:00Z'),
      actualEndTime: new Date('2030-05-06T11:40:00Z'),
      durationSeconds: 13_500,
      hasCaptions: true,
      privacyStatus: 'unlisted',
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
  it('links the right videos, suggests the uncertain one, and a second run changes nothing', async () => {
    const { event, sessions, videos } = await recordedEvent()
    const first = await syncRecordings(event.id, { client: client() })
    expect(first).toMatchObject({
      source: 'playlist',
      fetched: 61,
      videos: 61,
      linked: 4,
      suggested: 1,
      removed: 0,
      unavailable: 0,
      requests: 4,
      quotaUnits: 4,
    })
    expect(first.quotaUnits).toBe(fake.quotaUnits())
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
    expect(rows.every((r) => r.source === 'auto' && r.score !== null && r.part === null)).toBe(true)

    expect(await recordingForSession(sessions.scipy.id)).toMatchObject({
      videoId: videos.scipy.id,
      url: `https://www.youtube.com/watch?v=${videos.scipy.id}`,
      embedUrl: `https://www.youtube-nocookie.com/embed/${videos.scipy.id}`,
      status: 'linked',
      title: videos.scipy.title,
      durationSeconds: 3723,
      startSeconds: 0,
      part: null,
      captions: false,
    })
    expect(await recordingForSession(suggestion!.session_id)).toBeNull()
    expect(await recordingForSession(suggestion!.session_id, { includeSuggested: true })).toMatchObject({
      status: 'suggested',
    })
    expect(await recordingForSession(sessions.closing.id)).toBeNull()
    expect([...(await linkedRecordingsForEvent(event.id)).keys()].sort()).toEqual(
      [sessions.scipy.id, sessions.jax.id, sessions.bench.id, sessions.protocol.id].sort(),
    )

    const videoRows = await videoRowsOf(event.id)
    fake.clearLog()
    const second = await countedSync(event.id)
    expect(second.result).toMatchObject({ linked: 0, suggested: 0, removed: 0, unavailable: 0, relinked: 0 })
    expect(second.writes).toBe(0)
    expect(second.result.quotaUnits).toBe(fake.quotaUnits())
    expect(await recordingsOf(event.id)).toEqual(rows)
    expect(await videoRowsOf(event.id)).toEqual(videoRows)
    // Stored videos alone (no key) give the same answer.
    const stored = await countedSync(event.id, { client: null })
    expect(stored.result).toMatchObject({
      source: 'stored',
      skipped: 'no-api-key',
      fetched: null,
      linked: 0,
      suggested: 0,
      quotaUnits: 0,
    })
    expect(stored.writes).toBe(0)
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

  it('flags a linked video taken out of the playlist instead of dropping it, and keeps links made by hand', async () => {
    const { event, sessions, videos, fillers, playlistId, ids } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const handMade = 'dQw4w9WgXcQ'
    fake.addVideos([
      { id: handMade, title: 'Closing (room camera)', publishedAt: '2030-05-07T09:00:00Z', duration: 'PT1H' },
    ])
    await linkRecordingByUrl(event.id, sessions.closing.id, `https://youtu.be/${handMade}?si=abc&t=30`)
    const filler = fillers[0]!.id
    fake.playlists.set(
      playlistId,
      ids.filter((id) => id !== videos.bench.id && id !== filler),
    )
    const result = await syncRecordings(event.id, { client: client() })
    expect(result).toMatchObject({ fetched: 59, unavailable: 1 })
    const rows = await recordingsOf(event.id)
    expect(rows.find((r) => r.session_id === sessions.bench.id)).toMatchObject({
      video_id: videos.bench.id,
      status: 'unavailable',
    })
    expect(rows.find((r) => r.session_id === sessions.closing.id)).toMatchObject({
      video_id: handMade,
      status: 'linked',
      source: 'manual',
    })
    // Off the public pages, flagged to organizers with the reason; the hand-linked video got its details.
    expect(await recordingForSession(sessions.bench.id)).toBeNull()
    expect(await recordingForSession(sessions.closing.id)).toMatchObject({ title: 'Closing (room camera)' })
    const review = await listRecordingReview(event.id)
    const bench = review.sessions.find((s) => s.sessionId === sessions.bench.id)!
    expect(bench.recordings).toEqual([
      expect.objectContaining({ status: 'unavailable', unavailableReason: 'left-listing', replacement: null }),
    ])
    // A video no session used is simply forgotten; the flagged one is kept for its title.
    expect(await storedVideo(event.id, filler)).toBeUndefined()
    expect(await storedVideo(event.id, videos.bench.id)).toMatchObject({ unavailable_since: null })
    expect((await countedSync(event.id)).writes).toBe(0)

    // The video still plays: the organizers keep it, as a link by hand no listing takes away.
    await keepRecording(event.id, bench.recordings[0]!.id)
    expect(await recordingForSession(sessions.bench.id)).toMatchObject({ videoId: videos.bench.id })
    expect((await countedSync(event.id)).writes).toBe(0)
    expect((await recordingsOf(event.id)).find((r) => r.session_id === sessions.bench.id)).toMatchObject({
      status: 'linked',
      source: 'manual',
    })
    await expect(keepRecording(event.id, bench.recordings[0]!.id)).rejects.toMatchObject({ code: 'invalid_change' })
  })

  it('takes a video made private off public pages, flags it, and links it again once it is public', async () => {
    const { event, sessions, videos } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    fake.updateVideo(videos.scipy.id, { privacyStatus: 'private' })
    const hidden = await syncRecordings(event.id, { client: client(), now: new Date('2030-06-01T00:00:00Z') })
    expect(hidden).toMatchObject({ unavailable: 1, linked: 0 })
    expect(await recordingForSession(sessions.scipy.id)).toBeNull()
    expect((await linkedRecordingsForEvent(event.id)).has(sessions.scipy.id)).toBe(false)
    expect(await storedVideo(event.id, videos.scipy.id)).toMatchObject({
      unavailable_since: new Date('2030-06-01T00:00:00Z'),
    })
    const review = await listRecordingReview(event.id)
    expect(review.sessions.find((s) => s.sessionId === sessions.scipy.id)?.recordings).toEqual([
      expect.objectContaining({ videoId: videos.scipy.id, status: 'unavailable', unavailableReason: 'removed' }),
    ])
    // Nobody else gets the video meanwhile, and a run that finds the same writes nothing.
    expect(review.unmatched.map((v) => v.videoId)).not.toContain(videos.scipy.id)
    expect((await countedSync(event.id)).writes).toBe(0)

    fake.updateVideo(videos.scipy.id, { privacyStatus: 'public' })
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({ relinked: 1, unavailable: 0 })
    expect(await recordingForSession(sessions.scipy.id)).toMatchObject({ videoId: videos.scipy.id, status: 'linked' })
    expect(await storedVideo(event.id, videos.scipy.id)).toMatchObject({ unavailable_since: null })
  })

  it('suggests the re-upload of a removed video in its place; accepting it keeps the part and offsets', async () => {
    const { event, sessions, videos, playlistId, ids, id } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const bench = (await recordingsOf(event.id)).find((r) => r.session_id === sessions.bench.id)!
    await setRecordingPosition(event.id, bench.id, { part: null, startSeconds: 30, endSeconds: 3000 })
    const reupload: FakeVideo = {
      id: id(98),
      title: 'Benchmarks for sparse operations (re-upload)',
      publishedAt: '2030-06-02T09:00:00Z',
      duration: 'PT58M',
    }
    fake.addVideos([reupload])
    fake.playlists.set(playlistId, [...ids, reupload.id])
    // While the original plays, its re-upload is nobody's recording.
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({ linked: 0, suggested: 0 })
    expect(await recordingForSession(sessions.bench.id)).toMatchObject({ videoId: videos.bench.id, startSeconds: 30 })
    expect((await recordingsOf(event.id)).map((r) => r.video_id)).not.toContain(reupload.id)

    // Deleted: it stays in the playlist as "Deleted video", and YouTube no longer returns it.
    fake.removeVideo(videos.bench.id)
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({
      unavailable: 1,
      suggested: 1,
      linked: 0,
    })
    expect(await recordingForSession(sessions.bench.id)).toBeNull()
    const rows = await recordingsOf(event.id)
    expect(rows.filter((r) => r.session_id === sessions.bench.id)).toEqual([
      expect.objectContaining({ video_id: videos.bench.id, status: 'unavailable' }),
      expect.objectContaining({
        video_id: reupload.id,
        status: 'suggested',
        replaces_video_id: videos.bench.id,
        start_seconds: 30,
        end_seconds: 3000,
      }),
    ])
    const review = await listRecordingReview(event.id)
    const flagged = review.sessions.find((s) => s.sessionId === sessions.bench.id)!.recordings[0]!
    expect(flagged).toMatchObject({
      status: 'unavailable',
      unavailableReason: 'removed',
      replacement: { videoId: reupload.id, title: reupload.title },
    })
    expect((await countedSync(event.id)).writes).toBe(0)

    await acceptRecording(event.id, flagged.replacement!.id)
    expect(await recordingsForSession(sessions.bench.id)).toEqual([
      expect.objectContaining({ videoId: reupload.id, status: 'linked', startSeconds: 30, endSeconds: 3000 }),
    ])
    expect((await recordingsOf(event.id)).filter((r) => r.session_id === sessions.bench.id)).toEqual([
      expect.objectContaining({ video_id: reupload.id, offsets_by_organizer: true, replaces_video_id: null }),
    ])
    const rejected = await db
      .selectFrom('recording_rejections')
      .select('video_id')
      .where('session_id', '=', sessions.bench.id)
      .execute()
    expect(rejected.map((r) => r.video_id)).toEqual([videos.bench.id])
    // The next run forgets the deleted video, now that no session uses it; the one after changes nothing.
    await syncRecordings(event.id, { client: client() })
    expect(await storedVideo(event.id, videos.bench.id)).toBeUndefined()
    expect((await countedSync(event.id)).writes).toBe(0)
  })

  it('stores an upcoming premiere and a live stream without linking them, and links the stream once it ended', async () => {
    const { event, sessions, playlistId, ids } = await recordedEvent()
    const premiere: FakeVideo = {
      id: `${event.id}`.padStart(9, 'p') + 'pr',
      title: 'Closing: decisions and action items (premiere)',
      publishedAt: '2030-05-20T09:00:00Z',
      duration: 'P0D',
      liveBroadcastContent: 'upcoming',
      scheduledStartTime: '2030-06-01T16:00:00Z',
    }
    const stream: FakeVideo = {
      id: `${event.id}`.padStart(9, 's') + 'st',
      title: 'Sparse Array Summit 2030 – Closing: decisions and action items',
      publishedAt: '2030-05-06T12:58:00Z',
      duration: 'P0D',
      liveBroadcastContent: 'live',
      actualStartTime: '2030-05-06T12:58:00Z',
    }
    fake.addVideos([premiere, stream])
    fake.playlists.set(playlistId, [...ids, premiere.id, stream.id])
    const during = await syncRecordings(event.id, { client: client() })
    expect(during).toMatchObject({ fetched: 63, linked: 4 })
    expect(await storedVideo(event.id, premiere.id)).toMatchObject({
      live_broadcast_content: 'upcoming',
      scheduled_start_time: new Date('2030-06-01T16:00:00Z'),
    })
    expect(await storedVideo(event.id, stream.id)).toMatchObject({
      live_broadcast_content: 'live',
      actual_start_time: new Date('2030-05-06T12:58:00Z'),
      actual_end_time: null,
    })
    const held = (await recordingsOf(event.id)).map((r) => r.video_id)
    expect(held).not.toContain(premiere.id)
    expect(held).not.toContain(stream.id)
    const review = await listRecordingReview(event.id)
    expect(review.streams.map((v) => [v.videoId, v.liveBroadcastContent]).sort()).toEqual(
      [
        [premiere.id, 'upcoming'],
        [stream.id, 'live'],
      ].sort(),
    )
    expect(review.unmatched.map((v) => v.videoId)).not.toContain(stream.id)

    fake.updateVideo(stream.id, {
      liveBroadcastContent: 'none',
      actualEndTime: '2030-05-06T14:01:00Z',
      duration: 'PT1H3M',
    })
    const after = await syncRecordings(event.id, { client: client() })
    expect(after).toMatchObject({ linked: 1 })
    expect(await recordingForSession(sessions.closing.id)).toMatchObject({ videoId: stream.id, status: 'linked' })
    expect((await recordingsOf(event.id)).map((r) => r.video_id)).not.toContain(premiere.id)
  })

  it('keeps the offsets an organizer set on a suggestion when later runs make it again', async () => {
    const { event } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const suggestion = (await recordingsOf(event.id)).find((r) => r.status === 'suggested')!
    await setRecordingPosition(event.id, suggestion.id, { part: null, startSeconds: 95, endSeconds: null })
    const again = await countedSync(event.id)
    expect(again.writes).toBe(0)
    expect((await recordingsOf(event.id)).find((r) => r.id === suggestion.id)).toMatchObject({
      status: 'suggested',
      start_seconds: 95,
      end_seconds: null,
      offsets_by_organizer: true,
    })
    await expect(
      setRecordingPosition(event.id, suggestion.id, { part: null, startSeconds: 4000, endSeconds: null }),
    ).rejects.toMatchObject({ code: 'invalid_change', field: 'startSeconds' })
  })

  it('reads a channel through its uploads playlist, since the event started, and never searches', async () => {
    const { event, channelId, sessions, videos } = await recordedEvent({ channel: true })
    const older = Array.from({ length: 60 }, (_, i) => ({
      id: `old${channelId.slice(2, 8)}${String(i).padStart(2, '0')}`,
      title: `Sparse arrays in JAX, take ${i}`,
      publishedAt: `2029-${String(1 + (i % 12)).padStart(2, '0')}-10T09:00:00Z`,
      duration: 'PT50M',
    }))
    fake.addVideos([
      ...older,
      {
        id: 'otherevent0',
        title: 'SciPy 2030 – Benchmarks for sparse operations',
        publishedAt: '2030-07-20T09:00:00Z',
        duration: 'PT30M',
      },
    ])
    fake.channels.get(channelId)!.push('otherevent0', ...older.map((v) => v.id))
    const result = await syncRecordings(event.id, { client: client() })
    expect(fake.callsTo('search')).toHaveLength(0)
    const channels = fake.callsTo('channels')
    expect(channels).toHaveLength(1)
    expect(channels[0]!.query.get('id')).toBe(channelId)
    expect(channels[0]!.query.getAll('part')).toEqual(['contentDetails'])
    const pages = fake.callsTo('playlistItems')
    // Newest first: the second page reaches uploads from before the event, so no third page is asked for.
    expect(pages).toHaveLength(2)
    expect(pages[0]!.query.get('playlistId')).toBe(FakeYoutube.uploadsPlaylistOf(channelId))
    expect(result).toMatchObject({ source: 'channel', fetched: 62, linked: 4, quotaUnits: 5 })
    expect(result.quotaUnits).toBe(fake.quotaUnits())
    const rows = await recordingsOf(event.id)
    expect(rows.find((r) => r.session_id === sessions.bench.id)?.video_id).toBe(videos.bench.id)
    expect(rows.map((r) => r.video_id)).not.toContain('otherevent0')
    expect(await storedVideo(event.id, older[0]!.id)).toBeUndefined()
  })

  it('records a channel YouTube does not know as a problem to fix', async () => {
    const owner = await makeUser()
    const event = await makeEvent(owner.id, { youtubeChannelId: `UC${randomBytes(11).toString('hex')}` })
    await expect(syncRecordings(event.id, { client: client() })).rejects.toBeInstanceOf(PermanentYoutubeError)
    expect((await getEventById(event.id))?.recordings_problem).toMatch(/knows no channel/)
    expect(fake.callsTo('playlistItems')).toHaveLength(0)
  })

  it('asks nothing of YouTube without a playlist or channel, and matches what is stored', async () => {
    const { event } = await recordedEvent({})
    expect(await syncRecordings(event.id, { client: client() })).toMatchObject({
      skipped: 'no-source',
      videos: 0,
      linked: 0,
      quotaUnits: 0,
    })
    expect(fake.requests).toHaveLength(0)
  })
})

/**
 * A day of one room streamed live as one video, and a working session uploaded in two parts, on an event of
 * their own (so that no upload of a streamed session competes with the stream).
 */
async function streamedEvent() {
  const owner = await makeUser()
  const tag = randomBytes(3).toString('hex')
  const playlistId = `PL${tag}${'z'.repeat(12)}`
  const event = await makeEvent(owner.id, {
    title: 'Array API Sprint 2031',
    startsAt: '2031-03-10T09:00',
    endsAt: '2031-03-11T17:00',
    youtubePlaylistId: playlistId,
  })
  const add = (title: string, startsAt: string, endsAt: string) =>
    createSession(event.id, sessionInput(title, startsAt, endsAt, '', 'Hall A'))
  const sessions = {
    opening: await add('Opening and the state of the standard', '2031-03-10T09:00', '2031-03-10T10:00'),
    promotion: await add('Type promotion rules', '2031-03-10T10:00', '2031-03-10T11:00'),
    linalg: await add('The linear algebra extension', '2031-03-10T11:30', '2031-03-10T12:30'),
    suite: await add('Working session: a shared test suite', '2031-03-11T14:00', '2031-03-11T16:00'),
  }
  await publishSchedule(event.id, 'Org')
  const videos = {
    // Berlin is UTC+1 in March: the stream went on air at 8:55 and ended at 12:40.
    stream: {
      id: `${tag}strm01`,
      title: 'Array API Sprint 2031 – Hall A live stream, day 1',
      publishedAt: '2031-03-10T07:55:00Z',
      duration: 'PT3H45M',
      actualStartTime: '2031-03-10T07:55:00Z',
      actualEndTime: '2031-03-10T11:40:00Z',
    },
    part1: {
      id: `${tag}part01`,
      title: 'Array API Sprint 2031 – Working session: a shared test suite (part 1)',
      publishedAt: '2031-03-20T09:00:00Z',
      duration: 'PT58M',
      caption: true,
    },
    part2: {
      id: `${tag}part02`,
      title: 'Array API Sprint 2031 – Working session: a shared test suite (part 2)',
      publishedAt: '2031-03-20T10:00:00Z',
      duration: 'PT55M',
    },
  } satisfies Record<string, FakeVideo>
  fake.addVideos(Object.values(videos))
  // The parts out of order in the playlist, as uploads often are.
  fake.playlists.set(playlistId, [videos.part2.id, videos.stream.id, videos.part1.id])
  return { event, sessions, videos }
}

describe('recordings as they come: parts and room streams', () => {
  it('links both parts of a two-part upload in order, and each session of a room stream at its offsets', async () => {
    const { event, sessions, videos } = await streamedEvent()
    const first = await countedSync(event.id)
    expect(first.result).toMatchObject({ linked: 5, suggested: 0 })
    const rows = await recordingsOf(event.id)
    expect(rows.filter((r) => r.session_id === sessions.suite.id).map((r) => [r.video_id, r.part, r.status])).toEqual([
      [videos.part1.id, 1, 'linked'],
      [videos.part2.id, 2, 'linked'],
    ])
    expect(await recordingsForSession(sessions.suite.id)).toEqual([
      expect.objectContaining({ videoId: videos.part1.id, part: 1, partLabel: 'Part 1 of 2', captions: true }),
      expect.objectContaining({ videoId: videos.part2.id, part: 2, partLabel: 'Part 2 of 2' }),
    ])
    const offsets = (sessionId: number) =>
      rows
        .filter((r) => r.session_id === sessionId)
        .map((r) => ({ video: r.video_id, start: r.start_seconds, end: r.end_seconds, status: r.status }))
    expect(offsets(sessions.opening.id)).toEqual([{ video: videos.stream.id, start: 300, end: 3900, status: 'linked' }])
    expect(offsets(sessions.promotion.id)).toEqual([
      { video: videos.stream.id, start: 3900, end: 7500, status: 'linked' },
    ])
    expect(offsets(sessions.linalg.id)).toEqual([
      { video: videos.stream.id, start: 9300, end: 12_900, status: 'linked' },
    ])
    expect(await recordingForSession(sessions.promotion.id)).toMatchObject({
      url: `https://www.youtube.com/watch?v=${videos.stream.id}&t=3900s`,
      startSeconds: 3900,
      endSeconds: 7500,
    })

    // An organizer moves a session's start in the stream; later runs change nothing of it.
    const promotion = rows.find((r) => r.session_id === sessions.promotion.id)!
    await setRecordingPosition(event.id, promotion.id, { part: null, startSeconds: 3960, endSeconds: 7500 })
    const again = await countedSync(event.id)
    expect(again.result).toMatchObject({ linked: 0, suggested: 0, removed: 0 })
    expect(again.writes).toBe(0)
    expect((await recordingsOf(event.id)).find((r) => r.id === promotion.id)).toMatchObject({
      start_seconds: 3960,
      offsets_by_organizer: true,
    })
    const review = await listRecordingReview(event.id)
    expect(review.sessions.find((s) => s.sessionId === sessions.suite.id)?.recordings.map((r) => r.part)).toEqual([
      1, 2,
    ])
  })
})

describe('re-checks of linked videos', () => {
  it('re-reads linked videos only, flags a removed one with its re-upload, and links it again when it is back', async () => {
    const { event, sessions, videos, playlistId, ids, id } = await recordedEvent()
    await syncRecordings(event.id, { client: client() })
    const handLinked = `${id(0).slice(0, 6)}hand1`
    fake.addVideos([
      { id: handLinked, title: 'Closing, room camera', publishedAt: '2030-05-07T09:00:00Z', duration: 'PT1H' },
    ])
    await linkRecordingByUrl(event.id, sessions.closing.id, `https://youtu.be/${handLinked}`)

    // A month and more after the event its syncs are over; a weekly re-check takes their place.
    const now = new Date(event.ends_at.getTime() + (RECORDING_SYNC_WINDOW_DAYS + 5) * 86_400_000)
    expect((await eventsDueForRecordingSync(now)).map((e) => e.id)).not.toContain(event.id)
    expect((await eventsDueForRecordingRecheck(now)).map((e) => e.id)).toContain(event.id)

    const reupload: FakeVideo = {
      id: id(97),
      title: 'Sparse arrays in JAX | Scientific Python (re-upload)',
      publishedAt: '2030-06-02T09:00:00Z',
      duration: 'PT56M',
    }
    fake.addVideos([reupload])
    fake.playlists.set(playlistId, [...ids, reupload.id])
    fake.removeVideo(videos.jax.id)
    fake.clearLog()
    const outcome = await runRecordingRecheck(event.id, { client: client(), now })
    expect(outcome.status).toBe('succeeded')
    const recheck = fake.requests[0]!
    expect(recheck.path).toBe('/youtube/v3/videos')
    expect(
      recheck.query
        .getAll('id')
        .flatMap((x) => x.split(','))
        .sort(),
    ).toEqual([videos.scipy.id, videos.jax.id, videos.bench.id, videos.protocol.id, handLinked].sort())
    expect(recheck.query.getAll('part').join(',')).toMatch(/snippet.*contentDetails.*status/)
    // Gone: the listing is read too, to find its re-upload.
    expect(fake.callsTo('playlistItems')).toHaveLength(2)
    expect(outcome.status === 'succeeded' && outcome.result).toMatchObject({ unavailable: 1, suggested: 1 })
    const result = outcome.status === 'succeeded' ? outcome.result : null
    expect(result?.quotaUnits).toBe(fake.quotaUnits())
    const [run] = await listJobRuns(event.id, 'recheck-recordings')
    expect(run).toMatchObject({ status: 'succeeded', result: { unavailable: 1, quotaUnits: result?.quotaUnits } })

    expect(await recordingForSession(sessions.jax.id)).toBeNull()
    expect((await linkedRecordingsForEvent(event.id)).has(sessions.jax.id)).toBe(false)
    expect(await recordingForSession(sessions.closing.id)).toMatchObject({ title: 'Closing, room camera' })
    const jax = (await listRecordingReview(event.id)).sessions.find((s) => s.sessionId === sessions.jax.id)!
    expect(jax.recordings[0]).toMatchObject({
      status: 'unavailable',
      unavailableReason: 'removed',
      replacement: { videoId: reupload.id },
    })
    expect((await eventsDueForRecordingRecheck(now)).map((e) => e.id)).not.toContain(event.id)

    // A week later the video is back: the re-check alone (one videos.list call) links it again.
    const later = new Date(now.getTime() + (RECHECK_INTERVAL_DAYS + 1) * 86_400_000)
    expect((await eventsDueForRecordingRecheck(later)).map((e) => e.id)).toContain(event.id)
    fake.addVideos([videos.jax])
    fake.clearLog()
    const back = await recheckRecordingsTask({ event: event.slug }, { client: client(), now: later })
    expect(back).toMatchObject({ source: 'linked', fetched: null, relinked: 1, unavailable: 0, quotaUnits: 1 })
    expect(fake.requests.map((r) => r.path)).toEqual(['/youtube/v3/videos'])
    expect(await recordingForSession(sessions.jax.id)).toMatchObject({ videoId: videos.jax.id, status: 'linked' })
    // Its re-upload is no longer offered.
    expect((await recordingsOf(event.id)).map((r) => r.video_id)).not.toContain(reupload.id)
  })
})

describe('the sync-recordings task', () => {
  it('validates its payload', async () => {
    expect(syncRecordingsPayloadSchema.safeParse({ event: 'sparse-2030' }).success).toBe(true)
    expect(syncRecordingsPayloadSchema.safeParse({}).success).toBe(false)
    expect(syncRecordingsPayloadSchema.safeParse({ event: 'x', extra: 1 }).success).toBe(false)
    await expect(syncRecordingsTask({ event: 'no-such-event' }, { client: client() })).rejects.toThrow(/no-such-event/)
    await expect(recheckRecordingsTask({ event: 'no-such-event' }, { client: client() })).rejects.toThrow(
      /no-such-event/,
    )
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
    expect(runs[0]!.result).toMatchObject({ linked: 4, suggested: 1, quotaUnits: 4 })
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

    // Pick another session for a video: it leaves the session it is moved from.
    const other = suggestion.session_id === sessions.lightning1.id ? sessions.lightning2 : sessions.lightning1
    await linkVideoToSession(event.id, other.id, videos.lightning.id, { fromSessionId: suggestion.session_id })
    expect(await recordingForSession(other.id)).toMatchObject({ videoId: videos.lightning.id })
    expect(await recordingForSession(suggestion.session_id)).toBeNull()
    const rows = await recordingsOf(event.id)
    expect(rows.find((r) => r.session_id === other.id)).toMatchObject({ source: 'manual', status: 'linked' })

    // Link by hand from any URL form, as the session's whole recording: it replaces the automatic link.
    const videoId = await linkRecordingByUrl(
      event.id,
      sessions.scipy.id,
      'https://www.youtube.com/live/AbCdEfGhIjK?si=Qw12&t=3600',
    )
    expect(videoId).toBe('AbCdEfGhIjK')
    expect(await recordingsForSession(sessions.scipy.id)).toEqual([
      expect.objectContaining({ videoId: 'AbCdEfGhIjK', title: null }),
    ])
    // As a part: the session's other videos stay.
    await linkRecordingByUrl(event.id, sessions.scipy.id, 'https://youtu.be/PartTwo0002', { part: 2 })
    await linkRecordingByUrl(event.id, sessions.scipy.id, 'https://youtu.be/AbCdEfGhIjK', { part: 1 })
    expect((await recordingsForSession(sessions.scipy.id)).map((r) => [r.videoId, r.part])).toEqual([
      ['AbCdEfGhIjK', 1],
      ['PartTwo0002', 2],
    ])
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
    // The next run keeps every choice made by hand (and re-checks the hand-linked videos on the way).
    fake.addVideos(
      ['AbCdEfGhIjK', 'PartTwo0002'].map((id, i) => ({
        id,
        title: `State of sparse arrays in SciPy, part ${i + 1}`,
        publishedAt: '2030-05-20T09:00:00Z',
        duration: 'PT30M',
      })),
    )
    await syncRecordings(event.id, { client: client() })
    expect((await recordingsForSession(sessions.scipy.id)).map((r) => r.videoId)).toEqual([
      'AbCdEfGhIjK',
      'PartTwo0002',
    ])
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
    // Re-checks take over once the syncs are over, and only for events with links.
    const recheckDue = (at: string) =>
      eventsDueForRecordingRecheck(new Date(at)).then((list) => list.some((e) => e.id === event.id))
    expect(await recheckDue(afterEnd(RECORDING_SYNC_WINDOW_DAYS + 1))).toBe(false)
    await syncRecordings(event.id, { client: client() })
    expect(await recheckDue(afterEnd(RECORDING_SYNC_WINDOW_DAYS - 1))).toBe(false)
    expect(await recheckDue(afterEnd(RECORDING_SYNC_WINDOW_DAYS + 1))).toBe(true)
  })
})
