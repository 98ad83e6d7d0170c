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
    // Its room and track are both "Plenary": said once.
    expect(await welcome.locator('.session-card__meta').textContent()).toBe('Talk · Plenary')
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

  it('draws the room grid to scale, its room header staying in view while the page scrolls', async () => {
    await page.getByRole('button', { name: 'Grid by room' }).click()
    const slot = (title: string) => page.locator('.timetable__slot').filter({ hasText: title })
    await expect.poll(() => slot('Welcome and goals for the summit').count()).toBe(1)
    // 09:00–09:30 and 11:00–12:30 in the Plenary: one is three times as tall as the other.
    const short = await slot('Welcome and goals for the summit').boundingBox()
    const long = await slot('Array API standard adoption').boundingBox()
    expect(long!.height / short!.height).toBeCloseTo(3, 2)
    // Columns of one day are equally wide.
    const firstDay = page.locator('.agenda-day').first()
    const widths = await firstDay
      .locator('.timetable__room')
      .evaluateAll((rooms) => rooms.map((r) => r.getBoundingClientRect().width))
    expect(widths.length).toBeGreaterThan(1)
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(1)
    // The coffee break, with nothing beside it, runs across every room.
    const coffee = await firstDay.locator('.timetable__slot').filter({ hasText: 'Coffee' }).boundingBox()
    const grid = await firstDay.locator('.timetable').boundingBox()
    expect(coffee!.width).toBeGreaterThan(grid!.width * 0.8)
    expect(await firstDay.locator('.timetable__time').first().textContent()).toBe('09:00')

    const plenaryHeader = firstDay.locator('.timetable__room', { hasText: 'Plenary' })
    await page.evaluate(() => window.scrollTo(0, 0))
    const before = await plenaryHeader.boundingBox()
    await page.evaluate((by) => window.scrollBy(0, by), before!.y + 500)
    await expect.poll(async () => (await plenaryHeader.boundingBox())!.y).toBeCloseTo(0, 0)
    await screenshot(page, 'agenda-grid-1280')
    await expectAccessible(page)
  })

  it('shows one room at a time on a phone, without sideways scrolling', async () => {
    const phone = await openPage(browser, { viewport: { width: 390, height: 844 }, timezoneId: 'America/Los_Angeles' })
    await phone.goto(`${baseUrl}/events/api-dispatching-summit/agenda?view=grid`)
    const firstDay = phone.locator('.agenda-day').first()
    const breakout = firstDay.locator('.timetable__slot').filter({ hasText: 'backend selection in NetworkX' })
    const welcome = firstDay.locator('.timetable__slot').filter({ hasText: 'Welcome and goals' })
    // The room buttons come with JavaScript; until then the rooms share the width.
    const room190 = firstDay.getByRole('button', { name: 'Room 190' })
    await expect.poll(() => room190.isVisible()).toBe(true)
    expect(await welcome.isVisible()).toBe(true)
    expect(await breakout.isVisible()).toBe(false)
    await room190.click()
    await expect.poll(() => breakout.isVisible()).toBe(true)
    expect(await welcome.isVisible()).toBe(false)
    expect(await room190.getAttribute('aria-pressed')).toBe('true')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await firstDay.getByRole('button', { name: 'Plenary' }).click()
    await screenshot(phone, 'agenda-grid-390')
    await expectAccessible(phone)
    await phone.context().close()
  })

  it('applies a filter as soon as it is chosen, and offers to clear filters that match nothing', async () => {
    await page.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
    // With JavaScript the selects act at once: the Filter button goes once the page is live.
    await expect.poll(() => page.getByRole('button', { name: 'Filter', exact: true }).count()).toBe(0)
    await page.getByLabel('Track').selectOption('Array API')
    await page.waitForURL(/track=Array\+API/)
    await expect
      .poll(() => page.locator('.session-card__title').allTextContents())
      .toEqual(expect.arrayContaining(['Array API standard adoption: status and blockers']))
    const metas = await page.locator('.session-card__meta').allTextContents()
    expect(metas.every((m) => m.includes('Array API'))).toBe(true)
    await page.getByLabel('Kind').selectOption('break')
    await page.waitForURL(/kind=break/)
    await expect.poll(() => page.getByText('No session matches these filters.').count()).toBe(1)
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Clear filters' }).click()
    await page.waitForURL((url) => url.search === '')
    await expect.poll(() => page.getByText('Welcome and goals for the summit').count()).toBe(1)
    expect(await page.getByLabel('Track').inputValue()).toBe('')
    expect(await page.getByLabel('Kind').inputValue()).toBe('')
  })

  it('prints with the event, its dates and the time zone at the top, without the controls', async () => {
    await page.emulateMedia({ media: 'print' })
    const header = page.locator('header.agenda-header')
    expect(await header.isVisible()).toBe(true)
    const text = await header.textContent()
    expect(text).toContain('API Dispatching Developer Summit')
    expect(text).toMatch(/\d{1,2}.* (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}/)
    expect(text).toContain('Times in America/Los Angeles')
    expect(await page.getByLabel('Track').isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
  })

  it('has session and changes pages; a session downloads as an .ics file', async () => {
    await page.getByRole('link', { name: 'Welcome and goals for the summit' }).first().click()
    await page.waitForURL(/\/sessions\/\d+$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Welcome and goals for the summit')
    expect(await page.locator('.eyebrow').textContent()).toBe('Talk · Plenary')
    await expectAccessible(page)
    const ics = page.getByRole('link', { name: 'Apple / .ics' })
    const [download] = await Promise.all([page.waitForEvent('download'), ics.click()])
    expect(download.suggestedFilename()).toMatch(/^api-dispatching-summit-welcome.*\.ics$/)
    const response = await page.request.get(new URL((await ics.getAttribute('href'))!, baseUrl).toString())
    expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8')
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.ics"$/)
    const body = await response.text()
    expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(body).toContain('SUMMARY:Welcome and goals for the summit')
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(1)
    // The same bytes on every request: the ETag holds.
    expect((await page.request.get(response.url())).headers()['etag']).toBe(response.headers()['etag'])
    await page.goto(`${baseUrl}/events/api-dispatching-summit/changes`)
    await expect.poll(() => page.locator('.changelog > li').count()).toBe(2)
    expect(await page.locator('main').textContent()).toMatch(/Moved “.+” from .+ to .+/)
    await expectAccessible(page)
  })

  it('marks the session running now with a badge and a line across the grid', async () => {
    await page.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
    await page.getByRole('link', { name: 'Welcome and goals for the summit' }).first().click()
    await page.waitForURL(/\/sessions\/\d+$/)
    const start = new Date((await page.locator('.event-times time').first().getAttribute('datetime'))!)
    const during = await openPage(browser, { timezoneId: 'America/Los_Angeles' })
    await during.clock.setFixedTime(new Date(start.getTime() + 10 * 60_000))
    await during.goto(`${baseUrl}/events/api-dispatching-summit/agenda?view=grid`)
    const welcome = during.locator('.timetable__slot').filter({ hasText: 'Welcome and goals for the summit' })
    await expect.poll(() => welcome.locator('.badge--live').textContent()).toBe('Now')
    expect(await during.locator('.badge--live').count()).toBe(1)
    // The line is a third of the way down the 30-minute slot: 10 minutes in.
    const line = (await during.locator('.timetable__now').boundingBox())!
    const slot = (await welcome.boundingBox())!
    expect((line.y - slot.y) / slot.height).toBeCloseTo(1 / 3, 1)
    await during.context().close()
  })

  it('passes axe in the dark colour scheme: agenda list and grid, session page', async () => {
    const dark = await openPage(browser, { colorScheme: 'dark' })
    await dark.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
    await expect.poll(() => dark.locator('.session-card').count()).toBeGreaterThan(5)
    await expectAccessible(dark)
    await dark.getByRole('button', { name: 'Grid by room' }).click()
    await expect.poll(() => dark.locator('.timetable').count()).toBeGreaterThan(0)
    await expectAccessible(dark)
    await dark.getByRole('link', { name: 'Welcome and goals for the summit' }).first().click()
    await dark.waitForURL(/\/sessions\/\d+$/)
    await expectAccessible(dark)
    await dark.context().close()
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

    // On a session's own page: star it there, unstar and star again.
    await attendee.getByRole('link', { name: 'Documentation that spans libraries' }).first().click()
    await attendee.waitForURL(/\/sessions\/\d+$/)
    const star = attendee.getByRole('button', { name: /Star(red)? Documentation that spans libraries/ })
    // The button shows the new state at once; a reload must wait until the server has stored it.
    const toggleStar = () =>
      Promise.all([attendee.waitForResponse((r) => r.request().method() === 'POST' && r.ok()), star.click()])
    expect(await star.getAttribute('aria-pressed')).toBe('false')
    await toggleStar()
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true')
    await attendee.reload()
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true')
    await toggleStar()
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('false')
    await attendee.reload()
    expect(await star.getAttribute('aria-pressed')).toBe('false')
    await toggleStar()
    await expect.poll(() => star.textContent()).toMatch(/Starred/)
    await screenshot(attendee, 'session')
    await expectAccessible(attendee)

    await attendee.goto(`${baseUrl}/events/domain-stacks-summit/my-agenda`)
    await expect
      .poll(() => attendee.locator('.session-card__title').allTextContents())
      .toEqual(['Cross-project CI for stacks', 'Documentation that spans libraries'])
    const ics = attendee.getByRole('link', { name: 'Apple / .ics — Cross-project CI for stacks' })
    const response = await attendee.request.get(new URL((await ics.getAttribute('href'))!, baseUrl).toString())
    expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8')
    expect(await response.text()).toContain('SUMMARY:Cross-project CI for stacks')
    expect(await attendee.getByRole('link', { name: 'Google Calendar — Cross-project CI for stacks' }).count()).toBe(1)
    await screenshot(attendee, 'my-agenda')
    await expectAccessible(attendee)

    // The same pages in the dark colour scheme, as this attendee.
    const darkContext = await browser.newContext({
      colorScheme: 'dark',
      storageState: await attendee.context().storageState(),
    })
    const dark = await darkContext.newPage()
    await dark.goto(`${baseUrl}/events/domain-stacks-summit/my-agenda`)
    await expect.poll(() => dark.locator('.session-card').count()).toBe(2)
    await expectAccessible(dark)
    await dark.getByRole('link', { name: 'Documentation that spans libraries', exact: true }).click()
    await dark.waitForURL(/\/sessions\/\d+$/)
    await expectAccessible(dark)
    await darkContext.close()
    await attendee.close()
  })
})
