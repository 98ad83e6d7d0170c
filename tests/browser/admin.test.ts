import axe from 'axe-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  expectAccessible,
  expectNoCspViolations,
  launchBrowser,
  logInAsDemoOrganizer,
  openPage,
  screenshot,
} from '../support/browser'

// The organizer's pages on a phone and on a desk, with JavaScript on. The event these tests run the door on is
// one they create (online, organizers approve each registration, happening today so check-in is open); the
// demo's events only serve as the pages to measure, and the one demo note these tests restore is touched by no
// other test.
const baseUrl = inject('baseUrl')
const PHONE = { width: 390, height: 844 }
const DESK = { width: 1280, height: 900 }
const EVENT_TITLE = 'Door Check-in Day'
const NOTES_SESSION = 'Array API standard adoption: status and blockers'

let browser: Browser
let desk: Page
let phone: Page
let eventId: string

/** A UTC date `offset` days from today, as the datetime-local inputs take it. */
const utcDay = (offset: number, time: string) =>
  `${new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)}T${time}`

/** Waits for a page's scripts, so a click is handled by React (the forms work without them too, differently). */
async function loaded(page: Page, url: string) {
  await page.goto(`${baseUrl}${url}`)
  await page.waitForLoadState('networkidle')
}

/**
 * axe on the outbox email page, leaving out the sandboxed frame that shows the email's own HTML: that markup is
 * the email's, not a page's, and @axe-core/playwright waits forever to inject itself into a frame that may not
 * run scripts. So axe-core runs in the page itself, frames off (evaluate is not bound by the page's CSP).
 */
async function expectAccessibleAroundEmail(page: Page) {
  await page.evaluate(axe.source)
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      iframes: false,
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
    })
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  expect(violations, `axe violations on ${page.url()}`).toEqual([])
  expectNoCspViolations(page)
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

beforeAll(async () => {
  browser = await launchBrowser()
  desk = await openPage(browser, { viewport: DESK })
  phone = await openPage(browser, { viewport: PHONE })
  await Promise.all([logInAsDemoOrganizer(desk, '/admin'), logInAsDemoOrganizer(phone, '/admin')])
})
afterAll(async () => {
  await browser?.close()
})

async function register(name: string, email: string) {
  const response = await desk.request.post(`${baseUrl}/api/v1/events/door-check-in-day/registrations`, {
    data: { name, email },
  })
  expect(response.status(), await response.text()).toBe(201)
}

describe('a new event', () => {
  it('fills its web address from the title until the organizer edits the address', async () => {
    await loaded(desk, '/admin/events/new')
    await desk.getByLabel('Title').pressSequentially('Door Check-in Day')
    await expect.poll(() => desk.getByLabel('Web address').inputValue()).toBe('door-check-in-day')
    await desk.getByLabel('Web address').fill('door-day')
    await desk.getByLabel('Title').pressSequentially(' 2026')
    expect(await desk.getByLabel('Web address').inputValue()).toBe('door-day')
    // Emptying the address hands it back to the title.
    await desk.getByLabel('Web address').fill('')
    await desk.getByLabel('Title').fill(EVENT_TITLE)
    await expect.poll(() => desk.getByLabel('Web address').inputValue()).toBe('door-check-in-day')
  })

  it('is created happening today, with approval, so check-in is open', async () => {
    await desk.getByLabel('Status').selectOption('published')
    await desk.getByLabel('Time zone').selectOption('UTC')
    await desk.getByLabel('Starts').fill(utcDay(-1, '09:00'))
    await desk.getByLabel('Ends').fill(utcDay(1, '18:00'))
    await desk.getByLabel('Registration closes').fill(utcDay(1, '12:00'))
    await desk.getByLabel('Format').selectOption('online')
    await desk.getByLabel('Online meeting link').fill('https://meet.example.org/door')
    await desk.getByLabel('Organizers approve each registration').check()
    await desk.getByRole('button', { name: 'Create event' }).click()
    await desk.waitForURL(/\/admin\/events\/\d+\?saved=created$/)
    eventId = new URL(desk.url()).pathname.split('/')[3]!
    await register('Beatrix Quill', 'beatrix.quill@example.org')
    await register('Cornelius Fenwick', 'c.fenwick@door.example.net')
    await register('Dorothea Marsh', 'dorothea.marsh@example.org')
  })
})

