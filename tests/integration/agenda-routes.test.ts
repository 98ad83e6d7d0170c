import { beforeAll, describe, expect, it } from 'vitest'
import * as agenda from '~/routes/events.$slug.agenda/route'
import * as myAgenda from '~/routes/events.$slug.my-agenda'
import * as sessionPage from '~/routes/events.$slug.sessions.$sessionId/route'
import * as sessionIcs from '~/routes/events.$slug.sessions.$sessionId[.ics]'
import * as changes from '~/routes/events.$slug.changes'
import * as changesAtom from '~/routes/events.$slug.changes[.atom]'
import * as manage from '~/routes/r.$token/route'
import * as sessionsApi from '~/routes/api.v1.events.$slug.sessions'
import * as sessionApi from '~/routes/api.v1.events.$slug.sessions.$sessionId'
import * as publishApi from '~/routes/api.v1.events.$slug.schedule.publish'
import * as adminSessions from '~/routes/admin.events.$id.sessions._index'
import * as adminNewSession from '~/routes/admin.events.$id.sessions.new'
import * as adminSession from '~/routes/admin.events.$id.sessions.$sessionId'
import type { Event } from '#db/schema'
import { createApiToken } from '~/models/users/api-token.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { listStarredSessionIds } from '~/models/agenda/stars.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, jsonRequest, sessionCookieFor } from '../support/routes'

let event: Event
let token: string
let otherToken: string
let organizerCookie: string
let otherCookie: string

beforeAll(async () => {
  const organizer = await makeUser()
  const other = await makeUser()
  token = await createApiToken(organizer.id, 't')
  otherToken = await createApiToken(other.id, 't')
  organizerCookie = await sessionCookieFor(organizer.id)
  otherCookie = await sessionCookieFor(other.id)
  event = await makeEvent(organizer.id, {
    timeZone: 'America/New_York',
    startsAt: '2030-11-02T09:00',
    endsAt: '2030-11-04T17:00',
    capacity: 10,
  })
})

const api = (path = '') => `/api/v1/events/${event.slug}/sessions${path}`

