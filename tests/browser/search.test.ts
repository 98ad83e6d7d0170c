import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function expectNoSidewaysScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

async function searchFromHeader(page: Page, text: string) {
  await page.goto(baseUrl)
  const field = page.getByRole('search', { name: 'Site' }).getByRole('searchbox', { name: 'Find talks and events' })
  await field.fill(text)
  await field.press('Enter')
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === text)
}

describe.each([
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
])('search at $width px', ({ width, height }) => {
  let page: Page
  beforeAll(async () => {
    page = await openPage(browser, { viewport: { width, height } })
  })

  it('types in the header search, sees highlighted sessions grouped by event, opens one', async () => {
    await searchFromHeader(page, 'dispatching')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Search')
    const group = page.getByRole('region', { name: 'Sessions of API Dispatching Developer Summit' })
    const result = group.getByRole('listitem').filter({ hasText: 'Dispatching backends: uarray' })
    // The match is a <mark> element, in the title and in the abstract's snippet.
    expect(await result.locator('mark').allTextContents()).toEqual(
      expect.arrayContaining(['Dispatching', 'dispatching']),
    )
    expect(await result.textContent()).toContain('Ralf Gommers')
    expect(await result.locator('time').textContent()).toMatch(/\d{2}:\d{2}–\d{2}:\d{2} (PDT|PST|GMT-7|UTC-7)/)
    await screenshot(page, `search-results-${width}`)
    await expectAccessible(page)
    await expectNoSidewaysScroll(page, width)
    await result.getByRole('link', { name: /Dispatching backends/ }).click()
    await page.waitForURL(/\/events\/api-dispatching-summit\/sessions\/\d+$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Dispatching backends')
  })

  it('finds a session by its speaker, and searches one event from its page', async () => {
    await searchFromHeader(page, 'Gommers')
    expect(await page.locator('main mark').first().textContent()).toBe('Gommers')
    await page.goto(`${baseUrl}/events/api-dispatching-summit`)
    await screenshot(page, `event-with-search-${width}`)
    const field = page.getByRole('search', { name: 'Search the agenda' }).getByRole('searchbox')
    await field.fill('sparse arr')
    await field.press('Enter')
    await page.waitForURL(/\/events\/api-dispatching-summit\/search\?q=sparse\+arr$/)
    const results = page.getByRole('main').getByRole('listitem')
    await expect.poll(() => results.first().textContent()).toContain('Sparse arrays and dispatching')
    expect(await results.first().locator('mark').allTextContents()).toEqual(
      expect.arrayContaining(['Sparse', 'arrays']),
    )
    await screenshot(page, `event-search-${width}`)
    await expectAccessible(page)
    await expectNoSidewaysScroll(page, width)
  })

  it('explains an empty search and says so when nothing matches', async () => {
    await page.goto(`${baseUrl}/search`)
    expect(await page.getByRole('region', { name: 'How to search' }).textContent()).toContain('in quotes')
    await screenshot(page, `search-empty-${width}`)
    await expectAccessible(page)
    await searchFromHeader(page, 'xylophonic')
    await expect.poll(() => page.getByRole('status').textContent()).toContain('No results for “xylophonic”.')
    await expectAccessible(page)
    await expectNoSidewaysScroll(page, width)
    const tooLong = await page.goto(`${baseUrl}/search?q=${'a'.repeat(201)}`)
    expect(tooLong?.status()).toBe(400)
    expect(await page.getByRole('search', { name: 'Search events and sessions' }).last().textContent()).toContain(
      'Keep the search under 200 characters.',
    )
  })

  it('passes axe in the dark scheme', async () => {
    const dark = await openPage(browser, { viewport: { width, height }, colorScheme: 'dark' })
    await dark.goto(`${baseUrl}/search?q=array`)
    await expect.poll(() => dark.locator('main mark').count()).toBeGreaterThan(0)
    await screenshot(dark, `search-results-dark-${width}`)
    await expectAccessible(dark)
    await expectNoSidewaysScroll(dark, width)
    await dark.context().close()
  })
})

describe('search without JavaScript', () => {
  it('the header form is a plain GET form that shows the same results', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false })
    await searchFromHeader(page, 'Gommers')
    expect(await page.locator('main mark').first().textContent()).toBe('Gommers')
    await page.context().close()
  })
})