describe('registrations', () => {
  it('approves two pending registrations at once, each emailed', async () => {
    await loaded(desk, `/admin/events/${eventId}/registrations`)
    await desk.getByRole('checkbox', { name: 'Select Beatrix Quill' }).check()
    await desk.getByRole('checkbox', { name: 'Select Cornelius Fenwick' }).check()
    await desk.getByRole('button', { name: 'Approve selected' }).click()
    await expect
      .poll(() => desk.getByRole('status').textContent())
      .toBe('Approved and confirmed: Beatrix Quill, Cornelius Fenwick. Each was emailed.')
    const rows = desk.getByRole('row')
    expect(await rows.filter({ hasText: 'Beatrix Quill' }).getByText('Confirmed', { exact: true }).count()).toBe(1)
    expect(await rows.filter({ hasText: 'Cornelius Fenwick' }).getByText('Confirmed', { exact: true }).count()).toBe(1)
    expect(
      await rows.filter({ hasText: 'Dorothea Marsh' }).getByText('Pending approval', { exact: true }).count(),
    ).toBe(1)

    await loaded(desk, '/admin/outbox')
    const approved = desk.getByRole('row').filter({ hasText: 'approved' })
    expect(await approved.filter({ hasText: 'beatrix.quill@example.org' }).count()).toBe(1)
    expect(await approved.filter({ hasText: 'c.fenwick@door.example.net' }).count()).toBe(1)
  })

  it('refuses a bulk decision with nothing ticked, by a message, not an error page', async () => {
    await loaded(desk, `/admin/events/${eventId}/registrations`)
    await desk.getByRole('button', { name: 'Decline selected' }).click()
    await expect.poll(() => desk.getByRole('status').textContent()).toBe('Tick the registrations to decide on')
    expect(
      await desk
        .getByRole('row')
        .filter({ hasText: 'Dorothea Marsh' })
        .getByText('Pending approval', { exact: true })
        .count(),
    ).toBe(1)
  })

  it('checks someone in at the door on a phone: three letters, one tap', async () => {
    await loaded(phone, `/admin/events/${eventId}/registrations`)
    await phone.getByRole('searchbox', { name: 'Search' }).pressSequentially('bea')
    await phone.waitForURL(/q=bea/)
    const rows = phone.getByRole('row').filter({ has: phone.getByRole('rowheader') })
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().getByRole('rowheader').textContent()).toContain('Beatrix Quill')
    const checkIn = phone.getByRole('button', { name: 'Check in Beatrix Quill' })
    const box = (await checkIn.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
    expect(box.height).toBeGreaterThanOrEqual(44)
    await checkIn.click()
    await expect.poll(() => phone.getByRole('status').textContent()).toBe('Checked in.')
    await expect
      .poll(() => phone.getByRole('button', { name: '✓ Checked in Beatrix Quill' }).getAttribute('aria-pressed'))
      .toBe('true')
    // The search is still there: the next person is three letters away.
    expect(await phone.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('bea')
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(phone, 'admin-registrations-390')
    await expectAccessible(phone)
  })

  it('finds a registration by part of an email', async () => {
    const search = phone.getByRole('searchbox', { name: 'Search' })
    await search.fill('')
    await search.pressSequentially('fenwick@door')
    await phone.waitForURL(/q=fenwick%40door/)
    const rows = phone.getByRole('row').filter({ has: phone.getByRole('rowheader') })
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Cornelius Fenwick')])
  })

  it('after "Move or cancel" closes the panel, empties the reason and keeps the status filter', async () => {
    await loaded(desk, `/admin/events/${eventId}/registrations`)
    await desk.getByLabel('Status', { exact: true }).selectOption('confirmed')
    await desk.waitForURL(/status=confirmed/)
    const row = desk.getByRole('row').filter({ hasText: 'Cornelius Fenwick' })
    await row.getByText('Move or cancel').click()
    await row.getByLabel('New status').selectOption('declined')
    await row.getByLabel('Reason (sent to them)').fill('Registered twice')
    await row.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => desk.getByRole('status').textContent()).toBe('Cornelius Fenwick: Declined.')
    expect(await desk.getByLabel('Status', { exact: true }).inputValue()).toBe('confirmed')
    expect(new URL(desk.url()).searchParams.get('status')).toBe('confirmed')
    await expect.poll(() => desk.getByRole('row').filter({ hasText: 'Cornelius Fenwick' }).count()).toBe(0)

    await desk.getByLabel('Status', { exact: true }).selectOption('')
    await desk.waitForURL((url) => url.searchParams.get('status') === '')
    const beatrix = desk.getByRole('row').filter({ hasText: 'Beatrix Quill' })
    await beatrix.getByText('Move or cancel').click()
    await beatrix.getByLabel('New status').selectOption('cancelled')
    await beatrix.getByLabel('Reason (sent to them)').fill('Cannot come after all')
    await beatrix.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => desk.getByRole('status').textContent()).toMatch(/^Beatrix Quill: Cancelled\./)
    expect(await desk.getByLabel('Status', { exact: true }).inputValue()).toBe('')
    await expect.poll(() => beatrix.getByLabel('Reason (sent to them)').isVisible()).toBe(false)
    await beatrix.getByText('Move or cancel').click()
    expect(await beatrix.getByLabel('Reason (sent to them)').inputValue()).toBe('')
    expect(await beatrix.getByLabel('New status').inputValue()).toBe('')
  })
})

