import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as recordingsPage from '~/routes/admin.events.$id.recordings/route'
import { listJobRuns } from '~/models/operations/job-runs.server'
import { recordingForSession, recordingsForSession } from '~/models/recordings/links.server'
import { recordRecordingsProblem, storeVideos } from '~/models/recordings/sync-fetch.server'
import { runRecordingSync, syncRecordings } from '~/models/recordings/sync.server'
import { youtubeClient } from '~/models/recordings/youtube-client.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { FakeYoutube, VALID_KEY } from '../support/fake-youtube'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

let owner: PublicUser
let ownerCookie: string
let otherCookie: string
let adminCookie: string
let eventId: number
let url: string
const sessionIds: Record<string, number> = {}

const params = () => ({ id: String(eventId) })

beforeAll(async () => {
  owner = await makeUser()
  const other = await makeUser()
  const admin = await makeUser({ isAdmin: true })
  ownerCookie = await sessionCookieFor(owner.id)
  otherCookie = await sessionCookieFor(other.id)
  adminCookie = await sessionCookieFor(admin.id)
  const event = await makeEvent(owner.id, { title: 'Sparse Array Summit 2030' })
  eventId = event.id
  url = `/admin/events/${eventId}/recordings`
  const input = (title: string, startsAt: string, endsAt: string) =>
    sessionInputSchema('Europe/Berlin').parse({ title, kind: 'talk', startsAt, endsAt })
  sessionIds.jax = (
    await createSession(eventId, input('Sparse arrays in JAX', '2030-05-04T10:00', '2030-05-04T11:00'))
  ).id
  sessionIds.lightning1 = (
    await createSession(eventId, input('Lightning talks', '2030-05-04T16:00', '2030-05-04T17:00'))
  ).id
  sessionIds.lightning2 = (
    await createSession(eventId, input('Lightning talks', '2030-05-05T16:00', '2030-05-05T17:00'))
  ).id
  await publishSchedule(eventId, 'Org')
  // Videos as an earlier look-up stored them: one sure match, one that fits two sessions.
  await storeVideos(eventId, [
    {
      videoId: 'jaxjaxjax01',
      title: 'Sparse arrays in JAX',
      description: '',
      publishedAt: new Date('2030-05-20T09:00:00Z'),
      durationSeconds: 3400,
      channelId: null,
    },
    {
      videoId: 'lightning01',
      title: 'Lightning talks',
      description: '',
      publishedAt: new Date('2030-05-20T09:00:00Z'),
      durationSeconds: 3400,
      channelId: null,
    },
  ])
  await syncRecordings(eventId, { client: null })
})

async function recordingRow(videoId: string) {
  return db
    .selectFrom('recordings')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('video_id', '=', videoId)
    .executeTakeFirst()
}

describe('the recordings page refuses anonymous users and other organizers', () => {
  it('in the loader', async () => {
    const anonymous = await callRoute(recordingsPage.loader, getRequest(url), params())
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/)
    expect((await callRoute(recordingsPage.loader, getRequest(url, otherCookie), params())).status).toBe(403)
    expect((await callRoute(recordingsPage.loader, getRequest(url, ownerCookie), params())).status).toBe(200)
    expect((await callRoute(recordingsPage.loader, getRequest(url, adminCookie), params())).status).toBe(200)
    expect(
      (
        await callRoute(recordingsPage.loader, getRequest('/admin/events/999999/recordings', adminCookie), {
          id: '999999',
        })
      ).status,
    ).toBe(404)
  })

  it('in the action, for every intent, before touching anything', async () => {
    const row = await recordingRow('jaxjaxjax01')
    const intents: Array<Record<string, string | number>> = [
      { intent: 'sync' },
      { intent: 'reject', recordingId: row!.id },
      { intent: 'link', sessionId: sessionIds.jax!, url: 'https://youtu.be/AbCdEfGhIjK' },
    ]
    for (const fields of intents) {
      const anonymous = await callRoute(recordingsPage.action, await formRequest(url, fields), params())
      expect(anonymous.status).toBe(302)
      expect(anonymous.location).toMatch(/^\/login/)
      const other = await callRoute(
        recordingsPage.action,
        await formRequest(url, fields, { cookie: otherCookie }),
        params(),
      )
      expect(other.status).toBe(403)
    }
    const noToken = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'reject', recordingId: row!.id }, { cookie: ownerCookie, csrf: false }),
      params(),
    )
    expect(noToken.status).toBe(403)
    expect(await recordingRow('jaxjaxjax01')).toEqual(row)
  })
})

