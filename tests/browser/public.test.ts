import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openPage(browser, { timezoneId: 'Asia/Tokyo' })
})
afterAll(async () => {
  await browser?.close()
})

describe('a visitor', () => {
  it('sees the demo summits on the home page', async () => {
    await page.goto(baseUrl)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Developer summits')
    const upcoming = page.getByRole('region', { name: 'Upcoming' })
    const past = page.getByRole('region', { name: 'Past' })
    // Other browser tests may add events of their own: look only at the demo ones, in date order.
    const upcomingTitles = await upcoming.getByRole('link').allTextContents()
    expect(upcomingTitles.filter((t) => /Domain Stacks|Sparse Array/.test(t))).toEqual([
      'Domain Stacks Summit',
      'Sparse Array Summit',
    ])
    expect(await past.getByRole('link').allTextContents()).toEqual([
      'Alt-Text for Accessibility Sprint',
      'API Dispatching Developer Summit',
    ])
    await screenshot(page, 'home')
    await expectAccessible(page)
  })

  it('opens an event and sees its times in the event zone and in their own', async () => {
    await page.getByRole('link', { name: 'Domain Stacks Summit' }).click()
    await page.waitForURL(/\/events\/domain-stacks-summit$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Domain Stacks Summit')
    const facts = page.getByRole('complementary', { name: 'Event details' })
    await expect.poll(() => facts.textContent()).toContain('Local time (Europe/Amsterdam)')
    // Rendered after hydration from the browser's own zone.
    await expect.poll(() => facts.textContent()).toContain('Your time (Asia/Tokyo)')
    expect(await facts.textContent()).toContain('Centrum Wiskunde & Informatica')
    expect(await page.content()).not.toContain('meet.example.org')
    await screenshot(page, 'event')
    await expectAccessible(page)
  })

  it('gets a clear 404 page for an unknown event', async () => {
    const response = await page.goto(`${baseUrl}/events/no-such-summit`)
    expect(response?.status()).toBe(404)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found')
    await expectAccessible(page)
  })
})
