import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser'
import { startConveneServer, type ConveneProcess } from '../support/convene-process'
import { FakeYoutube, VALID_KEY } from '../support/fake-youtube'
import { createTestDatabaseEnv } from '../support/test-database'

const baseUrl = inject('baseUrl')
const YOUTUBE = /(^|\.)(youtube\.com|youtube-nocookie\.com|ytimg\.com|googlevideo\.com)$/
// The demo's upload of this session kept 2:37 before it started; its description's chapters say so.
const SESSION = 'Dispatching backends: uarray, entry points and NEP 47 lessons'
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/**
 * A page that records every request to YouTube's hosts and answers them itself (an empty player page), so the
 * test needs no internet.
 */
async function pageWatchingYoutube(options: BrowserContextOptions = {}): Promise<{ page: Page; youtube: string[] }> {
  const page = await openPage(browser, options)
  const youtube: string[] = []
  page.on('request', (request) => {
    if (YOUTUBE.test(new URL(request.url()).hostname)) youtube.push(request.url())
  })
  await page.route(
    (url) => YOUTUBE.test(url.hostname),
    (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>Player</title><body></body></html>',
      }),
  )
  return { page, youtube }
}

async function openSession(page: Page) {
  await page.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
  await page.getByRole('link', { name: SESSION }).first().click()
  await page.waitForURL(/\/sessions\/\d+$/)
}

describe('a recording on a session page', () => {
  it('loads nothing from YouTube until played, then the youtube-nocookie player from where the session starts', async () => {
    const { page, youtube } = await pageWatchingYoutube()
    await openSession(page)
    const facade = page.locator('.recording-facade')
    await expect.poll(() => facade.count()).toBe(1)
    expect(await facade.textContent()).toContain(`API Dispatching Summit – ${SESSION}`)
    expect(await facade.locator('.recording-facade__duration').textContent()).toMatch(/^1:00:37, 1 hour 1 minute$/)
    expect(await facade.textContent()).toContain('session starts at 2:37')
    expect(await page.locator('iframe').count()).toBe(0)
    await page.waitForLoadState('networkidle')
    expect(youtube, 'requests to YouTube before the click').toEqual([])
    await screenshot(page, 'recording-facade')
    await expectAccessible(page)

    await page.getByRole('link', { name: /^Play recording:/ }).click()
    const frame = page.locator('.video-frame iframe')
    await expect
      .poll(() => frame.getAttribute('src'))
      .toMatch(
        /^https:\/\/www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]\?autoplay=1&start=157$/,
      )
    expect(await frame.getAttribute('title')).toBe(`Recording: API Dispatching Summit – ${SESSION} | Ralf Gommers`)
    expect(await frame.getAttribute('allow')).toContain('autoplay')
    await expect.poll(() => youtube.some((url) => url.startsWith('https://www.youtube-nocookie.com/embed/'))).toBe(true)
    expect(youtube.every((url) => new URL(url).hostname === 'www.youtube-nocookie.com')).toBe(true)
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME')
    await page.context().close()
  })

  it('passes axe in the dark scheme too', async () => {
    const { page, youtube } = await pageWatchingYoutube({ colorScheme: 'dark' })
    await openSession(page)
    await expect.poll(() => page.locator('.recording-facade').count()).toBe(1)
    await expectAccessible(page)
    expect(youtube).toEqual([])
    await page.context().close()
  })

  it('without JavaScript is a plain link to the video on youtube.com at the same moment', async () => {
    const { page, youtube } = await pageWatchingYoutube({ javaScriptEnabled: false })
    await openSession(page)
    const link = page.getByRole('link', { name: /^Play recording:/ })
    expect(await link.getAttribute('href')).toMatch(
      /^https:\/\/www\.youtube\.com\/watch\?v=[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]&t=157s$/,
    )
    expect(youtube).toEqual([])
    await page.context().close()
  })
})

const PLAYLIST = 'PLsparseArraysSummit2031'
const PARTS_SESSION = 'State of sparse arrays'
const PART_1 = 'spArsEpt1_A'
const PART_2 = 'spArsEpt2_B'

/**
 * The organizer's way, on a server of its own that asks the local YouTube stand-in: an event with its playlist,
 * a working session, the agenda published, then "Look for recordings now". Returns the session page's address.
 */
async function recordSessionInTwoParts(baseUrl: string): Promise<string> {
  const organizer = await openPage(browser)
  await organizer.goto(`${baseUrl}/login?redirectTo=${encodeURIComponent('/admin/events/new')}`)
  await organizer.getByLabel('Email').fill('organizer@example.org')
  await organizer.getByLabel('Password').fill('convene-demo')
  await organizer.getByRole('button', { name: 'Log in' }).click()
  await organizer.waitForURL((url) => url.pathname === '/admin/events/new')
  await organizer.getByLabel('Title').fill('Sparse Arrays Summit')
  await organizer.getByLabel('Web address').fill('sparse-arrays-summit')
  await organizer.getByLabel('Status').selectOption('published')
  await organizer.getByLabel('Time zone').selectOption('Europe/Berlin')
  await organizer.getByLabel('Starts').fill('2031-09-02T09:00')
  await organizer.getByLabel('Ends').fill('2031-09-02T17:00')
  await organizer.getByLabel('Format').selectOption('in_person')
  await organizer.getByLabel('Venue', { exact: true }).fill('Maison de la Chimie')
  await organizer.getByLabel('YouTube playlist', { exact: true }).fill(PLAYLIST)
  await organizer.getByRole('button', { name: 'Create event' }).click()
  await organizer.waitForURL(/\/admin\/events\/\d+\?saved=created$/)
  const adminPath = new URL(organizer.url()).pathname

  await organizer.goto(`${baseUrl}${adminPath}/sessions`)
  await organizer.getByRole('link', { name: 'Add session' }).click()
  await organizer.getByLabel('Title').fill(PARTS_SESSION)
  await organizer.getByLabel('Starts').fill('2031-09-02T10:00')
  await organizer.getByLabel('Ends').fill('2031-09-02T12:00')
  await organizer.getByLabel('Room').fill('Plenary')
  await organizer.getByRole('button', { name: 'Add session' }).click()
  await organizer.waitForURL(/\/sessions$/)
  await organizer.getByRole('button', { name: 'Publish changes' }).click()
  await organizer.getByText(/Version 1 published/).waitFor()

  await organizer.goto(`${baseUrl}${adminPath}/recordings`)
  await organizer.getByRole('button', { name: 'Look for recordings now' }).click()
  await organizer
    .getByRole('status')
    .filter({ hasText: /Looked at 2 videos/ })
    .waitFor()
  await organizer.context().close()
  return `${baseUrl}/events/sparse-arrays-summit/agenda`
}

