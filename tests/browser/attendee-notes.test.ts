import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage } from '../support/browser'
import { createPublishedEvent } from '../support/organizer-ui'

// An attendee edits notes through their manage link. The organizer sets up an event of its own for it (with no
// seat limit, so the attendee is confirmed whatever other test files do to the demo summits).
const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('an attendee with a manage link', () => {
  it('edits a session’s notes, and the edit is in the history', async () => {
    const organizer = await createPublishedEvent(
      browser,
      {
        title: 'Notes Workshop',
        slug: 'notes-workshop',
        timeZone: 'Europe/Amsterdam',
        starts: '2031-06-02T09:00',
        ends: '2031-06-02T17:00',
        format: 'online',
      },
      [{ title: 'Writing good notes together', starts: '2031-06-02T10:00', ends: '2031-06-02T11:00' }],
    )
    await organizer.context().close()

    const attendee = await openPage(browser)
    await attendee.goto(`${baseUrl}/events/notes-workshop/register`)
    await attendee.getByLabel('Name', { exact: true }).fill('Nora Notetaker')
    await attendee.getByLabel('Email').fill('nora@example.org')
    await attendee.getByRole('button', { name: 'Register' }).click()
    await attendee.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
    await expect.poll(() => attendee.getByRole('status').first().textContent()).toMatch(/place is confirmed/)
    await attendee.getByRole('link', { name: 'Agenda', exact: true }).click()
    await attendee.getByRole('link', { name: 'Writing good notes together' }).click()
    await attendee.waitForURL(/\/sessions\/\d+$/)
    await attendee.getByRole('link', { name: 'Edit notes' }).click()
    await attendee.waitForURL(/\/notes$/)
    // The live editor: what she types is stored as she types; leaving the page cuts it as a revision.
    const editor = attendee.locator('[data-live-note-state]')
    await expect.poll(() => editor.getAttribute('data-live-note-state'), { timeout: 15_000 }).toBe('saved')
    await attendee.getByRole('textbox', { name: 'Notes', exact: true }).click()
    await attendee.keyboard.type('## Decisions\n\n- [ ] @nora: share the template')
    await expect.poll(() => editor.getAttribute('data-live-note-state'), { timeout: 15_000 }).toBe('saved')
    await expectAccessible(attendee)
    const historyUrl = attendee.url().replace(/\/notes$/, '/notes/history')
    await attendee.goto(historyUrl)
    await expect
      .poll(
        async () => {
          await attendee.goto(historyUrl)
          return attendee.locator('main').textContent()
        },
        { timeout: 15_000 },
      )
      .toContain('Nora Notetaker')
    await expectAccessible(attendee)
    await attendee.close()
  })
})
