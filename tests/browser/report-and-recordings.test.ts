import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openPage(browser)
})
afterAll(async () => {
  await browser?.close()
})

describe('after a summit', () => {
  it('the report gathers action items, notes and recordings', async () => {
    await page.goto(`${baseUrl}/events/api-dispatching-summit`)
    await page.getByRole('link', { name: 'Report: notes and recordings' }).click()
    await page.waitForURL(/\/report$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('API Dispatching Developer Summit: report')
    expect(await page.locator('.action-items li').count()).toBeGreaterThan(0)
    expect(await page.getByRole('link', { name: /youtube\.com\/watch/ }).count()).toBeGreaterThan(0)
    await screenshot(page, 'report')
    await expectAccessible(page)
  })

  it('a session page offers its recording, and playing it loads the titled, privacy-enhanced player', async () => {
    await page.route(/youtube-nocookie\.com/, (route) => route.fulfill({ contentType: 'text/html', body: '' }))
    await page
      .getByRole('link', { name: /youtube\.com\/watch/ })
      .first()
      .locator('xpath=ancestor::section')
      .getByRole('heading')
      .getByRole('link')
      .click()
    await page.waitForURL(/\/sessions\/\d+$/)
    await page.getByRole('link', { name: /^Play recording:/ }).click()
    const frame = page.locator('iframe')
    await expect.poll(() => frame.getAttribute('src')).toMatch(/^https:\/\/www\.youtube-nocookie\.com\/embed\//)
    expect(await frame.getAttribute('title')).toMatch(/^Recording: /)
  })

  it('organizers review suggested recordings', async () => {
    const organizer = await openPage(browser)
    await logInAsDemoOrganizer(organizer, '/admin')
    await organizer.getByRole('link', { name: 'API Dispatching Developer Summit' }).click()
    await organizer.getByRole('link', { name: 'Recordings' }).click()
    await organizer.waitForURL(/\/recordings$/)
    await expect.poll(() => organizer.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(0)
    await screenshot(organizer, 'recordings')
    await expectAccessible(organizer)
    await organizer.close()
  })
})
