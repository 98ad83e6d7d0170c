import { beforeAll, describe, expect, it } from 'vitest'
import * as register from '~/routes/events.$slug.register'
import * as manage from '~/routes/r.$token/route'
import * as participants from '~/routes/events.$slug.participants'
import * as adminRegistrations from '~/routes/admin.events.$id.registrations/route'
import * as adminCsv from '~/routes/admin.events.$id.registrations[.csv]'
import * as adminQuestions from '~/routes/admin.events.$id.questions'
import * as registrationsApi from '~/routes/api.v1.events.$slug.registrations'
import * as eventApi from '~/routes/api.v1.events.$slug'
import { createApiToken } from '~/models/users/api-token.server'
import { createQuestion } from '~/models/registration/questions.server'
import { getRegistrationByEmail, getRegistrationByToken } from '~/models/registration/registrations.server'
import type { Event } from '#db/schema'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, jsonRequest, sessionCookieFor } from '../support/routes'

let organizer: PublicUser
let event: Event
let questionId: number
let organizerCookie: string
let otherCookie: string
let organizerToken: string
let otherToken: string

beforeAll(async () => {
  organizer = await makeUser()
  const other = await makeUser()
  organizerCookie = await sessionCookieFor(organizer.id)
  otherCookie = await sessionCookieFor(other.id)
  organizerToken = await createApiToken(organizer.id, 'test')
  otherToken = await createApiToken(other.id, 'test')
  event = await makeEvent(organizer.id, { capacity: 2, locationKind: 'hybrid', venueName: 'Hall' })
  questionId = (
    await createQuestion(event.id, { label: 'Dinner?', kind: 'single_choice', options: ['Yes', 'No'], required: true })
  ).id
})

let n = 0
const ip = () => ({ 'x-convene-remote-address': `198.51.100.${(n += 1)}` })
const form = (overrides: Record<string, string> = {}) => ({
  name: 'Ada Lovelace',
  email: `ada${(n += 1)}@example.org`,
  affiliations: 'NumPy',
  attendanceMode: 'in_person',
  website: '',
  [`answers.q${questionId}`]: 'Yes',
  ...overrides,
})

describe('registering through the form', () => {
  it('confirms and redirects to the personal manage link', async () => {
    const fields = form()
    const result = await callRoute(
      register.action,
      await formRequest(`/events/${event.slug}/register`, fields, { headers: ip() }),
      {
        slug: event.slug,
      },
    )
    expect(result.status).toBe(302)
    const token = /\/r\/([\w-]+)\?welcome=1$/.exec(result.location ?? '')?.[1]
    expect(token?.length).toBeGreaterThanOrEqual(22) // ≥ 128 bits in base64url
    const managed = await getRegistrationByToken(token!)
    expect(managed?.registration.status).toBe('confirmed')
    expect(managed?.registration.answers).toEqual({ [`q${questionId}`]: 'Yes' })
  })

  it('shows field messages with 400 and stores nothing', async () => {
    const result = await callRoute(
      register.action,
      await formRequest(
        `/events/${event.slug}/register`,
        form({ name: '', email: 'not-an-email', attendanceMode: 'on-the-moon', [`answers.q${questionId}`]: 'Maybe' }),
        { headers: ip() },
      ),
      { slug: event.slug },
    )
    expect(result.status).toBe(400)
    const errors = (result.data as { result: { error: Record<string, string[]> } }).result.error
    expect(errors.name).toEqual(['Enter your name'])
    expect(errors.email?.[0]).toMatch(/valid email/)
    expect(errors.attendanceMode?.[0]).toMatch(/in person or remote/)
    expect(errors[`answers.q${questionId}`]?.[0]).toMatch(/Choose one of the options/)
    expect(await getRegistrationByEmail(event.id, 'not-an-email')).toBeUndefined()
  })

  it('refuses oversized text', async () => {
    const result = await callRoute(
      register.action,
      await formRequest(`/events/${event.slug}/register`, form({ accessibilityNeeds: 'x'.repeat(5000) }), {
        headers: ip(),
      }),
      { slug: event.slug },
    )
    expect(result.status).toBe(400)
  })

  it('a repeated email says so without revealing the manage link', async () => {
    const fields = form()
    await callRoute(register.action, await formRequest(`/events/${event.slug}/register`, fields, { headers: ip() }), {
      slug: event.slug,
    })
    const again = await callRoute(
      register.action,
      await formRequest(
        `/events/${event.slug}/register`,
        { ...fields, email: fields.email!.toUpperCase() },
        { headers: ip() },
      ),
      {
        slug: event.slug,
      },
    )
    expect(again.status).toBe(200)
    expect(again.data).toMatchObject({ already: true })
    const existing = await getRegistrationByEmail(event.id, fields.email!)
    expect(JSON.stringify(again.data)).not.toContain(existing!.manage_token)
  })

  it('catches the honeypot and rate-limits one address', async () => {
    const spam = await callRoute(
      register.action,
      await formRequest(`/events/${event.slug}/register`, form({ website: 'http://spam.example' }), { headers: ip() }),
      {
        slug: event.slug,
      },
    )
    expect(spam.status).toBe(400)
    const headers = { 'x-convene-remote-address': '203.0.113.99' }
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) {
      const r = await callRoute(
        register.action,
        await formRequest(`/events/${event.slug}/register`, form({ name: '' }), { headers }),
        { slug: event.slug },
      )
      statuses.push(r.status)
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true)
    expect(statuses[30]).toBe(429)
  })
})