describe('organizers review recordings', () => {
  it('lists linked and suggested recordings, unmatched videos, the problem and the runs', async () => {
    await recordRecordingsProblem(eventId, 'YouTube answered 400 keyInvalid: API key not valid.')
    const page = await callRoute(recordingsPage.loader, getRequest(url, ownerCookie), params())
    const loaded = page.data as Awaited<ReturnType<typeof recordingsPage.loader>>
    expect(loaded.event.problem).toMatch(/keyInvalid/)
    const jax = loaded.linked.find((r) => r.session.id === sessionIds.jax)
    expect(jax).toMatchObject({
      videoId: 'jaxjaxjax01',
      status: 'linked',
      source: 'auto',
      duration: '56:40',
      position: 'whole video',
    })
    expect(loaded.suggested).toHaveLength(1)
    expect(loaded.flagged).toHaveLength(0)
    expect(loaded.sessionOptions).toHaveLength(3)
    await db.updateTable('events').set({ recordings_problem: null }).where('id', '=', eventId).execute()
  })

  it('says clearly that the API key is missing when asked to look now', async () => {
    const result = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'sync' }, { cookie: ownerCookie }),
      params(),
    )
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ formId: 'sync', tone: 'warning' })
    expect((result.data as { message: string }).message).toMatch(/API key is missing \(YOUTUBE_API_KEY is not set\)/)
    const runs = await listJobRuns(eventId, 'sync-recordings')
    expect(runs[0]).toMatchObject({ status: 'succeeded', result: { skipped: 'no-api-key' } })
  })

  it('accepts a suggestion and rejects a link', async () => {
    const suggestion = await recordingRow('lightning01')
    expect(suggestion?.status).toBe('suggested')
    const accepted = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'accept', recordingId: suggestion!.id }, { cookie: ownerCookie }),
      params(),
    )
    expect(accepted.status).toBe(200)
    expect((await recordingRow('lightning01'))?.status).toBe('linked')
    const acceptedAgain = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'accept', recordingId: suggestion!.id }, { cookie: ownerCookie }),
      params(),
    )
    expect(acceptedAgain.status).toBe(409)
    expect(acceptedAgain.data).toMatchObject({ message: 'That suggestion no longer exists.' })

    const jax = await recordingRow('jaxjaxjax01')
    const rejected = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'reject', recordingId: jax!.id }, { cookie: ownerCookie }),
      params(),
    )
    expect(rejected.status).toBe(200)
    expect(await recordingRow('jaxjaxjax01')).toBeUndefined()
    const again = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'reject', recordingId: jax!.id }, { cookie: ownerCookie }),
      params(),
    )
    expect(again.status).toBe(404)
    await syncRecordings(eventId, { client: null })
    expect(await recordingRow('jaxjaxjax01')).toBeUndefined()
  })

  it('moves a video to another session, with field checks', async () => {
    const bad = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'move', videoId: 'lightning01', sessionId: '' }, { cookie: ownerCookie }),
      params(),
    )
    expect(bad.status).toBe(400)
    expect(bad.data).toMatchObject({ message: 'Choose a session' })
    const unknown = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'nonsense' }, { cookie: ownerCookie }),
      params(),
    )
    expect(unknown.status).toBe(400)
    expect(unknown.data).toMatchObject({ message: 'Unknown action.' })
    const from = (await recordingRow('lightning01'))!.session_id
    const to = from === sessionIds.lightning1 ? sessionIds.lightning2! : sessionIds.lightning1!
    const moved = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'move', videoId: 'lightning01', sessionId: to, fromSessionId: from },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(moved.status).toBe(200)
    const rows = await db.selectFrom('recordings').selectAll().where('video_id', '=', 'lightning01').execute()
    expect(rows).toEqual([expect.objectContaining({ session_id: to, source: 'manual', status: 'linked' })])
  })

  it('links by hand from a pasted address, answering with messages by the field', async () => {
    const invalid = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'link', sessionId: sessionIds.jax!, url: 'https://vimeo.com/12345' },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(invalid.status).toBe(400)
    expect(invalid.data).toMatchObject({
      result: { error: { url: [expect.stringMatching(/not the address of a YouTube video/)] } },
    })
    const noSession = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'link', sessionId: '', url: 'https://youtu.be/AbCdEfGhIjK' },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(noSession.status).toBe(400)
    expect(noSession.data).toMatchObject({ result: { error: { sessionId: ['Choose a session'] } } })
    const unknownSession = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'link', sessionId: 999999, url: 'https://youtu.be/AbCdEfGhIjK' },
        { cookie: ownerCookie },
      ),
      params(),
    )
    // The form was fine; the session it names is not there: statusFor('not_found').
    expect(unknownSession.status).toBe(404)
    expect(unknownSession.data).toMatchObject({
      result: { error: { sessionId: ['There is no such published session.'] } },
    })
    const linked = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'link', sessionId: sessionIds.jax!, url: 'https://www.youtube.com/watch?v=AbCdEfGhIjK&t=95s' },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(linked.status).toBe(200)
    expect(await recordingForSession(sessionIds.jax!)).toMatchObject({ videoId: 'AbCdEfGhIjK', status: 'linked' })
  })
})

