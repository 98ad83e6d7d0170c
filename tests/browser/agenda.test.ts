import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  // A visitor far from Berkeley, so the zone switch has something to switch.
  page = await openPage(browser, { timezoneId: 'Europe/Berlin' })
})
afterAll(async () => {
  await browser?.close()
})

describe('the agenda of a past summit', () => {
  it('lists sessions by day in the event zone, with the cancelled one marked', async () => {
    await page.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Agenda')
    const welcome = page.locator('.session-card').filter({ hasText: 'Welcome and goals for the summit' })
    expect(await welcome.locator('.session-card__time').textContent()).toContain('09:00–09:30')
    expect(await page.locator('.session-card--cancelled').count()).toBe(1)
    await expectAccessible(page)
  })

  it('switches to the viewer’s zone and remembers it', async () => {
    await page.getByLabel(/Your time \(Europe\/Berlin\)/).check()
    const welcome = page.locator('.session-card').filter({ hasText: 'Welcome and goals for the summit' })
    // 09:00 in Berkeley (PDT, UTC−7) is 18:00 in Berlin (CEST, UTC+2).
    await expect.poll(() => welcome.locator('.session-card__time').textContent()).toContain('18:00–18:30')
    await page.reload()
    await expect.poll(() => welcome.locator('.session-card__time').textContent()).toContain('18:00–18:30')
    await page.getByLabel(/Event time/).check()
    await expect.poll(() => welcome.locator('.session-card__time').textContent()).toContain('09:00–09:30')
  })

  it('shows the room grid as a table with row and column headers', async () => {
    await page.getByRole('button', { name: 'Grid by room' }).click()
    const grid = page.getByRole('table').first()
    await expect
      .poll(() => grid.getByRole('columnheader').allTextContents())
      .toEqual(expect.arrayContaining(['Starts', 'Plenary', 'Room 190']))
    expect(await grid.getByRole('rowheader').first().textContent()).toBe('09:00')
    await screenshot(page, 'agenda-grid')
    await expectAccessible(page)
  })

  it('has session and changes pages', async () => {
    await page.getByRole('link', { name: 'Welcome and goals for the summit' }).first().click()
    await page.waitForURL(/\/sessions\/\d+$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Welcome and goals for the summit')
    await expectAccessible(page)
    await page.goto(`${baseUrl}/events/api-dispatching-summit/changes`)
    await expect.poll(() => page.locator('.changelog > li').count()).toBe(2)
    expect(await page.locator('main').textContent()).toMatch(/Moved “.+” from .+ to .+/)
    await expectAccessible(page)
  })
})

describe('a personal agenda', () => {
  it('the organizer publishes the upcoming agenda; an attendee stars a session and finds it in my agenda', async () => {
    const organizer = await openPage(browser)
    await logInAsDemoOrganizer(organizer, '/admin')
    await organizer.getByRole('link', { name: 'Domain Stacks Summit' }).click()
    await organizer.getByRole('link', { name: 'Agenda' }).click()
    await organizer.waitForURL(/\/sessions$/)
    await expectAccessible(organizer)
    await organizer.getByRole('button', { name: 'Publish changes' }).click()
    await expect.poll(() => organizer.getByText(/Version \d+ published/).count()).toBe(1)
    await organizer.close()

    const attendee = await openPage(browser)
    await attendee.goto(`${baseUrl}/events/domain-stacks-summit/register`)
    await attendee.getByLabel('Name', { exact: true }).fill('Agenda Alma')
    await attendee.getByLabel('Email').fill('alma@example.org')
    // In person: the room is full, so Alma waits, and leaves the last remote seat to the registration tests.
    await attendee.getByRole('radio', { name: 'In person' }).check()
    await attendee.getByRole('radio', { name: 'Astronomy' }).check()
    await attendee.getByRole('button', { name: /Register|Join the waiting list/ }).click()
    await attendee.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
    await attendee.getByRole('link', { name: 'Agenda', exact: true }).click()
    await attendee.waitForURL(/\/agenda$/)
    await attendee.getByRole('button', { name: 'Star Cross-project CI for stacks' }).click()
    await expect
      .poll(() => attendee.getByRole('button', { name: 'Starred Cross-project CI for stacks' }).count())
      .toBe(1)
    await expectAccessible(attendee)
    await attendee.getByRole('link', { name: /My agenda/ }).click()
    await attendee.waitForURL(/\/my-agenda$/)
    await expect
      .poll(() => attendee.locator('.session-card__title').allTextContents())
      .toEqual(['Cross-project CI for stacks'])
    await screenshot(attendee, 'my-agenda')
    await expectAccessible(attendee)
    await attendee.close()
  })
})