describe('the manage link', () => {
  it('shows the status and lets the attendee change details and cancel, promoting the next person', async () => {
    const full = await makeEvent(organizer.id, { capacity: 1, locationKind: 'online' })
    const first = await callRoute(
      register.action,
      await formRequest(`/events/${full.slug}/register`, form({ email: 'first@example.org' }), { headers: ip() }),
      { slug: full.slug },
    )
    const second = await callRoute(
      register.action,
      await formRequest(`/events/${full.slug}/register`, form({ email: 'second@example.org' }), { headers: ip() }),
      { slug: full.slug },
    )
    const firstToken = /\/r\/([\w-]+)/.exec(first.location!)![1]!
    const secondToken = /\/r\/([\w-]+)/.exec(second.location!)![1]!

    const view = await callRoute(manage.loader, getRequest(`/r/${secondToken}`), { token: secondToken })
    expect(view.data).toMatchObject({
      registration: { status: 'waitlisted', position: 1 },
      event: { meetingUrl: null },
    })

    const changed = await callRoute(
      manage.action,
      await formRequest(`/r/${firstToken}`, { intent: 'update', name: 'Ada King', affiliations: 'SciPy' }),
      { token: firstToken },
    )
    expect(changed.status).toBe(200)
    expect((await getRegistrationByToken(firstToken))?.registration.name).toBe('Ada King')

    const unconfirmed = await callRoute(manage.action, await formRequest(`/r/${firstToken}`, { intent: 'cancel' }), {
      token: firstToken,
    })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data).toMatchObject({ message: 'Tick the box to confirm that you give up your place.' })
    const cancelled = await callRoute(
      manage.action,
      await formRequest(`/r/${firstToken}`, { intent: 'cancel', confirm: 'yes' }),
      { token: firstToken },
    )
    expect(cancelled.status).toBe(200)
    expect((await getRegistrationByToken(firstToken))?.registration.status).toBe('cancelled')
    expect((await getRegistrationByToken(secondToken))?.registration.status).toBe('confirmed')
    const promoted = await db
      .selectFrom('email_outbox')
      .select('kind')
      .where('to_address', '=', 'second@example.org')
      .execute()
    expect(promoted.map((e) => e.kind)).toEqual(['waitlisted', 'promoted'])
  })

  it('404 for an unknown or malformed token', async () => {
    for (const token of ['x'.repeat(32), '../etc', '']) {
      expect((await callRoute(manage.loader, getRequest(`/r/${token}`), { token })).status).toBe(404)
      expect(
        (
          await callRoute(manage.action, await formRequest(`/r/${token}`, { intent: 'cancel', confirm: 'yes' }), {
            token,
          })
        ).status,
      ).toBe(404)
    }
  })
})