type Loaded = Awaited<ReturnType<typeof recordingsPage.loader>>

describe('organizers place a session in its video', () => {
  const position = (fields: Record<string, string | number>) =>
    formRequest(url, { intent: 'position', ...fields }, { cookie: ownerCookie })

  it('sets the part and offsets, refusing bad ones by the field', async () => {
    const lightning = (await recordingRow('lightning01'))!
    const cases: Array<[Record<string, string | number>, string, RegExp]> = [
      [{ startSeconds: 'ten past' }, 'startSeconds', /h:mm:ss/],
      [{ startSeconds: '1:75' }, 'startSeconds', /h:mm:ss/],
      [{ startSeconds: '10:00', endSeconds: '5:00' }, 'endSeconds', /after the start/],
      [{ part: '0' }, 'part', /1 to 99/],
      // The video is 56:40 long.
      [{ startSeconds: '1:00:00' }, 'startSeconds', /past the end/],
      [{ endSeconds: '57:00' }, 'endSeconds', /past the end/],
    ]
    for (const [fields, field, message] of cases) {
      const refused = await callRoute(
        recordingsPage.action,
        await position({ recordingId: lightning.id, ...fields }),
        params(),
      )
      expect(refused.status).toBe(400)
      expect(refused.data).toMatchObject({ result: { error: { [field]: [expect.stringMatching(message)] } } })
    }
    expect(await recordingRow('lightning01')).toEqual(lightning)

    const saved = await callRoute(
      recordingsPage.action,
      await position({ recordingId: lightning.id, part: '2', startSeconds: '1:30', endSeconds: '55:00' }),
      params(),
    )
    expect(saved.status).toBe(200)
    expect(saved.data).toMatchObject({ formId: `position-${lightning.id}`, tone: 'success' })
    expect(await recordingRow('lightning01')).toMatchObject({
      part: 2,
      start_seconds: 90,
      end_seconds: 3300,
      offsets_by_organizer: true,
    })
    const page = await callRoute(recordingsPage.loader, getRequest(url, ownerCookie), params())
    expect((page.data as Loaded).linked.find((r) => r.id === lightning.id)).toMatchObject({
      position: 'Part 2 · 1:30–55:00',
      startText: '1:30',
      endText: '55:00',
      offsetsByOrganizer: true,
    })
    const gone = await callRoute(recordingsPage.action, await position({ recordingId: 999_999 }), params())
    expect(gone.status).toBe(404)
  })

  it('links a part by hand beside the others, and keeps only flagged links', async () => {
    const badPart = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'link', sessionId: sessionIds.jax!, url: 'https://youtu.be/PartTwo0002', part: 'two' },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(badPart.status).toBe(400)
    expect(badPart.data).toMatchObject({ result: { error: { part: [expect.stringMatching(/number/)] } } })
    const linked = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'link', sessionId: sessionIds.jax!, url: 'https://youtu.be/PartTwo0002', part: 2 },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(linked.status).toBe(200)
    expect((await recordingsForSession(sessionIds.jax!)).map((r) => [r.videoId, r.part])).toEqual([
      ['PartTwo0002', 2],
      ['AbCdEfGhIjK', null],
    ])
    const jax = await recordingRow('PartTwo0002')
    const notFlagged = await callRoute(
      recordingsPage.action,
      await formRequest(url, { intent: 'keep', recordingId: jax!.id }, { cookie: ownerCookie }),
      params(),
    )
    expect(notFlagged.status).toBe(409)
    expect(notFlagged.data).toMatchObject({ message: 'This recording is not flagged.' })
  })
})

