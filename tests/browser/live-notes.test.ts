import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'
import { createPublishedEvent } from '../support/organizer-ui'

// The live notes editor (app/components/live-notes/) in two real browsers: the demo organizer on a wide screen in
// the dark scheme, and a confirmed attendee on a phone, typing into the same session's notes at the same time.
// The event is one of this file's own (no seat limit, so the attendee is confirmed whatever other files do).
const baseUrl = inject('baseUrl')
const SESSION = 'Taking notes together, live'
let browser: Browser
let organizer: Page
let attendee: Page
let notesPath: string

const editor = (page: Page) => page.getByRole('textbox', { name: 'Notes', exact: true })
const live = (page: Page) => page.locator('[data-live-note-state]')
const liveState = (page: Page) => live(page).getAttribute('data-live-note-state')
const hereNow = (page: Page) => page.getByRole('region', { name: 'Here now' }).getByRole('listitem').allTextContents()
const cursorLabels = (page: Page) => page.locator('.cm-ySelectionInfo').allTextContents()

/** The editor's text as its lines show it, without the others' cursors (widgets inside the lines). */
function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((content) => {
    const copy = content.cloneNode(true) as HTMLElement
    for (const widget of copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer, .cm-placeholder')) {
      widget.remove()
    }
    return [...copy.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n')
  })
}

/** Stored means acknowledged by the server: give it time when the machine is busy with other test files. */
const saved = (page: Page) => expect.poll(() => liveState(page), { timeout: 15_000 }).toBe('saved')

beforeAll(async () => {
  browser = await launchBrowser()
  const setup = await createPublishedEvent(
    browser,
    {
      title: 'Live Notes Workshop',
      slug: 'live-notes-workshop',
      timeZone: 'Europe/Amsterdam',
      starts: '2031-09-08T09:00',
      ends: '2031-09-08T17:00',
      format: 'online',
    },
    [{ title: SESSION, starts: '2031-09-08T10:00', ends: '2031-09-08T11:00' }],
  )
  await setup.context().close()

  attendee = await openPage(browser, { viewport: { width: 390, height: 844 } })
  await attendee.goto(`${baseUrl}/events/live-notes-workshop/register`)
  await attendee.getByLabel('Name', { exact: true }).fill('Lena Livewriter')
  await attendee.getByLabel('Email').fill('lena@example.org')
  await attendee.getByRole('button', { name: 'Register' }).click()
  await attendee.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
  await attendee
    .getByRole('status')
    .filter({ hasText: /place is confirmed/ })
    .first()
    .waitFor()
  await attendee.getByRole('link', { name: 'Agenda', exact: true }).click()
  await attendee.getByRole('link', { name: SESSION }).click()
  await attendee.waitForURL(/\/sessions\/\d+$/)
  await attendee.getByRole('link', { name: 'Edit notes' }).click()
  await attendee.waitForURL(/\/notes$/)
  notesPath = new URL(attendee.url()).pathname

  organizer = await openPage(browser, { colorScheme: 'dark', viewport: { width: 1280, height: 900 } })
  await logInAsDemoOrganizer(organizer, notesPath)
})
afterAll(async () => {
  await browser?.close()
})