describe('a session recorded in two parts', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-recording-parts-'))
  const youtube = new FakeYoutube()
  let server: ConveneProcess & { baseUrl: string }
  let drop = async () => {}
  let agendaUrl: string

  beforeAll(async () => {
    await youtube.start()
    youtube.addVideos([
      {
        id: PART_1,
        title: `Sparse Arrays Summit – ${PARTS_SESSION} (part 1/2)`,
        publishedAt: '2031-09-03T08:00:00Z',
        duration: 'PT58M2S',
        caption: true,
      },
      {
        id: PART_2,
        title: `Sparse Arrays Summit – ${PARTS_SESSION} (part 2/2)`,
        // The second upload kept the end of the break: its chapters say where the session resumes.
        description: `0:00 Break\n4:05 ${PARTS_SESSION} (continued)`,
        publishedAt: '2031-09-03T08:05:00Z',
        duration: 'PT1H2M9S',
      },
    ])
    youtube.playlists.set(PLAYLIST, [PART_2, PART_1])
    const database = await createTestDatabaseEnv(dataDir)
    drop = database.drop
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...database.env,
      LOG_LEVEL: 'warn',
      YOUTUBE_API_KEY: VALID_KEY,
      YOUTUBE_API_ROOT_URL: youtube.url,
    }
    if (!database.env.DATABASE_URL) delete env.DATABASE_URL
    server = await startConveneServer(env)
    agendaUrl = await recordSessionInTwoParts(server.baseUrl)
  })

  afterAll(async () => {
    await server?.stop()
    await youtube.stop()
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('shows both parts as facades that load nothing from elsewhere, then plays part 2 where the session resumes', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } })
    const origin = new URL(server.baseUrl).origin
    const elsewhere: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) elsewhere.push(request.url())
    })
    // No internet: the player's host answers with an empty page.
    await page.route(
      (url) => YOUTUBE.test(url.hostname),
      (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html lang="en"><title>Player</title></html>',
        }),
    )
    await page.goto(agendaUrl)
    await page.getByRole('link', { name: PARTS_SESSION }).first().click()
    await page.waitForURL(/\/sessions\/\d+$/)

    const facades = page.locator('.recording-facade')
    await expect.poll(() => facades.count()).toBe(2)
    expect(await page.getByRole('heading', { name: 'Recordings', level: 2 }).count()).toBe(1)
    const [first, second] = [facades.nth(0), facades.nth(1)]
    expect(await first.textContent()).toContain('(part 1/2)')
    expect(await first.locator('.recording-facade__facts').textContent()).toBe('Part 1 of 2 · captions available')
    expect(await first.locator('.recording-facade__duration').textContent()).toBe('58:02, 58 minutes')
    expect(await second.textContent()).toContain('(part 2/2)')
    expect(await second.locator('.recording-facade__facts').textContent()).toBe(
      'Part 2 of 2 · session starts at 4:05 · no captions',
    )
    expect(await second.getAttribute('href')).toBe(`https://www.youtube.com/watch?v=${PART_2}&t=245s`)
    expect(await page.getByRole('link', { name: 'Watch part 2 of 2 on YouTube' }).getAttribute('href')).toBe(
      `https://www.youtube.com/watch?v=${PART_2}&t=245s`,
    )
    expect(await page.locator('iframe, img').count()).toBe(0)
    await page.waitForLoadState('networkidle')
    expect(elsewhere, 'requests to other sites before a click').toEqual([])
    // A phone's width: nothing sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(page, 'recording-parts-phone')
    await expectAccessible(page)

    await page.getByRole('link', { name: /^Play recording:.*Part 2 of 2/ }).click()
    const frame = page.locator('.video-frame iframe')
    await expect.poll(() => frame.count()).toBe(1)
    expect(await frame.getAttribute('src')).toBe(
      `https://www.youtube-nocookie.com/embed/${PART_2}?autoplay=1&start=245`,
    )
    expect(await frame.getAttribute('title')).toBe(
      `Recording: Sparse Arrays Summit – ${PARTS_SESSION} (part 2/2) (Part 2 of 2)`,
    )
    // Part 1 is still its facade.
    expect(await facades.count()).toBe(1)
    await expect
      .poll(() => elsewhere.some((url) => url.startsWith(`https://www.youtube-nocookie.com/embed/${PART_2}`)))
      .toBe(true)
    expect(elsewhere.every((url) => new URL(url).hostname === 'www.youtube-nocookie.com')).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await expectAccessible(page)
    await page.context().close()
  })
})
