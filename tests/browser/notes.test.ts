import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'

// Shared notes through the form, as browsers without JavaScript edit them (with it, the page is the live editor:
// tests/browser/live-notes.test.ts), by the demo organizer in two browsers at once. axe cannot run without
// JavaScript: these pages' markup is checked with it by the live notes test and the every-page crawler. (Attendees' permission to edit is covered by
// the integration tests: in the demo, new in-person registrations for the open summit land on the waiting list.)
// The session is one of a past summit, whose agenda is published, and one no other test or demo note touches.
const baseUrl = inject('baseUrl')
const SESSION = 'Type annotations for array-consuming libraries'
let browser: Browser
let alice: Page
let bob: Page
let sessionUrl: string

const logIn = (page: Page) => logInAsDemoOrganizer(page, '/admin')

/** Saves wait for an action and two loaders: give them time when the machine is busy with other test files. */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })

const notesField = (page: Page) => page.getByRole('textbox', { name: 'Notes', exact: true })

async function openEditor(page: Page) {
  await page.goto(`${sessionUrl}/notes`)
  await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Edit the notes')
}

async function save(page: Page) {
  await page.getByRole('button', { name: 'Save notes' }).click()
}

beforeAll(async () => {
  browser = await launchBrowser()
  alice = await openPage(browser, { javaScriptEnabled: false })
  bob = await openPage(browser, { javaScriptEnabled: false })
  await Promise.all([logIn(alice), logIn(bob)])
})
afterAll(async () => {
  await browser?.close()
})