describe('live notes in two browsers', () => {
  it('shows each one what the other types at the same time, with their cursors and names', async () => {
    await Promise.all([saved(organizer), saved(attendee)])
    await editor(organizer).click()
    await organizer.keyboard.type('Decisions:\n\nActions:\n')
    await expect.poll(() => editorText(attendee), { timeout: 5_000 }).toBe('Decisions:\n\nActions:\n')

    // Each on a line of their own, so that the result does not depend on who was first at each key.
    await organizer.keyboard.press('Control+Home')
    await organizer.keyboard.press('End')
    await editor(attendee).click()
    await attendee.keyboard.press('Control+End')
    await Promise.all([
      organizer.keyboard.type(' ship the live editor'),
      attendee.keyboard.type('- [ ] @lena: write the guide'),
    ])
    const expected = 'Decisions: ship the live editor\n\nActions:\n- [ ] @lena: write the guide'
    await expect.poll(() => editorText(attendee), { timeout: 1_000 }).toBe(expected)
    await expect.poll(() => editorText(organizer), { timeout: 1_000 }).toBe(expected)
    await Promise.all([saved(organizer), saved(attendee)])
    expect(await live(organizer).getByRole('status').textContent()).toBe('All changes saved')

    await expect.poll(() => cursorLabels(organizer)).toEqual(['Lena Livewriter'])
    await expect.poll(() => cursorLabels(attendee)).toEqual(['Demo Organizer'])
    await expect.poll(() => hereNow(organizer)).toEqual(['Demo Organizer (you)', 'Lena Livewriter'])
    await expect.poll(() => hereNow(attendee)).toEqual(['Lena Livewriter (you)', 'Demo Organizer'])

    // Side by side on the wide screen, the preview rendered from the live text.
    const preview = organizer.getByRole('region', { name: 'Preview' })
    await expect.poll(() => preview.getByText('@lena: write the guide').count()).toBe(1)
    expect(await preview.getByRole('checkbox', { name: 'To do' }).count()).toBe(1)
    await screenshot(organizer, 'live-notes-1280-dark')
    await expectAccessible(organizer)
    await screenshot(attendee, 'live-notes-390')
    await expectAccessible(attendee)
  })

  it('undoes only one’s own typing, and lets Tab leave the editor', async () => {
    const expected = await editorText(organizer)
    await organizer.keyboard.press('Control+z')
    await expect.poll(() => editorText(attendee), { timeout: 5_000 }).not.toContain('ship the live editor')
    expect(await editorText(attendee)).toContain('- [ ] @lena: write the guide')
    await organizer.keyboard.press('Control+y')
    await expect.poll(() => editorText(attendee), { timeout: 5_000 }).toBe(expected)
    await organizer.keyboard.press('Tab')
    expect(await organizer.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(false)
    expect(await editorText(organizer)).toBe(expected)
    await saved(organizer)
  })

  it('keeps what is typed offline, and merges it with the others’ changes once back online', async () => {
    await organizer.context().setOffline(true)
    await expect.poll(() => liveState(organizer), { timeout: 5_000 }).toBe('offline')
    await editor(organizer).click()
    await organizer.keyboard.press('Control+End')
    await organizer.keyboard.type(' (written offline)')
    // Meanwhile the attendee, online, writes at the top.
    await editor(attendee).click()
    await attendee.keyboard.press('Control+Home')
    await attendee.keyboard.type('Online first. ')
    await saved(attendee)
    expect(await editorText(attendee)).not.toContain('(written offline)')
    await organizer.context().setOffline(false)
    await saved(organizer)
    for (const page of [organizer, attendee]) {
      await expect.poll(() => editorText(page), { timeout: 5_000 }).toContain('(written offline)')
      await expect.poll(() => editorText(page), { timeout: 5_000 }).toMatch(/^Online first\. /)
    }
    expect(await editorText(organizer)).toBe(await editorText(attendee))
  })

  it('switches between writing and the preview on a phone', async () => {
    const preview = attendee.getByRole('region', { name: 'Preview' })
    expect(await preview.isVisible()).toBe(false)
    await attendee.getByRole('button', { name: 'Preview' }).click()
    expect(await attendee.getByRole('button', { name: 'Preview' }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => preview.getByText('ship the live editor').count()).toBe(1)
    expect(await editor(attendee).isVisible()).toBe(false)
    await screenshot(attendee, 'live-notes-390-preview')
    await expectAccessible(attendee)
    await attendee.getByRole('button', { name: 'Write' }).click()
    expect(await editor(attendee).isVisible()).toBe(true)
  })

  it('stops the attendee’s editor when the organizer locks the notes, and reloads it read-only', async () => {
    await organizer.getByRole('button', { name: 'Lock the notes read-only' }).click()
    await expect.poll(() => liveState(attendee), { timeout: 15_000 }).toBe('refused')
    expect(await live(attendee).getByRole('status').textContent()).toMatch(/changed/)
    expect(await editor(attendee).getAttribute('aria-readonly')).toBe('true')
    await screenshot(attendee, 'live-notes-390-refused')
    await expectAccessible(attendee)
    await attendee.getByRole('button', { name: 'Reload the page' }).click()
    await expect.poll(() => liveState(attendee), { timeout: 15_000 }).toBe('saved')
    // Following on a phone starts with the notes as the page shows them; the markdown is a button away.
    const preview = attendee.getByRole('region', { name: 'Preview' })
    await expect.poll(() => preview.getByText('ship the live editor').count()).toBe(1)
    await attendee.getByRole('button', { name: 'Text' }).click()
    expect(await editor(attendee).getAttribute('aria-readonly')).toBe('true')
    expect(await editorText(attendee)).toBe(
      'Online first. Decisions: ship the live editor\n\nActions:\n- [ ] @lena: write the guide (written offline)',
    )
    expect(await attendee.getByText(/locked/).count()).toBeGreaterThan(0)
    // A follower who may not write is nobody's cursor and in nobody's list.
    await expect.poll(() => hereNow(organizer)).toEqual([])
    await screenshot(attendee, 'live-notes-390-locked')
    await expectAccessible(attendee)
  })

  it('stores the text: the session page shows it once both have left', async () => {
    await organizer.context().close()
    await attendee.context().close()
    const visitor = await openPage(browser)
    const notes = visitor.getByRole('region', { name: 'Shared notes' })
    await expect
      .poll(
        async () => {
          await visitor.goto(`${baseUrl}${notesPath.replace(/\/notes$/, '')}`)
          return notes.textContent()
        },
        { timeout: 15_000 },
      )
      .toContain('Decisions: ship the live editor')
    expect(await notes.getByRole('checkbox', { name: 'To do' }).count()).toBe(1)
    expect(await notes.getByText('@lena: write the guide').count()).toBe(1)
    await expectAccessible(visitor)
  })
})