describe('sessions API', () => {
  it('creates sessions with conflict warnings, publishes, and shows the published agenda with zoned times', async () => {
    expect(
      (await callRoute(sessionsApi.action, jsonRequest(api(), 'POST', { title: 'X' }), { slug: event.slug })).status,
    ).toBe(401)
    expect(
      (
        await callRoute(sessionsApi.action, jsonRequest(api(), 'POST', { title: 'X' }, otherToken), {
          slug: event.slug,
        })
      ).status,
    ).toBe(403)
    const bad = await callRoute(
      sessionsApi.action,
      jsonRequest(api(), 'POST', { title: '', kind: 'party', startsAt: 'soon' }, token),
      { slug: event.slug },
    )
    expect(bad.status).toBe(400)
    expect((bad.data as { issues: { path: string[] }[] }).issues.map((i) => i.path[0])).toEqual(
      expect.arrayContaining(['title', 'kind', 'endsAt']),
    )

    const body = {
      title: 'Sparse arrays in SciPy',
      kind: 'discussion',
      startsAt: '2030-11-03T01:30',
      endsAt: '2030-11-03T02:30',
      room: 'Plenary',
      speakers: [{ name: 'CJ Carey' }],
    }
    const first = await callRoute(sessionsApi.action, jsonRequest(api(), 'POST', body, token), { slug: event.slug })
    expect(first.status).toBe(201)
    // 2030-11-03 01:30 in New York is the first (EDT) of two; the end at 02:30 is EST, after the change.
    expect(first.data).toMatchObject({
      startsAt: '2030-11-03T01:30:00-04:00',
      endsAt: '2030-11-03T02:30:00-05:00',
      warnings: [],
    })
    const clash = await callRoute(
      sessionsApi.action,
      jsonRequest(api(), 'POST', { ...body, title: 'Array API status' }, token),
      { slug: event.slug },
    )
    expect((clash.data as { warnings: { type: string }[] }).warnings.map((w) => w.type).sort()).toEqual([
      'room',
      'speaker',
    ])

    // Nothing public before publishing.
    expect((await callRoute(sessionsApi.loader, getRequest(api()), { slug: event.slug })).data).toEqual({
      sessions: [],
    })
    const published = await callRoute(
      publishApi.action,
      jsonRequest(`/api/v1/events/${event.slug}/schedule/publish`, 'POST', {}, token),
      { slug: event.slug },
    )
    expect(published.data).toMatchObject({ version: 1, changes: [{ type: 'added' }, { type: 'added' }] })
    const list = await callRoute(sessionsApi.loader, getRequest(api()), { slug: event.slug })
    expect((list.data as { sessions: unknown[] }).sessions[0]).toMatchObject({
      id: expect.any(Number),
      title: 'Sparse arrays in SciPy',
      kind: 'discussion',
      startsAt: '2030-11-03T01:30:00-04:00',
      room: 'Plenary',
      status: 'scheduled',
      version: 1,
      speakers: [{ name: 'CJ Carey' }],
      recording: null,
    })
    // A linked recording shows in the API's session objects.
    const firstListed = (list.data as { sessions: { id: number }[] }).sessions[0]!
    await db
      .insertInto('recordings')
      .values({
        event_id: event.id,
        session_id: firstListed.id,
        video_id: 'aBcDeFgHiJk',
        status: 'linked',
        source: 'manual',
      })
      .execute()
    const withRecording = await callRoute(sessionsApi.loader, getRequest(api()), { slug: event.slug })
    expect((withRecording.data as { sessions: { recording: unknown }[] }).sessions[0]!.recording).toEqual({
      videoId: 'aBcDeFgHiJk',
      url: 'https://www.youtube.com/watch?v=aBcDeFgHiJk',
      status: 'linked',
    })
  })

  it('PATCH moves and cancels; 404 for unknown sessions', async () => {
    const list = (await callRoute(sessionsApi.loader, getRequest(api()), { slug: event.slug })).data as {
      sessions: { id: number }[]
    }
    const id = list.sessions[1]!.id
    const moved = await callRoute(
      sessionApi.action,
      jsonRequest(
        api(`/${id}`),
        'PATCH',
        { room: 'Room B', startsAt: '2030-11-03T10:00', endsAt: '2030-11-03T11:00' },
        token,
      ),
      { slug: event.slug, sessionId: String(id) },
    )
    expect(moved.status).toBe(200)
    expect(moved.data).toMatchObject({ room: 'Room B', warnings: [] })
    const cancelled = await callRoute(
      sessionApi.action,
      jsonRequest(api(`/${id}`), 'PATCH', { status: 'cancelled' }, token),
      { slug: event.slug, sessionId: String(id) },
    )
    expect(cancelled.data).toMatchObject({ status: 'cancelled', room: 'Room B' })
    expect(
      (
        await callRoute(sessionApi.action, jsonRequest(api('/999999'), 'PATCH', {}, token), {
          slug: event.slug,
          sessionId: '999999',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await callRoute(sessionApi.action, jsonRequest(api(`/${id}`), 'PATCH', { status: 'cancelled' }, otherToken), {
          slug: event.slug,
          sessionId: String(id),
        })
      ).status,
    ).toBe(403)
    const v2 = await callRoute(
      publishApi.action,
      jsonRequest(`/api/v1/events/${event.slug}/schedule/publish`, 'POST', {}, token),
      { slug: event.slug },
    )
    expect((v2.data as { changes: { type: string }[] }).changes.map((c) => c.type).sort()).toEqual([
      'cancelled',
      'moved',
    ])
  })
})

describe('public agenda pages', () => {
  it('agenda, session page and changelog show the published version; Atom lists versions', async () => {
    const page = await callRoute(agenda.loader, getRequest(`/events/${event.slug}/agenda`), { slug: event.slug })
    const sessions = (page.data as { sessions: { id: number; status: string }[] }).sessions
    expect(sessions.map((s) => s.status).sort()).toEqual(['cancelled', 'scheduled'])
    const filtered = await callRoute(agenda.loader, getRequest(`/events/${event.slug}/agenda?room=Plenary`), {
      slug: event.slug,
    })
    expect((filtered.data as { sessions: unknown[] }).sessions).toHaveLength(1)
    const one = await callRoute(sessionPage.loader, getRequest(`/events/${event.slug}/sessions/${sessions[0]!.id}`), {
      slug: event.slug,
      sessionId: String(sessions[0]!.id),
    })
    expect(one.status).toBe(200)
    expect(
      (await callRoute(sessionPage.loader, getRequest('/x'), { slug: event.slug, sessionId: '424242' })).status,
    ).toBe(404)
    const log = await callRoute(changes.loader, getRequest(`/events/${event.slug}/changes`), { slug: event.slug })
    const texts = (log.data as { versions: { version: number; changes: { text: string }[] }[] }).versions
    expect(texts.map((v) => v.version)).toEqual([2, 1])
    expect(texts[0]!.changes.map((c) => c.text).join(' ')).toMatch(
      /Moved “Array API status” from Sun 3 Nov 01:30–02:30, Plenary to Sun 3 Nov 10:00–11:00, Room B/,
    )
    const atom = await callRoute(changesAtom.loader, getRequest(`/events/${event.slug}/changes.atom`), {
      slug: event.slug,
    })
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    expect(String(atom.data)).toContain('<title type="html"><![CDATA[Version 2: 2 changes]]></title>')
  })

  it('an attendee who opened their manage link stars sessions and sees them in my agenda', async () => {
    const schema = registrationSchema({ locationKind: 'in_person' }, [])
    const { registration } = await registerForEvent(
      event.id,
      schema.parse({ name: 'Star Gazer', email: 'stars@example.org' }),
    )
    const opened = await callRoute(manage.loader, getRequest(`/r/${registration.manage_token}`), {
      token: registration.manage_token,
    })
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!
    const agendaPage = await callRoute(agenda.loader, getRequest(`/events/${event.slug}/agenda`, cookie), {
      slug: event.slug,
    })
    const target = agendaPage.data as { sessions: { id: number; status: string }[]; starred: number[] }
    expect(target.starred).toEqual([])
    const sessionId = target.sessions.find((s) => s.status === 'scheduled')!.id
    const starred = await callRoute(
      agenda.action,
      await formRequest(`/events/${event.slug}/agenda`, { intent: 'star', sessionId }, { cookie }),
      { slug: event.slug },
    )
    expect(starred.status).toBe(200)
    expect(await listStarredSessionIds(registration.id)).toEqual([sessionId])
    const mine = await callRoute(myAgenda.loader, getRequest(`/events/${event.slug}/my-agenda`, cookie), {
      slug: event.slug,
    })
    expect((mine.data as { sessions: { id: number }[] }).sessions.map((s) => s.id)).toEqual([sessionId])
    // Without the cookie there is no one to star for.
    const anonymous = await callRoute(
      agenda.action,
      await formRequest(`/events/${event.slug}/agenda`, { intent: 'star', sessionId }),
      { slug: event.slug },
    )
    expect(anonymous.status).toBe(403)
    // The manage page offers the personal feed and can replace its address.
    const feedUrl = (opened.data as { feedUrl: string }).feedUrl
    expect(feedUrl).toMatch(/\/feeds\/[\w-]{22,}\/calendar\.ics$/)
    await callRoute(manage.action, await formRequest(`/r/${registration.manage_token}`, { intent: 'new-feed-link' }), {
      token: registration.manage_token,
    })
    const reopened = await callRoute(manage.loader, getRequest(`/r/${registration.manage_token}`, cookie), {
      token: registration.manage_token,
    })
    expect((reopened.data as { feedUrl: string }).feedUrl).not.toBe(feedUrl)
    const unknownSession = await callRoute(
      agenda.action,
      await formRequest(`/events/${event.slug}/agenda`, { intent: 'star', sessionId: 999999 }, { cookie }),
      { slug: event.slug },
    )
    expect(unknownSession.status).toBe(404)
  })
})

describe('stars and a session’s calendar file without JavaScript', () => {
  it('a star button posted by the browser goes back to its page; the session page shows the star; the .ics is one entry', async () => {
    const schema = registrationSchema({ locationKind: 'in_person' }, [])
    const { registration } = await registerForEvent(
      event.id,
      schema.parse({ name: 'No Script', email: 'noscript@example.org' }),
    )
    const opened = await callRoute(manage.loader, getRequest(`/r/${registration.manage_token}`), {
      token: registration.manage_token,
    })
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!
    const agendaPage = await callRoute(agenda.loader, getRequest(`/events/${event.slug}/agenda`, cookie), {
      slug: event.slug,
    })
    const sessionId = (agendaPage.data as { sessions: { id: number; status: string }[] }).sessions.find(
      (s) => s.status === 'scheduled',
    )!.id
    const params = { slug: event.slug, sessionId: String(sessionId) }
    const returnTo = `/events/${event.slug}/sessions/${sessionId}`
    const starred = await callRoute(
      agenda.action,
      await formRequest(`/events/${event.slug}/agenda`, { intent: 'star', sessionId, returnTo }, { cookie }),
      { slug: event.slug },
    )
    expect(starred.status).toBe(303)
    expect(starred.location).toBe(returnTo)
    const page = await callRoute(sessionPage.loader, getRequest(returnTo, cookie), params)
    expect((page.data as { starred: boolean | null }).starred).toBe(true)
    // Anyone else sees no star button at all.
    const anonymousPage = await callRoute(sessionPage.loader, getRequest(returnTo), params)
    expect((anonymousPage.data as { starred: boolean | null }).starred).toBeNull()
    // Never to another site.
    const elsewhere = await callRoute(
      agenda.action,
      await formRequest(
        `/events/${event.slug}/agenda`,
        { intent: 'unstar', sessionId, returnTo: '//evil.example/' },
        { cookie },
      ),
      { slug: event.slug },
    )
    expect(elsewhere.location).toBe(`/events/${event.slug}/agenda`)
    expect(await listStarredSessionIds(registration.id)).toEqual([])

    const ics = await callRoute(sessionIcs.loader, getRequest(`${returnTo}.ics`), params)
    expect(ics.status).toBe(200)
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(ics.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.ics"$/)
    const body = ics.data as string
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(1)
    expect((await callRoute(sessionIcs.loader, getRequest(`${returnTo}.ics`), params)).data).toBe(body)
    const missing = await callRoute(sessionIcs.loader, getRequest(`/events/${event.slug}/sessions/999999.ics`), {
      slug: event.slug,
      sessionId: '999999',
    })
    expect(missing.status).toBe(404)
  })
})

describe('organizer agenda pages', () => {
  it('refuse anonymous users and other organizers; add, edit and publish through forms', async () => {
    const params = { id: String(event.id) }
    for (const route of [adminSessions, adminNewSession]) {
      expect((await callRoute(route.loader, getRequest(`/admin/events/${event.id}/sessions`), params)).status).toBe(302)
      expect(
        (await callRoute(route.loader, getRequest(`/admin/events/${event.id}/sessions`, otherCookie), params)).status,
      ).toBe(403)
      expect(
        (
          await callRoute(
            route.action,
            await formRequest(`/admin/events/${event.id}/sessions`, {}, { cookie: otherCookie }),
            params,
          )
        ).status,
      ).toBe(403)
    }
    const created = await callRoute(
      adminNewSession.action,
      await formRequest(
        `/admin/events/${event.id}/sessions/new`,
        {
          title: 'Lightning talks',
          kind: 'talk',
          startsAt: '2030-11-04T16:00',
          endsAt: '2030-11-04T17:00',
          room: 'Plenary',
          speakers: 'Ada, NumPy\nGrace',
        },
        { cookie: organizerCookie },
      ),
      params,
    )
    expect(created.status).toBe(302)
    const bad = await callRoute(
      adminNewSession.action,
      await formRequest(
        `/admin/events/${event.id}/sessions/new`,
        { title: 'Backwards', kind: 'talk', startsAt: '2030-11-04T16:00', endsAt: '2030-11-04T15:00' },
        { cookie: organizerCookie },
      ),
      params,
    )
    expect(bad.status).toBe(400)
    const overview = await callRoute(
      adminSessions.loader,
      getRequest(`/admin/events/${event.id}/sessions`, organizerCookie),
      params,
    )
    expect((overview.data as { state: { unpublishedChanges: number } }).state.unpublishedChanges).toBe(1)
    const sessionId = (overview.data as { days: [string, { id: number; title: string }[]][] }).days
      .flatMap(([, s]) => s)
      .find((s) => s.title === 'Lightning talks')!.id
    const sessionParams = { ...params, sessionId: String(sessionId) }
    expect((await callRoute(adminSession.loader, getRequest('/x', otherCookie), sessionParams)).status).toBe(403)
    const deleted = await callRoute(
      adminSession.action,
      await formRequest('/x', { intent: 'delete' }, { cookie: organizerCookie }),
      sessionParams,
    )
    expect(deleted.status).toBe(302)
    const published = await callRoute(
      adminSessions.action,
      await formRequest(`/admin/events/${event.id}/sessions`, {}, { cookie: organizerCookie }),
      params,
    )
    expect(published.data).toMatchObject({ message: 'Version 3 published with 0 changes.' })
  })
})