describe('shared session notes', () => {
  it('the session page has a notes section with an edit link for the organizer', async () => {
    await alice.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
    await alice.getByRole('link', { name: SESSION }).first().click()
    await alice.waitForURL(/\/sessions\/\d+$/)
    sessionUrl = alice.url()
    const notes = alice.getByRole('region', { name: 'Shared notes' })
    await eventually(() => notes.getByText('No notes yet.').count()).toBe(1)
    await notes.getByRole('link', { name: 'Edit notes' }).click()
    await alice.waitForURL(/\/notes$/)
    await eventually(() => alice.getByRole('heading', { level: 1 }).textContent()).toBe('Edit the notes')
  })

  it('flags an image without alt text before saving, then saves revisions', async () => {
    await notesField(alice).fill('## Outcome\n\n![](whiteboard.png)\n\n- [ ] @ralf: draft the SPEC\n')
    await save(alice)
    const warning = alice.getByRole('alert').filter({ hasText: 'An image has no alt text (whiteboard.png)' })
    await eventually(() => warning.count()).toBe(1)
    expect(alice.url()).toMatch(/\/notes$/)
    expect(await alice.getByText('Saved as revision').count()).toBe(0)

    await notesField(alice).fill(
      '## Outcome\n\n![Whiteboard with the plan for typing](whiteboard.png)\n\n- [ ] @ralf: draft the SPEC\n',
    )
    await save(alice)
    await eventually(() => alice.getByText('Saved as revision 1.').count()).toBe(1)
    const next =
      '## Outcome\n\nWe agreed to ship type stubs.\n\n- [ ] @ralf: draft the SPEC\n- [ ] @mei: list the functions\n'
    await notesField(alice).fill(next)
    await save(alice)
    await eventually(() => alice.getByText('Saved as revision 2.').count()).toBe(1)

    await alice.goto(sessionUrl)
    const notes = alice.getByRole('region', { name: 'Shared notes' })
    await eventually(() => notes.getByText('We agreed to ship type stubs.').count()).toBe(1)
    expect(await notes.getByRole('checkbox').count()).toBe(2)
    expect(await notes.getByText(/Revision 2, saved by Demo Organizer/).count()).toBe(1)
  })

  it('shows the history with an accessible diff, and restores an old revision', async () => {
    await alice.getByRole('link', { name: 'History' }).click()
    await alice.waitForURL(/\/notes\/history$/)
    await eventually(() => alice.getByRole('heading', { level: 1 }).textContent()).toBe('History of the notes')
    const revisions = alice.getByRole('table').first()
    expect(await revisions.getByRole('rowheader').allTextContents()).toEqual(['2 (current)', '1'])
    const diff = alice.locator('.diff-table')
    await eventually(async () => (await diff.getByRole('rowheader').allTextContents()).map((t) => t.trim())).toEqual(
      expect.arrayContaining(['− Removed', '+ Added', 'Unchanged']),
    )
    expect(await alice.getByText('From revision 1 to revision 2: 2 lines added, 1 line removed.').count()).toBe(1)
    expect(await diff.locator('del').allTextContents()).toEqual([
      '![Whiteboard with the plan for typing](whiteboard.png)',
    ])
    await screenshot(alice, 'notes-history')

    await alice.getByLabel('From').selectOption('0')
    await alice.getByLabel('To').selectOption('2')
    await alice.getByRole('button', { name: 'Compare' }).click()
    await alice.waitForURL(/from=0&to=2/)
    await expect
      .poll(() => alice.getByText(/From no notes to revision 2: 6 lines added, 0 lines removed/).count())
      .toBe(1)

    await alice.getByText('Restore revision 1').first().click()
    await alice.getByRole('button', { name: 'Restore revision 1' }).click()
    await eventually(() => alice.getByText('Revision 1 restored as revision 3.').count()).toBe(1)
    await eventually(() => revisions.getByRole('rowheader').allTextContents()).toEqual(['3 (current)', '2', '1'])
    expect(await revisions.getByText('Restored from revision 1').count()).toBe(1)
  })

  it('merges two people’s edits to different lines', async () => {
    await Promise.all([openEditor(alice), openEditor(bob)])
    const start = await notesField(alice).inputValue()
    expect(start).toContain('![Whiteboard with the plan for typing](whiteboard.png)')
    expect(await notesField(bob).inputValue()).toBe(start)

    await notesField(alice).fill(start.replace('## Outcome', '## Outcome of the session'))
    await save(alice)
    await eventually(() => alice.getByText('Saved as revision 4.').count()).toBe(1)

    await notesField(bob).fill(`${start}\nNext meeting: in two weeks.\n`)
    await save(bob)
    await expect
      .poll(() => bob.getByText(/Your changes were merged with theirs and saved as revision 5/).count())
      .toBe(1)
    const merged = await notesField(bob).inputValue()
    expect(merged).toContain('## Outcome of the session')
    expect(merged).toContain('Next meeting: in two weeks.')
  })

  it('hands a conflicting edit back with both versions and loses nothing', async () => {
    await Promise.all([openEditor(alice), openEditor(bob)])
    const start = await notesField(alice).inputValue()
    await notesField(alice).fill(start.replace('- [ ] @ralf: draft the SPEC', '- [x] @ralf: draft the SPEC'))
    await save(alice)
    await eventually(() => alice.getByText('Saved as revision 6.').count()).toBe(1)

    const bobs = start.replace('- [ ] @ralf: draft the SPEC', '- [ ] @ralf: draft the SPEC by Friday')
    await notesField(bob).fill(bobs)
    await save(bob)
    const alert = bob.getByRole('alert').filter({ hasText: 'Not saved: Demo Organizer changed the same lines' })
    await eventually(() => alert.count()).toBe(1)
    expect(await alert.textContent()).toContain('one part of your changes touches the same')
    const conflictText = await notesField(bob).inputValue()
    expect(conflictText).toContain(
      '<<<<<<< Your version\n- [ ] @ralf: draft the SPEC by Friday\n=======\n- [x] @ralf: draft the SPEC\n>>>>>>> Revision 6 by Demo Organizer',
    )
    expect(await bob.getByLabel(/Their version: revision 6/).inputValue()).toContain('- [x] @ralf: draft the SPEC')
    expect(await bob.getByLabel(/Your version, as you sent it/).inputValue()).toBe(bobs)
    await screenshot(bob, 'notes-conflict')

    // Saving the markers as they are is flagged; Bob resolves the conflict instead.
    await save(bob)
    await eventually(() => bob.getByText(/still contains conflict markers/).count()).toBe(1)
    await notesField(bob).fill(
      conflictText.replace(
        /<<<<<<< Your version\n.*\n=======\n.*\n>>>>>>> .*/,
        '- [x] @ralf: draft the SPEC by Friday',
      ),
    )
    await save(bob)
    await eventually(() => bob.getByText('Saved as revision 7.').count()).toBe(1)

    await bob.goto(sessionUrl)
    const notes = bob.getByRole('region', { name: 'Shared notes' })
    await eventually(() => notes.getByText('@ralf: draft the SPEC by Friday').count()).toBe(1)
    expect(await notes.getByText('Next meeting: in two weeks.').count()).toBe(1)
    expect(await notes.getByRole('heading', { name: 'Outcome of the session' }).count()).toBe(1)
  })
})
