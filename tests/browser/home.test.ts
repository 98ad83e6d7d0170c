import { DateTime } from 'luxon'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser'
import { createPublishedEvent } from '../support/organizer-ui'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  )
}

describe('the home page', () => {
  it('labels a running event "Happening now", lists past events compactly, and fits 1280 and 390 px in both schemes', async () => {
    // A three-day online sprint that began yesterday in Tokyo: by its own dates it is on its second day.
    const zone = 'Asia/Tokyo'
    const today = DateTime.now().setZone(zone).startOf('day')
    const organizer = await createPublishedEvent(browser, {
      title: 'NumPy Documentation Sprint',
      slug: 'numpy-documentation-sprint',
      summary: 'Three online days of rewriting the NumPy user guide, in pairs across time zones. Newcomers welcome.',
      timeZone: zone,
      starts: today.minus({ days: 1 }).toFormat("yyyy-MM-dd'T'00:00"),
      ends: today.plus({ days: 1 }).toFormat("yyyy-MM-dd'T'23:59"),
      format: 'online',
    })
    await organizer.context().close()

    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await openPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme })
      await page.goto(baseUrl)
      const upcoming = page.getByRole('region', { name: 'Upcoming' })
      const running = upcoming.getByRole('listitem').filter({ hasText: 'NumPy Documentation Sprint' })
      await expect.poll(() => running.locator('.happening-now').textContent()).toBe('Happening nowDay 2 of 3')
      const notRunning = upcoming.getByRole('listitem').filter({ hasText: 'Domain Stacks Summit' })
      expect(await notRunning.locator('.happening-now').count()).toBe(0)
      // Upcoming events side by side at 1280: the first two cards share a row (which two depends on what other
      // test files have created on this server by now).
      const cards = upcoming.getByRole('listitem')
      expect(await cards.count()).toBeGreaterThan(2)
      const [first, second] = await Promise.all([cards.nth(0).boundingBox(), cards.nth(1).boundingBox()])
      expect(second!.y).toBe(first!.y)
      expect(second!.x).toBeGreaterThan(first!.x)
      // Past events: one dense row each, with their recordings counted.
      const past = page.getByRole('region', { name: 'Past' }).getByRole('listitem')
      expect(await past.count()).toBeGreaterThanOrEqual(2)
      const api = past.filter({ hasText: 'API Dispatching Developer Summit' })
      expect(await api.textContent()).toMatch(/\d+ recordings/)
      expect((await api.boundingBox())!.height).toBeLessThan(60)
      await noSidewaysScroll(page)
      if (colorScheme === 'light') await screenshot(page, 'home-1280')
      await expectAccessible(page)

      await page.setViewportSize({ width: 390, height: 844 })
      await page.reload()
      await expect.poll(() => running.locator('.happening-now').count()).toBe(1)
      await noSidewaysScroll(page)
      if (colorScheme === 'light') await screenshot(page, 'home-390')
      await expectAccessible(page)
      await page.context().close()
    }
  })
})