describe('the recordings page flags unavailable videos and shows the quota spent', () => {
  const fake = new FakeYoutube()
  const client = () => youtubeClient({ apiKey: VALID_KEY, rootUrl: fake.url })
  let streamedEventId: number
  const eventUrl = () => `/admin/events/${streamedEventId}/recordings`
  const load = async () =>
    (await callRoute(recordingsPage.loader, getRequest(eventUrl(), ownerCookie), { id: String(streamedEventId) }))
      .data as Loaded

  beforeAll(async () => {
    await fake.start()
    const event = await makeEvent(owner.id, {
      title: 'Sparse Array Summit 2030',
      youtubePlaylistId: 'PLroutesTest0000',
    })
    streamedEventId = event.id
    await createSession(
      event.id,
      sessionInputSchema('Europe/Berlin').parse({
        title: 'Sparse arrays in JAX',
        kind: 'talk',
        startsAt: '2030-05-04T10:00',
        endsAt: '2030-05-04T11:00',
      }),
    )
    await publishSchedule(event.id, 'Org')
    fake.addVideos([
      { id: 'routesJax01', title: 'Sparse arrays in JAX', publishedAt: '2030-05-20T09:00:00Z', duration: 'PT58M' },
    ])
    fake.playlists.set('PLroutesTest0000', ['routesJax01'])
  })
  afterAll(async () => {
    await fake.stop()
  })

  it('shows the quota units each run spent', async () => {
    const outcome = await runRecordingSync(streamedEventId, { client: client() })
    expect(outcome).toMatchObject({ status: 'succeeded', result: { linked: 1, quotaUnits: 2 } })
    const loaded = await load()
    expect(loaded.runs[0]).toMatchObject({
      task: 'sync-recordings',
      status: 'succeeded',
      quotaUnits: fake.quotaUnits(),
      result: expect.stringMatching(/1 video on YouTube, 1 linked/),
    })
    expect(loaded.linked.map((r) => r.videoId)).toEqual(['routesJax01'])
  })

  it('flags a removed video with its re-upload, which an organizer accepts', async () => {
    fake.removeVideo('routesJax01')
    fake.addVideos([
      {
        id: 'routesJax02',
        title: 'Sparse arrays in JAX (re-upload)',
        publishedAt: '2030-06-01T09:00:00Z',
        duration: 'PT58M',
      },
    ])
    fake.playlists.set('PLroutesTest0000', ['routesJax01', 'routesJax02'])
    expect(await runRecordingSync(streamedEventId, { client: client() })).toMatchObject({
      result: { unavailable: 1, suggested: 1 },
    })
    const loaded = await load()
    expect(loaded.linked).toEqual([])
    // The re-upload is offered with the recording it replaces, not among the other suggestions.
    expect(loaded.suggested).toEqual([])
    expect(loaded.flagged).toEqual([
      expect.objectContaining({
        videoId: 'routesJax01',
        status: 'unavailable',
        reason: expect.stringMatching(/no longer serves/),
        replacement: expect.objectContaining({ videoId: 'routesJax02' }),
      }),
    ])
    expect(loaded.runs[0]?.result).toMatch(/1 no longer available/)
    const accepted = await callRoute(
      recordingsPage.action,
      await formRequest(
        eventUrl(),
        { intent: 'accept', recordingId: loaded.flagged[0]!.replacement!.id },
        { cookie: ownerCookie },
      ),
      { id: String(streamedEventId) },
    )
    expect(accepted.status).toBe(200)
    const after = await load()
    expect(after.flagged).toEqual([])
    expect(after.linked.map((r) => r.videoId)).toEqual(['routesJax02'])
  })
})
