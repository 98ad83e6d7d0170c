import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage } from '../support/browser'
import { createPublishedEvent } from '../support/organizer-ui'

// Every page a visitor, an attendee and an organizer can reach by following links, at a phone's width, in the
// light and the dark scheme: none may scroll sideways, and axe finds nothing. The pages are found by crawling
// rather than listed, so a page added later is covered without anyone remembering to add it here.
const baseUrl = inject('baseUrl')
const PHONE = { width: 390, height: 844 }
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Downloads (attached files too), feeds and exports are not pages; logging out would end the crawl. */
const NOT_A_PAGE = /\.(ics|csv|json|xml|atom|md|png|svg)(\?|$)|\/attachments\/\d+(\/|$)|^\/logout|^\/feeds\//

/**
 * One visit per kind of page and event: ids are what vary between pages of one kind (each event is visited, as
 * past, running, upcoming, hybrid and online events show different things), and the agenda's `view` is the one
 * query parameter that changes the layout.
 */
function pageKind(url: URL): string {
  const path = url.pathname.replace(/\/\d+(?=\/|$)/g, '/#').replace(/^\/r\/[^/]+/, '/r/*')
  const view = url.searchParams.get('view')
  return view ? `${path}?view=${view}` : path
}

async function linksOn(page: Page): Promise<URL[]> {
  const hrefs = await page.$$eval('a[href]:not([download])', (anchors) =>
    anchors.map((a) => (a as HTMLAnchorElement).href),
  )
  return hrefs.map((href) => new URL(href)).filter((url) => url.origin === baseUrl && !NOT_A_PAGE.test(url.pathname))
}

type Finding = { url: string; problem: string }

/** Visits `start` and every page kind linked from it, transitively, checking each in both schemes. */
async function crawl(pages: { light: Page; dark: Page }, start: string[], seen: Set<string>): Promise<Finding[]> {
  const findings: Finding[] = []
  const queue = start.map((href) => new URL(href, baseUrl))
  while (queue.length > 0) {
    const url = queue.shift()!
    const kind = pageKind(url)
    if (seen.has(kind)) continue
    seen.add(kind)
    for (const [scheme, page] of Object.entries(pages)) {
      const response = await page.goto(url.href)
      const status = response?.status() ?? 0
      if (status >= 400) findings.push({ url: url.href, problem: `answered ${status}` })
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      if (width > PHONE.width)
        findings.push({ url: url.href, problem: `${scheme}: ${width}px wide at ${PHONE.width}px` })
      try {
        await expectAccessible(page)
      } catch (error) {
        findings.push({ url: url.href, problem: `${scheme}: ${(error as Error).message}` })
      }
      if (scheme === 'light') queue.push(...(await linksOn(page)))
    }
  }
  return findings
}

async function phonePages(): Promise<{ light: Page; dark: Page }> {
  return {
    light: await openPage(browser, { viewport: PHONE, colorScheme: 'light' }),
    dark: await openPage(browser, { viewport: PHONE, colorScheme: 'dark' }),
  }
}

describe('every page at 390 px, light and dark', () => {
  it('the dark scheme really changes the colours', async () => {
    const { light, dark } = await phonePages()
    await light.goto(baseUrl)
    await dark.goto(baseUrl)
    const background = (p: Page) => p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    expect(await background(light)).toBe('rgb(245, 247, 249)')
    expect(await background(dark)).toBe('rgb(15, 21, 28)')
  })

  // Kinds of page already checked; the organizer's crawl skips the public pages the visitor's crawl covered.
  const seen = new Set<string>()

  it('public pages', { timeout: 300_000 }, async () => {
    const pages = await phonePages()
    expect(await crawl(pages, ['/', '/login', '/search?q=array'], seen)).toEqual([])
    expect(seen.size).toBeGreaterThan(10)
    // A made-up event answers 404, as it should, with a page checked like any other.
    expect(await crawl(pages, ['/events/no-such-event/agenda'], new Set())).toEqual([
      { url: `${baseUrl}/events/no-such-event/agenda`, problem: 'answered 404' },
      { url: `${baseUrl}/events/no-such-event/agenda`, problem: 'answered 404' },
    ])
  })

  it('organizer pages', { timeout: 600_000 }, async () => {
    const pages = await phonePages()
    await logInAsDemoOrganizer(pages.light, '/admin')
    await logInAsDemoOrganizer(pages.dark, '/admin')
    const findings = await crawl(pages, ['/admin', '/admin/events/new', '/admin/outbox'], seen)
    expect(findings).toEqual([])
    expect([...seen].filter((kind) => kind.startsWith('/admin')).length).toBeGreaterThan(10)
  })

  it('an attendee’s pages: personal page, own agenda, notes they may edit', { timeout: 300_000 }, async () => {
    // An event of its own with no seat limit, so the attendee is confirmed whatever other files do to the demo.
    const organizer = await createPublishedEvent(
      browser,
      {
        title: 'Every Page Workshop',
        slug: 'every-page-workshop',
        timeZone: 'Europe/Amsterdam',
        starts: '2031-09-02T09:00',
        ends: '2031-09-02T17:00',
        format: 'online',
      },
      [{ title: 'Checking every page together', starts: '2031-09-02T10:00', ends: '2031-09-02T11:00' }],
    )
    await organizer.context().close()

    const pages = await phonePages()
    await pages.light.goto(`${baseUrl}/events/every-page-workshop/register`)
    await pages.light.getByLabel('Name', { exact: true }).fill('Paige Everett')
    await pages.light.getByLabel('Email').fill('paige@example.org')
    await pages.light.getByRole('button', { name: 'Register' }).click()
    await pages.light.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
    const personalLink = new URL(pages.light.url())
    personalLink.search = ''
    // The personal link makes the dark context this attendee's browser too.
    await pages.dark.goto(personalLink.href)
    const findings = await crawl(pages, [personalLink.pathname], seen)
    expect(findings).toEqual([])
    for (const kind of [
      '/r/*',
      '/events/every-page-workshop/my-agenda',
      '/events/every-page-workshop/sessions/#/notes',
    ]) {
      expect(seen, kind).toContain(kind)
    }
  })
})