describe('the agenda', () => {
  async function addSession(title: string, start: string, end: string, room: string) {
    await loaded(desk, `/admin/events/${eventId}/sessions/new`)
    await desk.getByLabel('Title').fill(title)
    await desk.getByLabel('Starts').fill(utcDay(0, start))
    await desk.getByLabel('Ends').fill(utcDay(0, end))
    await desk.getByLabel('Room').fill(room)
    await desk.getByRole('button', { name: 'Add session' }).click()
    await desk.waitForURL(/\/sessions$/)
  }

  it('asks before deleting a session, and "Keep" keeps it', async () => {
    await addSession('Doors open', '09:00', '10:00', 'Hall A')
    await addSession('Badge pickup', '09:30', '10:30', 'Hall A')
    await addSession('Scratch session', '11:00', '12:00', 'Room B')
    await desk.getByRole('link', { name: 'Scratch session' }).click()
    await desk.waitForURL(/\/sessions\/\d+$/)
    await desk.waitForLoadState('networkidle')
    const editor = desk.url()
    await desk.getByText('Delete session', { exact: true }).click()
    await expect.poll(() => desk.getByText('Delete “Scratch session” for good?').isVisible()).toBe(true)
    await desk.getByRole('button', { name: 'Keep' }).click()
    await expect.poll(() => desk.getByText('Delete “Scratch session” for good?').isVisible()).toBe(false)
    expect(desk.url()).toBe(editor)
    await loaded(desk, new URL(editor).pathname)
    expect(await desk.getByLabel('Title').inputValue()).toBe('Scratch session')

    await desk.getByText('Delete session', { exact: true }).click()
    await desk.getByRole('button', { name: 'Delete', exact: true }).click()
    await desk.waitForURL(/\/sessions$/)
    await expect.poll(() => desk.getByRole('link', { name: 'Doors open' }).count()).toBe(1)
    expect(await desk.getByRole('link', { name: 'Scratch session' }).count()).toBe(0)
  })

  it('publishing with a conflict shows it and demands "Publish anyway"', async () => {
    await desk.getByRole('button', { name: 'Publish changes' }).click()
    const ask = desk.getByRole('alert')
    await expect.poll(() => ask.getByRole('heading').textContent()).toBe('Publish with 1 conflict?')
    expect(await ask.textContent()).toContain('“Doors open” and “Badge pickup” are both in Hall A at the same time.')
    expect(await desk.getByText('The agenda is not published yet.').count()).toBe(1)
    await expectAccessible(desk)
    await ask.getByRole('button', { name: 'Publish anyway' }).click()
    await expect.poll(() => desk.getByRole('status').textContent()).toBe('Version 1 published with 2 changes.')
    expect(await desk.getByRole('button', { name: 'Publish anyway' }).count()).toBe(0)
  })
})

describe('the notes history', () => {
  it('asks before restoring a revision', async () => {
    await loaded(desk, '/admin')
    await desk.getByRole('link', { name: 'API Dispatching Developer Summit', exact: true }).click()
    await desk.getByRole('link', { name: 'Agenda' }).click()
    const href = await desk.getByRole('link', { name: NOTES_SESSION }).getAttribute('href')
    const sessionId = href!.split('/').pop()
    await loaded(phone, `/events/api-dispatching-summit/sessions/${sessionId}/notes/history`)
    const revisions = phone.getByRole('table').first()
    const before = await revisions.getByRole('rowheader').count()
    await phone.getByText('Restore revision 1', { exact: true }).first().click()
    await expect.poll(() => phone.getByText('Make revision 1 the current text?').isVisible()).toBe(true)
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width)
    await expectAccessible(phone)
    await phone.getByRole('button', { name: 'Keep revision 1' }).click()
    await expect.poll(() => phone.getByText('Make revision 1 the current text?').isVisible()).toBe(false)
    expect(await revisions.getByRole('rowheader').count()).toBe(before)

    await phone.getByText('Restore revision 1', { exact: true }).first().click()
    await phone.getByRole('button', { name: 'Restore revision 1' }).click()
    await expect
      .poll(() => phone.getByRole('status').textContent())
      .toBe(`Revision 1 restored as revision ${before + 1}.`)
  })
})