describe('organizer registration pages', () => {
  const params = () => ({ id: String(event.id) })
  type Route = Parameters<typeof callRoute>[0]
  const pages = (): { name: string; loader: Route; action: Route | null }[] => [
    { name: 'registrations', loader: adminRegistrations.loader, action: adminRegistrations.action },
    { name: 'csv', loader: adminCsv.loader, action: null },
    { name: 'questions', loader: adminQuestions.loader, action: adminQuestions.action },
  ]

  it('refuse anonymous users and organizers of other events, in loaders and actions', async () => {
    for (const page of pages()) {
      const url = `/admin/events/${event.id}/${page.name}`
      expect((await callRoute(page.loader, getRequest(url), params())).status, page.name).toBe(302)
      expect((await callRoute(page.loader, getRequest(url, otherCookie), params())).status, page.name).toBe(403)
      expect((await callRoute(page.loader, getRequest(url, organizerCookie), params())).status, page.name).toBe(200)
      if (page.action) {
        expect((await callRoute(page.action, await formRequest(url, { intent: 'status' }), params())).status).toBe(302)
        expect(
          (
            await callRoute(
              page.action,
              await formRequest(url, { intent: 'status' }, { cookie: otherCookie }),
              params(),
            )
          ).status,
        ).toBe(403)
      }
    }
  })

  it('exports CSV with one column per question, UTF-8', async () => {
    const result = await callRoute(
      adminCsv.loader,
      getRequest(`/admin/events/${event.id}/registrations.csv`, organizerCookie),
      params(),
    )
    expect(result.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const text = String(result.data)
    const [header, firstRow] = text.replace(/^\uFEFF/, '').split('\n')
    expect(header).toBe(
      'Name,Email,Status,Waiting list position,Attendance,Projects,Role,Accessibility needs,Dietary needs,Listed publicly,Registered at (UTC),Checked in at (UTC),Dinner?',
    )
    expect(firstRow).toMatch(/^Ada Lovelace,ada\d+@example.org,confirmed,,in person,NumPy,/)
    expect(firstRow).toMatch(/,Yes$/)
  })

  it('moves a registration with a reason, refusing to overfill', async () => {
    // The event has two seats, both taken by now: this one waits.
    await callRoute(register.action, await formRequest(`/events/${event.slug}/register`, form(), { headers: ip() }), {
      slug: event.slug,
    })
    const rows = await db
      .selectFrom('registrations')
      .select(['id', 'status'])
      .where('event_id', '=', event.id)
      .execute()
    const waiting = rows.find((r) => r.status === 'waitlisted')!
    const url = `/admin/events/${event.id}/registrations`
    const refused = await callRoute(
      adminRegistrations.action,
      await formRequest(
        url,
        { intent: 'status', registrationId: waiting.id, to: 'confirmed' },
        { cookie: organizerCookie },
      ),
      params(),
    )
    expect(refused.status).toBe(409)
    expect(refused.data).toMatchObject({ ok: false, message: 'No seat is free. Raise the capacity first.' })
    const confirmed = rows.find((r) => r.status === 'confirmed')!
    const cancelled = await callRoute(
      adminRegistrations.action,
      await formRequest(
        url,
        {
          intent: 'status',
          registrationId: confirmed.id,
          to: 'cancelled',
          reason: 'Duplicate of another registration',
        },
        { cookie: organizerCookie },
      ),
      params(),
    )
    expect(cancelled.status).toBe(200)
    expect(cancelled.data).toMatchObject({
      ok: true,
      message: expect.stringContaining('1 from the waiting list confirmed'),
    })
  })

  it("shows each registration's status history on the organizer's page", async () => {
    const small = await makeEvent(organizer.id, { capacity: 1, locationKind: 'online' })
    const signUp = async (email: string) =>
      callRoute(
        register.action,
        await formRequest(`/events/${small.slug}/register`, form({ email }), { headers: ip() }),
        { slug: small.slug },
      )
    await signUp('seated@example.org')
    await signUp('next@example.org')
    const url = `/admin/events/${small.id}/registrations`
    const id = { id: String(small.id) }
    type Row = { email: string; history: { from: string | null; to: string; by: string; reason: string | null }[] }
    const rowsOf = async () =>
      ((await callRoute(adminRegistrations.loader, getRequest(url, organizerCookie), id)).data as { rows: Row[] }).rows
    const seated = (await rowsOf()).find((r) => r.email === 'seated@example.org')!
    expect(seated.history).toEqual([
      {
        from: null,
        to: 'confirmed',
        by: 'by the attendee',
        reason: null,
        at: expect.any(String),
        atIso: expect.any(String),
      },
    ])

    const seatedId = (await getRegistrationByEmail(small.id, 'seated@example.org'))!.id
    const moved = await callRoute(
      adminRegistrations.action,
      await formRequest(
        url,
        { intent: 'status', registrationId: seatedId, to: 'cancelled', reason: 'Asked us by phone' },
        { cookie: organizerCookie },
      ),
      id,
    )
    expect(moved.status).toBe(200)

    const rows = await rowsOf()
    expect(rows.find((r) => r.email === 'seated@example.org')!.history.slice(1)).toEqual([
      expect.objectContaining({
        from: 'confirmed',
        to: 'cancelled',
        by: `by ${organizer.name}`,
        reason: 'Asked us by phone',
      }),
    ])
    expect(rows.find((r) => r.email === 'next@example.org')!.history).toEqual([
      expect.objectContaining({ from: null, to: 'waitlisted', by: 'by the attendee' }),
      expect.objectContaining({
        from: 'waitlisted',
        to: 'confirmed',
        by: 'automatically',
        reason: 'A place opened up',
      }),
    ])
  })

  it('adds a custom question with validated choices', async () => {
    const url = `/admin/events/${event.id}/questions`
    const bad = await callRoute(
      adminQuestions.action,
      await formRequest(
        url,
        { intent: 'create', label: 'Pick one', kind: 'single_choice', options: 'Only' },
        { cookie: organizerCookie },
      ),
      params(),
    )
    expect(bad.status).toBe(400)
    const ok = await callRoute(
      adminQuestions.action,
      await formRequest(
        url,
        { intent: 'create', label: 'T-shirt size', kind: 'single_choice', options: 'S\nM\nL' },
        { cookie: organizerCookie },
      ),
      params(),
    )
    expect(ok.status).toBe(200)
    const list = await callRoute(adminQuestions.loader, getRequest(url, organizerCookie), params())
    expect((list.data as { questions: { label: string; options: string[] }[] }).questions.at(-1)).toMatchObject({
      label: 'T-shirt size',
      options: ['S', 'M', 'L'],
    })
  })
})

describe('public participant list', () => {
  it('shows no email and no one who did not consent', async () => {
    const listed = await makeEvent(organizer.id, { capacity: 10 })
    await callRoute(
      register.action,
      await formRequest(
        `/events/${listed.slug}/register`,
        form({ name: 'Visible Person', email: 'visible@example.org', publicListing: 'on' }),
        { headers: ip() },
      ),
      { slug: listed.slug },
    )
    await callRoute(
      register.action,
      await formRequest(
        `/events/${listed.slug}/register`,
        form({ name: 'Private Person', email: 'private@example.org' }),
        { headers: ip() },
      ),
      { slug: listed.slug },
    )
    const result = await callRoute(participants.loader, getRequest(`/events/${listed.slug}/participants`), {
      slug: listed.slug,
    })
    const text = JSON.stringify(result.data)
    expect(text).toContain('Visible Person')
    expect(text).not.toContain('Private Person')
    expect(text).not.toContain('@')
  })
})

describe('registration API', () => {
  it('201 with status and manage URL; 200 with the status for a repeated email; counts on the event', async () => {
    const apiEvent = await makeEvent(organizer.id, { capacity: 1, locationKind: 'online' })
    const url = `/api/v1/events/${apiEvent.slug}/registrations`
    const body = { name: 'Grace Hopper', email: 'grace@example.org', affiliations: ['SciPy'], publicListing: true }
    const created = await callRoute(registrationsApi.action, jsonRequest(url, 'POST', body), { slug: apiEvent.slug })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({ status: 'confirmed', manageUrl: expect.stringMatching(/\/r\/[\w-]{22,}$/) })
    const again = await callRoute(
      registrationsApi.action,
      jsonRequest(url, 'POST', { ...body, email: 'GRACE@example.org' }),
      { slug: apiEvent.slug },
    )
    expect(again.status).toBe(200)
    expect(again.data).toEqual({ status: 'confirmed', alreadyRegistered: true })
    const waiting = await callRoute(
      registrationsApi.action,
      jsonRequest(url, 'POST', { ...body, email: 'late@example.org' }),
      { slug: apiEvent.slug },
    )
    expect(waiting.data).toMatchObject({ status: 'waitlisted', position: 1 })

    const summary = await callRoute(eventApi.loader, getRequest(`/api/v1/events/${apiEvent.slug}`), {
      slug: apiEvent.slug,
    })
    expect(summary.data).toMatchObject({
      registration: { capacity: 1, confirmed: 1, waitlisted: 1, pending: 0, open: true },
    })
  })

  it('400 with issues for wrong types, 409 when closed, 404 for unknown events', async () => {
    const url = `/api/v1/events/${event.slug}/registrations`
    const bad = await callRoute(
      registrationsApi.action,
      jsonRequest(url, 'POST', {
        name: 42,
        email: ['x'],
        publicListing: 'yes',
        answers: { [`q${questionId}`]: 'Perhaps' },
      }),
      { slug: event.slug },
    )
    expect(bad.status).toBe(400)
    const paths = (bad.data as { issues: { path: (string | number)[] }[] }).issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'email', 'publicListing', `answers.q${questionId}`, 'attendanceMode']),
    )

    const closed = await makeEvent(organizer.id, {
      registrationClosesAt: '2020-01-01T00:00',
      startsAt: '2030-01-01T09:00',
      endsAt: '2030-01-02T09:00',
    })
    const refused = await callRoute(
      registrationsApi.action,
      jsonRequest(`/api/v1/events/${closed.slug}/registrations`, 'POST', { name: 'X', email: 'x@example.org' }),
      { slug: closed.slug },
    )
    expect(refused.status).toBe(409)
    expect(
      (
        await callRoute(registrationsApi.action, jsonRequest('/api/v1/events/nope/registrations', 'POST', {}), {
          slug: 'nope',
        })
      ).status,
    ).toBe(404)
  })

  it('lists registrations for the organizer token only', async () => {
    const url = `/api/v1/events/${event.slug}/registrations`
    expect((await callRoute(registrationsApi.loader, getRequest(url), { slug: event.slug })).status).toBe(401)
    expect(
      (await callRoute(registrationsApi.loader, jsonRequest(url, 'GET', undefined, otherToken), { slug: event.slug }))
        .status,
    ).toBe(403)
    const ok = await callRoute(
      registrationsApi.loader,
      new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${organizerToken}` } }),
      { slug: event.slug },
    )
    expect(ok.status).toBe(200)
    const list = (ok.data as { registrations: { email: string; status: string }[] }).registrations
    expect(list.length).toBeGreaterThan(1)
    expect(list[0]).toMatchObject({ email: expect.stringContaining('@'), status: expect.any(String) })
  })
})
