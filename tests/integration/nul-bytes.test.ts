import { beforeAll, describe, expect, it } from 'vitest'
import * as register from '~/routes/events.$slug.register'
import * as adminNewSession from '~/routes/admin.events.$id.sessions.new'
import * as eventsApi from '~/routes/api.v1.events'
import * as eventApi from '~/routes/api.v1.events.$slug'
import * as eventPage from '~/routes/events.$slug._index'
import * as notesEditor from '~/routes/events.$slug.sessions.$sessionId_.notes/route'
import * as manage from '~/routes/r.$token/route'
import * as personalFeed from '~/routes/feeds.$token.calendar[.ics]'
import type { Event } from '#db/schema'
import { createApiToken } from '~/models/users/api-token.server'
import { getNotes } from '~/models/notes/notes.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { NUL_MESSAGE } from '~/utils/text'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, jsonRequest, sessionCookieFor } from '../support/routes'

// PostgreSQL refuses U+0000 in text (22021); these check that it is refused as bad input (400 by the field, or
// 404 in an address) on whichever database the tests run, instead of reaching the database as a 500.

const NUL = '\u0000'

let event: Event
let organizerCookie: string
let token: string
let sessionId: number

beforeAll(async () => {
  const organizer = await makeUser()
  organizerCookie = await sessionCookieFor(organizer.id)
  token = await createApiToken(organizer.id, 'tests')
  event = await makeEvent(organizer.id)
  const session = await createSession(
    event.id,
    sessionInputSchema(event.time_zone).parse({
      title: 'Dispatching',
      kind: 'discussion',
      startsAt: '2030-05-04T10:00',
      endsAt: '2030-05-04T11:00',
    }),
  )
  await publishSchedule(event.id, 'Org')
  sessionId = session.id
})

type Reply = { result: { error: Record<string, string[] | null> } }

describe('text with a NUL character is refused by the field', () => {
  it('in the registration form: name, projects, needs', async () => {
    const result = await callRoute(
      register.action,
      await formRequest(
        `/events/${event.slug}/register`,
        {
          name: `Ada${NUL}Lovelace`,
          email: 'ada-nul@example.org',
          affiliations: `Num${NUL}Py`,
          accessibilityNeeds: `ramp${NUL}`,
          website: '',
        },
        { headers: { 'x-convene-remote-address': '198.51.100.200' } },
      ),
      { slug: event.slug },
    )
    expect(result.status).toBe(400)
    const errors = (result.data as Reply).result.error
    expect(errors.name).toEqual([NUL_MESSAGE])
    expect(errors['affiliations[0]']).toEqual([NUL_MESSAGE])
    expect(errors.accessibilityNeeds).toEqual([NUL_MESSAGE])
    expect(await db.selectFrom('registrations').select('id').where('event_id', '=', event.id).execute()).toEqual([])
  })

  it('in the organizer session form: title, room and the speaker lines', async () => {
    const result = await callRoute(
      adminNewSession.action,
      await formRequest(
        `/admin/events/${event.id}/sessions/new`,
        {
          title: `Lightning${NUL} talks`,
          kind: 'talk',
          startsAt: '2030-05-04T16:00',
          endsAt: '2030-05-04T17:00',
          room: `Plenary${NUL}`,
          speakers: `Ada${NUL}, NumPy`,
        },
        { cookie: organizerCookie },
      ),
      { id: String(event.id) },
    )
    expect(result.status).toBe(400)
    const errors = (result.data as Reply).result.error
    expect(errors.title).toEqual([NUL_MESSAGE])
    expect(errors.room).toEqual([NUL_MESSAGE])
    expect(errors.speakers).toEqual([NUL_MESSAGE])
  })

  it('in an event created through the API, as JSON issues by path', async () => {
    const result = await callRoute(
      eventsApi.action,
      jsonRequest(
        '/api/v1/events',
        'POST',
        {
          slug: 'nul-summit',
          title: `Sparse${NUL} Arrays`,
          summary: `About${NUL}`,
          timeZone: 'Europe/Paris',
          startsAt: '2031-05-03T09:00',
          endsAt: '2031-05-05T17:00',
          locationKind: 'online',
          onlineUrl: `https://meet.example.org/room${NUL}`,
        },
        token,
      ),
    )
    expect(result.status).toBe(400)
    const { error, issues } = result.data as { error: string; issues: { path: string[]; message: string }[] }
    expect(error).toEqual(expect.any(String))
    expect(issues).toEqual(
      expect.arrayContaining(
        ['title', 'summary', 'onlineUrl'].map((field) => ({ path: [field], message: NUL_MESSAGE })),
      ),
    )
    expect(await db.selectFrom('events').select('id').where('slug', '=', 'nul-summit').execute()).toEqual([])
  })

  it('in shared notes, and nothing is saved', async () => {
    const result = await callRoute(
      notesEditor.action,
      await formRequest(
        `/events/${event.slug}/sessions/${sessionId}/notes`,
        { intent: 'save', body: `# Notes${NUL}\n`, baseRevision: 0 },
        { cookie: organizerCookie },
      ),
      { slug: event.slug, sessionId: String(sessionId) },
    )
    expect(result.status).toBe(400)
    expect((result.data as { errors: Record<string, string[]> }).errors.body).toEqual([NUL_MESSAGE])
    expect((await getNotes(sessionId)).revision).toBe(0)
  })
})

describe('an address with a NUL character names nothing', () => {
  it('GET /events/a%00b and the API event are 404', async () => {
    const slug = `a${NUL}b`
    // As the router hands it over: decoded from the URL.
    expect(decodeURIComponent('a%00b')).toBe(slug)
    expect((await callRoute(eventPage.loader, getRequest('/events/a%00b'), { slug })).status).toBe(404)
    const api = await callRoute(eventApi.loader, getRequest('/api/v1/events/a%00b'), { slug })
    expect(api.status).toBe(404)
    const patch = await callRoute(eventApi.action, jsonRequest('/api/v1/events/a%00b', 'PATCH', {}, token), { slug })
    expect(patch.status).toBe(404)
  })

  it('GET /r/a%00b and the personal feed of such a token are 404', async () => {
    // Long enough to look like a real token, so only the NUL makes it unknown.
    const token = `${'a'.repeat(16)}${NUL}${'b'.repeat(16)}`
    expect((await callRoute(manage.loader, getRequest('/r/a%00b'), { token: `a${NUL}b` })).status).toBe(404)
    expect((await callRoute(manage.loader, getRequest('/r/x'), { token })).status).toBe(404)
    expect((await callRoute(personalFeed.loader, getRequest('/feeds/x/calendar.ics'), { token })).status).toBe(404)
  })
})