describe('every organizer page on a 390 px phone, light and dark', () => {
  type Ids = { summit: string; past: string; door: string; session: string; notesHistory: string; email: string }
  let ids: Ids

  /** The ids in the organizer's pages' addresses, found from the admin home as an organizer would. */
  beforeAll(async () => {
    await loaded(desk, '/admin')
    const hrefOf = async (title: string) =>
      (await desk.getByRole('link', { name: title, exact: true }).getAttribute('href'))!
    const summit = await hrefOf('Domain Stacks Summit')
    const past = await hrefOf('API Dispatching Developer Summit')
    await loaded(desk, `${past}/sessions`)
    const session = (await desk.getByRole('link', { name: NOTES_SESSION }).getAttribute('href'))!
    await loaded(desk, '/admin/outbox')
    const email = (await desk.locator('a[href^="/admin/outbox/"]').first().getAttribute('href'))!
    const notesHistory = `/events/api-dispatching-summit/sessions/${session.split('/').pop()}/notes/history`
    ids = { summit, past, door: `/admin/events/${eventId}`, session, notesHistory, email }
  })

  const PAGES: [string, (ids: Ids) => string][] = [
    ['admin home', () => '/admin'],
    ['new event', () => '/admin/events/new'],
    ['event overview', (i) => i.summit],
    ['organizers', (i) => `${i.summit}/organizers`],
    ['questions', (i) => `${i.summit}/questions`],
    ['registrations', (i) => `${i.summit}/registrations`],
    ['registrations, filtered', (i) => `${i.summit}/registrations?status=waitlisted`],
    ['registrations with check-in and pending ones', (i) => `${i.door}/registrations`],
    ['sessions', (i) => `${i.summit}/sessions`],
    ['sessions of a past event', (i) => `${i.past}/sessions`],
    ['sessions with a conflict', (i) => `${i.door}/sessions`],
    ['new session', (i) => `${i.summit}/sessions/new`],
    ['session editor', (i) => i.session],
    ['recordings', (i) => `${i.past}/recordings`],
    ['recordings, none yet', (i) => `${i.summit}/recordings`],
    ['outbox', () => '/admin/outbox'],
    ['outbox email', (i) => i.email],
    ['notes history', (i) => i.notesHistory],
    ['notes history comparing', (i) => `${i.notesHistory}?from=1&to=2`],
  ]

  it('the CSV export behind the registrations page link is a file, not a page', async () => {
    await loaded(desk, `/admin/events/${eventId}/registrations`)
    const href = await desk.getByRole('link', { name: 'Export CSV' }).getAttribute('href')
    const response = await desk.request.get(`${baseUrl}${href}`)
    expect(response.headers()['content-type']).toMatch(/^text\/csv/)
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`${colorScheme} scheme`, () => {
      let scheme: Page
      beforeAll(async () => {
        scheme = await openPage(browser, { viewport: PHONE, colorScheme })
        await scheme.context().addCookies(await desk.context().cookies())
      })
      afterAll(async () => {
        await scheme.context().close()
      })
      for (const [name, path] of PAGES) {
        it(`${name}: fits 390 px, axe finds nothing`, async () => {
          const url = path(ids)
          await loaded(scheme, url)
          expect(new URL(scheme.url()).pathname).toBe(new URL(url, baseUrl).pathname)
          expect(await pageWidth(scheme)).toBeLessThanOrEqual(PHONE.width)
          await (url === ids.email ? expectAccessibleAroundEmail(scheme) : expectAccessible(scheme))
        })
      }
    })
  }

  it('the admin home shows each event’s numbers at 1280 px', async () => {
    await loaded(desk, '/admin')
    const door = desk.getByRole('article', { name: EVENT_TITLE })
    const numbers = door.getByRole('list', { name: `Numbers for ${EVENT_TITLE}` })
    // Beatrix cancelled, Cornelius declined, Dorothea pending; two sessions in one room at once, all published.
    expect(await numbers.getByRole('listitem').allTextContents()).toEqual([
      '0 confirmed',
      '0 waiting',
      '1 pending',
      '2 sessions',
      '1 conflict',
      '0 unpublished changes',
    ])
    const summit = desk.getByRole('list', { name: 'Numbers for Domain Stacks Summit' })
    expect(await summit.getByRole('listitem').first().textContent()).toMatch(/^\d+ confirmed of 30$/)
    await screenshot(desk, 'admin-home')
    await expectAccessible(desk)
    await loaded(phone, '/admin')
    await screenshot(phone, 'admin-home-390')
  })
})
