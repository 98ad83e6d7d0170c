import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser'
import { createPublishedEvent } from '../support/organizer-ui'

// The attendee's pages on a hybrid event of this file's own (whatever other files do to the demo summits): its
// room has one seat, taken first, so the in-person seats are full while online places are free.
const baseUrl = inject('baseUrl')
const SLUG = 'hybrid-seats-summit'
const eventUrl = `${baseUrl}/events/${SLUG}`
const FIRST = 'Opening: what hybrid means for us'
const SECOND = 'Backends without surprises'
let browser: Browser
let organizer: Page
let onlineLink = ''

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })

/** Axe in the light and the dark scheme, and no sideways scroll at 390 px. */
async function checkEverywhere(url: string, name?: string, options: BrowserContextOptions = {}) {
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await openPage(browser, { ...options, colorScheme, viewport: { width: 390, height: 844 } })
    await page.goto(url)
    await page.waitForLoadState('networkidle')
    await expectAccessible(page)
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} at 390 px`).toBeLessThanOrEqual(390)
    if (name && colorScheme === 'light') await screenshot(page, `${name}-390`)
    await page.context().close()
  }
}

async function register(page: Page, name: string, email: string, mode: RegExp) {
  await page.goto(`${eventUrl}/register`)
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('radio', { name: mode }).check()
  await page.getByRole('button', { name: 'Register' }).click()
  await page.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
}

beforeAll(async () => {
  browser = await launchBrowser()
  organizer = await createPublishedEvent(
    browser,
    {
      title: 'Hybrid Seats Summit',
      slug: SLUG,
      summary: 'Two days on **hybrid** meetings.',
      timeZone: 'Europe/Amsterdam',
      starts: '2031-09-02T09:00',
      ends: '2031-09-03T17:00',
      format: 'hybrid',
      fields: {
        Venue: 'Zaal 1',
        'Online meeting link': 'https://meet.example.org/hybrid',
        Capacity: '20',
        'In-person seats': '1',
      },
    },
    [
      { title: FIRST, starts: '2031-09-02T09:30', ends: '2031-09-02T10:00', abstract: 'Welcome.', room: 'Main hall' },
      {
        title: SECOND,
        starts: '2031-09-02T10:30',
        ends: '2031-09-02T11:30',
        abstract: 'Dispatching with `--backend`.',
        room: 'Main hall',
      },
    ],
  )

  const first = await openPage(browser)
  await register(first, 'Rima Roomtaker', 'rima@example.org', /^In person/)
  await first.context().close()
})
afterAll(async () => {
  await browser?.close()
})

describe('a hybrid event whose room is full', () => {
  it('the event page shows the seats per way of attending and the first sessions', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } })
    await page.goto(eventUrl)
    const seats = page.locator('.seats-by-mode li')
    await eventually(() => seats.allTextContents()).toEqual(['In person: 0 of 1 seat left', 'Online: 19 places left'])
    const preview = page.getByRole('region', { name: 'First sessions' })
    await eventually(() => preview.getByRole('link').allTextContents()).toEqual([FIRST, SECOND, 'The full agenda'])
    expect(await preview.textContent()).toContain('Tue 2 Sept, 09:30–10:00')
    expect(await preview.textContent()).toContain('Times in Europe/Amsterdam')
    await screenshot(page, 'event-1280')
    await page.context().close()
    await checkEverywhere(eventUrl, 'event')
  })

  it('the form offers online now or the in-person waiting list; online confirms at once', async () => {
    const page = await openPage(browser)
    await page.goto(`${eventUrl}/register`)
    await eventually(() => page.getByRole('status').first().textContent()).toContain(
      'In-person seats are full; you can join online now or wait for an in-person seat',
    )
    expect(await page.locator('.seats-line').textContent()).toBe('In person: 0 of 1 seat left · Online: 19 places left')
    expect(await page.getByRole('radio', { name: 'Remote: join online now' }).count()).toBe(1)
    expect(await page.getByRole('radio', { name: 'In person: join the in-person waiting list' }).count()).toBe(1)
    expect(await page.getByText('The event is full').count()).toBe(0)
    await screenshot(page, 'register-room-full')
    await checkEverywhere(`${eventUrl}/register`)

    await register(page, 'Olu Online', 'olu@example.org', /join online now/)
    await eventually(() => page.getByRole('status').first().textContent()).toContain('your place is confirmed')
    onlineLink = await page.getByRole('textbox', { name: 'Personal link' }).inputValue()
    await page.context().close()
  })

  it('choosing the in-person waiting list says it waits for an in-person seat, and that online is free', async () => {
    const page = await openPage(browser)
    await register(page, 'Ines Inperson', 'ines@example.org', /in-person waiting list/)
    const banner = page.getByRole('status').first()
    await eventually(() => banner.textContent()).toContain(
      'You are on the waiting list for an in-person seat, at position 1',
    )
    expect(await banner.textContent()).toContain('online places are free')
    expect(await banner.textContent()).not.toContain('The event is full')
    await page.context().close()
  })
})

describe('the personal page', () => {
  it('copies the personal link to the clipboard and says so', async () => {
    const page = await openPage(browser, {
      permissions: ['clipboard-read', 'clipboard-write'],
      viewport: { width: 390, height: 844 },
    })
    const url = onlineLink.replace(/^https?:\/\/[^/]+/, baseUrl)
    await page.goto(url)
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Copy' }).click()
    await eventually(() => page.locator('.copy-field__status').textContent()).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(onlineLink)
    await screenshot(page, 'personal-page-390')
    await page.context().close()
    await checkEverywhere(url)
  })

  it('offers the event as an .ics file beside Google Calendar and Outlook', async () => {
    const page = await openPage(browser)
    await page.goto(onlineLink.replace(/^https?:\/\/[^/]+/, baseUrl))
    const links = page.locator('.add-to-calendar').first()
    expect(await links.getByRole('link').allTextContents()).toEqual(['Google Calendar', 'Outlook', 'Apple / .ics'])
    const ics = links.getByRole('link', { name: 'Apple / .ics' })
    expect(await ics.getAttribute('download')).not.toBeNull()
    const response = await page.request.get(new URL((await ics.getAttribute('href'))!, page.url()).href)
    expect(response.headers()['content-type']).toMatch(/^text\/calendar/)
    expect(await response.text()).toContain('BEGIN:VEVENT')
    await page.context().close()
  })

  it('without JavaScript the link is a read-only field to select', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false })
    await page.goto(onlineLink.replace(/^https?:\/\/[^/]+/, baseUrl))
    const field = page.getByRole('textbox', { name: 'Personal link' })
    expect(await field.inputValue()).toBe(onlineLink)
    expect(await field.getAttribute('readonly')).not.toBeNull()
    expect(await page.getByRole('button', { name: 'Copy' }).count()).toBe(0)
    await page.context().close()
  })
})

describe('the changes email', () => {
  it('opens my agenda, with the starred session, in a browser that never saw the personal link', async () => {
    const attendee = await openPage(browser)
    await attendee.goto(onlineLink.replace(/^https?:\/\/[^/]+/, baseUrl))
    await attendee.goto(`${eventUrl}/agenda`)
    // The button turns at once (optimistic): wait for the star's answer, so it is stored before this browser goes.
    await Promise.all([
      attendee.waitForResponse((response) => response.request().method() === 'POST'),
      attendee.getByRole('button', { name: `Star ${SECOND}` }).click(),
    ])
    await eventually(() => attendee.getByRole('button', { name: `Starred ${SECOND}` }).count()).toBe(1)
    await attendee.context().close()

    await organizer.getByRole('link', { name: SECOND }).click()
    await organizer.getByLabel('Starts').fill('2031-09-02T14:00')
    await organizer.getByLabel('Ends').fill('2031-09-02T15:00')
    await organizer.getByRole('button', { name: 'Save session' }).click()
    await eventually(() => organizer.getByText('Saved. Publish the agenda to show the change.').count()).toBe(1)
    await organizer.goto(organizer.url().replace(/\/sessions\/\d+.*$/, '/sessions'))
    await organizer.getByRole('checkbox', { name: /Email attendees/ }).check()
    await organizer.getByRole('button', { name: 'Publish changes' }).click()
    await eventually(() => organizer.getByText(/Version 2 published/).count()).toBe(1)

    await organizer.goto(`${baseUrl}/admin/outbox`)
    await organizer
      .getByRole('row')
      .filter({ hasText: 'olu@example.org' })
      .filter({ hasText: 'a session you starred changed' })
      .getByRole('link')
      .click()
    const text = (await organizer.locator('.outbox-text').textContent()) ?? ''
    const link = /Your agenda: (\S+)/.exec(text)?.[1]
    expect(link).toMatch(/\/r\/[\w-]+\?redirectTo=%2Fevents%2Fhybrid-seats-summit%2Fmy-agenda$/)

    const fresh = await openPage(browser)
    await fresh.goto(link!.replace(/^https?:\/\/[^/]+/, baseUrl))
    await fresh.waitForURL(`${eventUrl}/my-agenda`)
    await eventually(() => fresh.locator('.session-card__title').allTextContents()).toEqual([SECOND])
    await fresh.context().close()
  })
})

describe('markdown in notes and the report', () => {
  const notesUrl = async () => {
    await organizer.goto(`${eventUrl}/agenda`)
    await organizer.getByRole('link', { name: FIRST }).click()
    await organizer.waitForURL(/\/sessions\/\d+$/)
    return `${organizer.url()}/notes`
  }

  it('the preview renders the page’s sanitized markdown: tables and code, never scripts or handlers', async () => {
    const url = await notesUrl()
    await organizer.goto(url)
    const live = organizer.locator('[data-live-note-state]')
    await eventually(() => live.getAttribute('data-live-note-state')).toBe('saved')
    await organizer.evaluate(() => Object.assign(window, { pwned: false }))
    const body = [
      '## Decisions',
      '',
      '| Library | Flag | Notes |',
      '| --- | --- | --- |',
      '| SciPy | `--backend` | a rather long cell that makes the table wider than a phone screen on its own |',
      '',
      '- [ ] @ralf: try `--backend` in CI',
      '- [x] @amara: share the notes',
      '',
      '<script>window.pwned = true</script>',
      '<img src="x" onerror="window.pwned = true">',
    ].join('\n')
    // The live editor's preview, beside the text on a wide screen.
    await organizer.getByRole('textbox', { name: 'Notes', exact: true }).fill(body)
    const preview = organizer.getByRole('region', { name: 'Preview' })
    await eventually(() => preview.locator('.markdown-table table th').allTextContents()).toEqual([
      'Library',
      'Flag',
      'Notes',
    ])
    expect(await preview.locator('code').first().textContent()).toBe('--backend')
    expect(await preview.locator('script, img, [onerror]').count()).toBe(0)
    expect(await organizer.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false)
    await screenshot(organizer, 'notes-preview')
    await expectAccessible(organizer)
    await eventually(() => live.getAttribute('data-live-note-state')).toBe('saved')
    await checkEverywhere(url, undefined, { storageState: await organizer.context().storageState() })
    // Leaving the editor cuts the revision that the session page and the report show.
    const sessionUrl = url.replace(/\/notes$/, '')
    await eventually(async () => {
      await organizer.goto(sessionUrl)
      return organizer.getByRole('region', { name: 'Shared notes' }).locator('.markdown-table').count()
    }).toBe(1)
  })

  it('the session form’s abstract has the same preview, and without JavaScript is a plain textarea', async () => {
    await organizer.goto(`${baseUrl}/admin`)
    await organizer.getByRole('link', { name: 'Hybrid Seats Summit' }).first().click()
    await organizer.getByRole('link', { name: 'Agenda' }).click()
    await organizer.getByRole('link', { name: 'Add session' }).click()
    await organizer.waitForLoadState('networkidle')
    await organizer.getByRole('textbox', { name: 'Abstract' }).fill('**Bold** <img src="x" onerror="alert(1)">')
    await organizer.getByRole('tab', { name: 'Preview' }).click()
    const preview = organizer.locator('.markdown-field__preview .prose')
    await eventually(() => preview.innerHTML()).toBe('<p><strong>Bold</strong> </p>')
    expect(await organizer.getByRole('textbox', { name: 'Abstract' }).isHidden()).toBe(true)

    const noScript = await openPage(browser, {
      javaScriptEnabled: false,
      storageState: await organizer.context().storageState(),
    })
    await noScript.goto(organizer.url())
    expect(await noScript.getByRole('tab').count()).toBe(0)
    expect(await noScript.getByRole('textbox', { name: 'Abstract' }).isVisible()).toBe(true)
    await noScript.context().close()
  })

  it('the report renders inline code, styled tables, task items without bullets and readable checkboxes', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } })
    await page.goto(`${eventUrl}/report`)
    const item = page.locator('.action-items li').first()
    await eventually(() => item.locator('code').textContent()).toBe('--backend')
    expect(await item.textContent()).not.toContain('`')
    const th = page.locator('.report-session .markdown-table th').first()
    const style = await th.evaluate((el) => {
      const s = getComputedStyle(el)
      return { border: s.borderBottomWidth, padding: s.paddingLeft, weight: s.fontWeight }
    })
    expect(style.border).not.toBe('0px')
    expect(style.padding).not.toBe('0px')
    const task = page.locator('.report-session .task-list-item').first()
    expect(await task.evaluate((el) => getComputedStyle(el).listStyleType)).toBe('none')
    const box = page.locator('.report-session .task-list-item input[type="checkbox"]').first()
    expect(await box.evaluate((el) => getComputedStyle(el).opacity)).toBe('1')
    // The wide table scrolls in its own box; the page does not.
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(page, 'report-390')
    await page.context().close()
    await checkEverywhere(`${eventUrl}/report`)
  })
})
