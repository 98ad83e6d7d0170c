import { beforeAll, describe, expect, it } from 'vitest'
import * as recordingsPage from '~/routes/admin.events.$id.recordings/route'
import { listJobRuns } from '~/models/operations/job-runs.server'
import { recordingForSession } from '~/models/recordings/links.server'
import { recordRecordingsProblem, storeVideos } from '~/models/recordings/sync-fetch.server'
import { syncRecordings } from '~/models/recordings/sync.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
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
    const jax = loaded.sessions.find((s) => s.id === sessionIds.jax)
    expect(jax?.recording).toMatchObject({
      videoId: 'jaxjaxjax01',
      status: 'linked',
      source: 'auto',
      duration: '56:40',
    })
    expect(loaded.sessions.filter((s) => s.recording?.status === 'suggested')).toHaveLength(1)
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
    const moved = await callRoute(
      recordingsPage.action,
      await formRequest(
        url,
        { intent: 'move', videoId: 'lightning01', sessionId: sessionIds.lightning2! },
        { cookie: ownerCookie },
      ),
      params(),
    )
    expect(moved.status).toBe(200)
    expect(await recordingRow('lightning01')).toMatchObject({ session_id: sessionIds.lightning2, source: 'manual' })
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
