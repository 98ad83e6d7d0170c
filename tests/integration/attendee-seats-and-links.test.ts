import { describe, expect, it } from 'vitest'
import * as register from '~/routes/events.$slug.register'
import * as manage from '~/routes/r.$token/route'
import * as myAgenda from '~/routes/events.$slug.my-agenda'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, updateSession } from '~/models/agenda/session.server'
import { emailStarredChanges } from '~/models/agenda/notify.server'
import { starSession } from '~/models/agenda/stars.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { db } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest } from '../support/routes'

let n = 0
const ip = () => ({ 'x-convene-remote-address': `203.0.113.${(n += 1)}` })

async function hybridWithFullRoom() {
  const event = await makeEvent((await makeUser()).id, {
    capacity: 10,
    inPersonCapacity: 1,
    locationKind: 'hybrid',
    venueName: 'Hall',
  })
  const schema = registrationSchema({ locationKind: 'hybrid' }, [])
  await registerForEvent(
    event.id,
    schema.parse({ name: 'First', email: 'first@example.org', attendanceMode: 'in_person' }),
  )
  return event
}

async function registerThroughForm(slug: string, attendanceMode: string, email: string) {
  const result = await callRoute(
    register.action,
    await formRequest(
      `/events/${slug}/register`,
      { name: 'Hana', email, attendanceMode, website: '' },
      { headers: ip() },
    ),
    { slug },
  )
  expect(result.status).toBe(302)
  return result.location!
}

describe('a hybrid event whose room is full', () => {
  it('the form tells the seats per way of attending and offers both choices', async () => {
    const event = await hybridWithFullRoom()
    const page = await callRoute(register.loader, getRequest(`/events/${event.slug}/register`), { slug: event.slug })
    expect(page.data).toMatchObject({
      seats: { full: false, onlyOnlineLeft: true, inPerson: { left: 0, of: 1 }, online: { left: 9, of: 10 } },
    })
  })

  it('online confirms at once; in person waits, and the page and email say for what', async () => {
    const event = await hybridWithFullRoom()
    const online = await registerThroughForm(event.slug, 'remote', 'online@example.org')
    const onlineToken = online.split('/r/')[1]!.split('?')[0]!
    const onlinePage = await callRoute(manage.loader, getRequest(`/r/${onlineToken}`), { token: onlineToken })
    expect(onlinePage.data).toMatchObject({ registration: { status: 'confirmed', attendanceMode: 'remote' } })

    const waiting = await registerThroughForm(event.slug, 'in_person', 'room@example.org')
    const token = waiting.split('/r/')[1]!.split('?')[0]!
    const waitingPage = await callRoute(manage.loader, getRequest(`/r/${token}`), { token })
    expect(waitingPage.data).toMatchObject({
      registration: { status: 'waitlisted', attendanceMode: 'in_person', position: 1 },
      waitingFor: { mode: 'in_person', onlineFree: true },
    })
    const email = await db
      .selectFrom('email_outbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', 'room@example.org')
      .executeTakeFirstOrThrow()
    expect(email.subject).toContain('waiting list for an in-person seat')
    expect(email.text_body).toContain('The in-person seats at Test Summit are full')
    expect(email.text_body).toContain('Online places are still free')
    expect(email.text_body).not.toMatch(/Test Summit is full/)
  })
})

describe('the changes email', () => {
  const sessionInput = (overrides: Record<string, unknown> = {}) =>
    sessionInputSchema('Europe/Berlin').parse({
      title: 'Sparse arrays',
      kind: 'talk',
      startsAt: '2030-05-04T10:00',
      endsAt: '2030-05-04T11:00',
      room: 'Plenary',
      ...overrides,
    })

  it('links to my agenda through the personal link, which remembers the browser and goes on there', async () => {
    const event = await makeEvent((await makeUser()).id)
    const session = await createSession(event.id, sessionInput())
    await publishSchedule(event.id, 'Org')
    const schema = registrationSchema({ locationKind: 'in_person' }, [])
    const fan = await registerForEvent(event.id, schema.parse({ name: 'Fan', email: 'fan@example.org' }))
    await starSession(fan.registration.id, event.id, session.id)
    await updateSession(
      event.id,
      session.id,
      sessionInput({ startsAt: '2030-05-04T15:00', endsAt: '2030-05-04T16:00' }),
    )
    const { version, changes } = await publishSchedule(event.id, 'Org')
    await emailStarredChanges(event, version, changes)
    const mail = await db
      .selectFrom('email_outbox')
      .select(['text_body', 'html_body'])
      .where('kind', '=', 'schedule-changes')
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow()
    const token = fan.registration.manage_token
    const link = `/r/${token}?redirectTo=${encodeURIComponent(`/events/${event.slug}/my-agenda`)}`
    expect(mail.text_body).toContain(`Your agenda: ${appBaseUrl()}${link}`)
    expect(mail.html_body).toContain(`href="${appBaseUrl()}${link}"`)
    expect(mail.text_body).not.toMatch(/https?:\/\/[^/\s]+\/events\/[^/\s]+\/my-agenda/)

    // A browser that never saw the personal link follows the emailed one.
    const followed = await callRoute(manage.loader, getRequest(link), { token })
    expect(followed.status).toBe(302)
    expect(followed.location).toBe(`/events/${event.slug}/my-agenda`)
    const cookie = followed.headers.get('set-cookie')!.split(';')[0]!
    const agenda = await callRoute(myAgenda.loader, getRequest(followed.location!, cookie), { slug: event.slug })
    expect(agenda.data).toMatchObject({ sessions: [{ title: 'Sparse arrays' }] })
  })

  it('goes on only to this event’s pages', async () => {
    const event = await makeEvent((await makeUser()).id)
    const schema = registrationSchema({ locationKind: 'in_person' }, [])
    const { registration } = await registerForEvent(event.id, schema.parse({ name: 'Fan', email: 'fan@example.org' }))
    const token = registration.manage_token
    for (const target of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/events/another/my-agenda',
      '/admin',
    ]) {
      const answer = await callRoute(
        manage.loader,
        getRequest(`/r/${token}?redirectTo=${encodeURIComponent(target)}`),
        {
          token,
        },
      )
      expect(answer.status, target).toBe(200)
    }
  })
})
