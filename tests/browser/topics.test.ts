import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser'
import { createPublishedEvent } from '../support/organizer-ui'

// A new user's way through topics with the keyboard alone: an attendee proposes a topic, votes for it and takes
// the vote back; the organizer accepts it and puts it on the agenda, which stars it for the attendee who voted.
// Every control is reached with Tab (never clicked), so a control the keyboard cannot reach fails the test.
const baseUrl = inject('baseUrl')
const PHONE = { width: 390, height: 844 }
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Presses Tab until `target` has the focus, as a keyboard user would; fails if it is not reachable that way. */
async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  await target.first().waitFor()
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab')
    if (await target.first().evaluate((el) => el === document.activeElement)) return
  }
  throw new Error(`Tab never reached ${target}`)
}

/**
 * Presses Enter on a fetcher's button and waits for the server to answer the post: the button turns at once
 * (optimistically), so only the answer says the vote is stored (a reload before it would cancel the request).
 */
async function pressEnterAndAwaitPost(page: Page): Promise<void> {
  const answered = page.waitForResponse((response) => response.request().method() === 'POST')
  await page.keyboard.press('Enter')
  await answered
}

/** The page is no wider than the phone it is shown on. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
}

describe('topics, by keyboard', () => {
  it('an attendee proposes, votes and unvotes; the organizer accepts and schedules it; it reaches the agenda and their stars', async () => {
    const organizer = await createPublishedEvent(
      browser,
      {
        title: 'Topics Workshop',
        slug: 'topics-workshop',
        timeZone: 'Europe/Amsterdam',
        starts: '2031-09-02T09:00',
        ends: '2031-09-03T17:00',
        format: 'online',
      },
      [{ title: 'Opening', starts: '2031-09-02T09:00', ends: '2031-09-02T09:30', room: 'Main hall' }],
    )
    const eventId = /\/admin\/events\/(\d+)/.exec(organizer.url())![1]

    // The organizer turns topics on.
    await organizer.goto(`${baseUrl}/admin/events/${eventId}/topics`)
    await tabTo(organizer, organizer.getByLabel('Collect topics for this event'))
    await organizer.keyboard.press('Space')
    await tabTo(organizer, organizer.getByLabel('Show vote counts while voting is open'))
    if (!(await organizer.getByLabel('Show vote counts while voting is open').isChecked()))
      await organizer.keyboard.press('Space')
    await tabTo(organizer, organizer.getByRole('button', { name: 'Save topic settings' }))
    await organizer.keyboard.press('Enter')
    await organizer.waitForURL(/\?done=settings$/)
    expect(await organizer.getByLabel('Collect topics for this event').isChecked()).toBe(true)
    await expect
      .poll(() =>
        organizer.getByRole('link', { name: /public topics page|\/events\/topics-workshop\/topics/i }).count(),
      )
      .toBeGreaterThan(0)
    await expectAccessible(organizer)

    // An attendee registers (confirmed: no seat limit) and opens the topics from the event page, on a phone.
    const attendee = await openPage(browser, { viewport: PHONE, locale: 'en-GB' })
    await attendee.goto(`${baseUrl}/events/topics-workshop/register`)
    await attendee.getByLabel('Name', { exact: true }).fill('Tove Topicsson')
    await attendee.getByLabel('Email').fill('tove@example.org')
    await attendee.getByRole('button', { name: 'Register' }).click()
    await attendee.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
    await attendee.goto(`${baseUrl}/events/topics-workshop`)
    await tabTo(attendee, attendee.getByRole('link', { name: 'Topics', exact: true }))
    await attendee.keyboard.press('Enter')
    await attendee.waitForURL(/\/events\/topics-workshop\/topics$/)
    await expectAccessible(attendee)
    await expectNoSidewaysScroll(attendee)

    // Propose.
    await tabTo(attendee, attendee.getByRole('link', { name: 'Propose a topic' }))
    await attendee.keyboard.press('Enter')
    await attendee.waitForURL(/\/topics\/new$/)
    await expectAccessible(attendee)
    await expectNoSidewaysScroll(attendee)
    // Sent empty first: the errors are by their fields, and nothing is lost.
    await tabTo(attendee, attendee.getByRole('button', { name: 'Propose topic' }))
    await attendee.keyboard.press('Enter')
    await expect.poll(() => attendee.getByText('Enter a title', { exact: false }).count()).toBeGreaterThan(0)
    await tabTo(attendee, attendee.getByRole('textbox', { name: 'Title' }))
    await attendee.keyboard.type('Sparse arrays in every stack')
    await tabTo(attendee, attendee.getByRole('textbox', { name: 'Description' }))
    await attendee.keyboard.type('Where `sparray` stands, and **what** each project needs from it.')
    await tabTo(attendee, attendee.getByRole('radio', { name: 'Discussion' }))
    await attendee.keyboard.press('ArrowDown')
    expect(await attendee.getByRole('radio', { name: 'Working session' }).isChecked()).toBe(true)
    await tabTo(attendee, attendee.getByLabel('Length wanted'))
    await attendee.keyboard.press('ArrowDown')
    await attendee.keyboard.press('ArrowDown')
    const length = await attendee.getByLabel('Length wanted').inputValue()
    expect(Number(length)).toBeGreaterThan(0)
    await tabTo(attendee, attendee.getByRole('checkbox', { name: 'SciPy' }))
    await attendee.keyboard.press('Space')
    await tabTo(attendee, attendee.getByRole('checkbox', { name: 'I will lead this' }))
    await attendee.keyboard.press('Space')
    await tabTo(attendee, attendee.getByRole('textbox', { name: 'Your project' }))
    await attendee.keyboard.type('SciPy')
    await tabTo(attendee, attendee.getByRole('button', { name: 'Propose topic' }))
    await attendee.keyboard.press('Enter')
    await attendee.waitForURL(/\/topics\/\d+$/)
    const topicUrl = attendee.url()
    const topicId = /\/topics\/(\d+)$/.exec(topicUrl)![1]
    await expect
      .poll(() => attendee.getByRole('heading', { level: 1 }).textContent())
      .toMatch(/^Sparse arrays in every stack/)
    expect(await attendee.locator('main').textContent()).toContain('Tove Topicsson')
    // The description is rendered Markdown.
    expect(await attendee.locator('main strong', { hasText: 'what' }).count()).toBe(1)
    await expectAccessible(attendee)
    await expectNoSidewaysScroll(attendee)

    // Vote, then take it back, then vote again: the button says its state, the count follows.
    const vote = attendee.getByRole('button', { name: /^Vote(d)? for Sparse arrays in every stack/ })
    await tabTo(attendee, vote)
    await pressEnterAndAwaitPost(attendee)
    await expect.poll(() => vote.first().getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => attendee.locator('.vote__count').first().textContent()).toMatch(/^1 vote/)
    await pressEnterAndAwaitPost(attendee)
    await expect.poll(() => vote.first().getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => attendee.locator('.vote__count').first().textContent()).toMatch(/^0 votes/)
    await attendee.reload()
    expect(await vote.first().getAttribute('aria-pressed')).toBe('false')
    await tabTo(attendee, vote)
    await pressEnterAndAwaitPost(attendee)
    await expect.poll(() => vote.first().getAttribute('aria-pressed')).toBe('true')
    await attendee.reload()
    expect(await vote.first().getAttribute('aria-pressed')).toBe('true')
    await screenshot(attendee, 'topic-390')
    // Its proposer may still change it: the edit page holds what was proposed.
    await tabTo(attendee, attendee.getByRole('link', { name: 'Edit topic' }))
    await attendee.keyboard.press('Enter')
    await attendee.waitForURL(/\/topics\/\d+\/edit$/)
    expect(await attendee.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Sparse arrays in every stack')
    expect(await attendee.getByRole('checkbox', { name: 'SciPy' }).isChecked()).toBe(true)
    await expectAccessible(attendee)
    await expectNoSidewaysScroll(attendee)

    // The organizer reviews it: accept, then put it on the agenda, published at once.
    await organizer.goto(`${baseUrl}/admin/events/${eventId}/topics`)
    await tabTo(organizer, organizer.getByRole('link', { name: 'Sparse arrays in every stack' }))
    await organizer.keyboard.press('Enter')
    await organizer.waitForURL(new RegExp(`/admin/events/${eventId}/topics/${topicId}$`))
    await expectAccessible(organizer)
    await tabTo(organizer, organizer.getByRole('button', { name: 'Accept topic' }))
    await organizer.keyboard.press('Enter')
    await expect.poll(() => organizer.locator('main').textContent()).toMatch(/Accepted/)
    await tabTo(organizer, organizer.getByLabel('Day'))
    await organizer.keyboard.press('ArrowDown')
    await tabTo(organizer, organizer.getByLabel('Starts at'))
    // Hours, minutes and (in a 12-hour locale) the AM/PM field, as a person types them into a time input.
    await organizer.keyboard.type('1100A')
    await tabTo(
      organizer,
      organizer.getByRole('combobox', { name: 'Room' }).or(organizer.getByRole('textbox', { name: 'Room' })),
    )
    await organizer.keyboard.type('Main hall')
    await tabTo(organizer, organizer.getByRole('checkbox', { name: 'Publish the agenda now' }))
    await organizer.keyboard.press('Space')
    await tabTo(organizer, organizer.getByRole('button', { name: 'Put on the agenda' }))
    await organizer.keyboard.press('Enter')
    await expect.poll(() => organizer.getByRole('button', { name: 'Move session' }).count()).toBe(1)
    await expectAccessible(organizer)
    await screenshot(organizer, 'topic-review-1280')

    // It is on the public agenda on the second day at 11:00, its topic page says when and links to it, and the
    // attendee who voted finds it starred on their own agenda.
    await attendee.goto(topicUrl)
    await expect.poll(() => attendee.locator('main').textContent()).toMatch(/11:00/)
    expect(await attendee.locator('main a[href*="/events/topics-workshop/sessions/"]').count()).toBeGreaterThan(0)
    await expectAccessible(attendee)
    await attendee.goto(`${baseUrl}/events/topics-workshop/agenda`)
    expect(await attendee.locator('main').textContent()).toContain('Sparse arrays in every stack')
    await attendee.goto(`${baseUrl}/events/topics-workshop/my-agenda`)
    expect(await attendee.locator('main').textContent()).toContain('Sparse arrays in every stack')
    await expectAccessible(attendee)
    await expectNoSidewaysScroll(attendee)
  })

  it('on an event open to anyone with its link, a guest gives their name, then votes; the pages pass axe on a phone', async () => {
    const organizer = await createPublishedEvent(browser, {
      title: 'Open Topics Day',
      slug: 'open-topics-day',
      timeZone: 'America/New_York',
      starts: '2031-10-07T09:00',
      ends: '2031-10-07T17:00',
      format: 'online',
    })
    const eventId = /\/admin\/events\/(\d+)/.exec(organizer.url())![1]
    await organizer.goto(`${baseUrl}/admin/events/${eventId}/topics`)
    await organizer.getByLabel('Collect topics for this event').check()
    await organizer.getByRole('radio', { name: /Anyone with the event’s link/ }).check()
    await organizer.getByRole('button', { name: 'Save topic settings' }).click()
    await organizer.waitForURL(/\?done=settings$/)
    await organizer.goto(`${baseUrl}/events/open-topics-day/topics/new`)
    await organizer.getByRole('textbox', { name: 'Title' }).fill('Dispatching for array libraries')
    await organizer.getByRole('radio', { name: 'Discussion' }).check()
    await organizer.getByLabel('Length wanted').selectOption('60')
    await organizer.getByRole('button', { name: 'Propose topic' }).click()
    await organizer.waitForURL(/\/topics\/\d+$/)

    const guest = await openPage(browser, { viewport: PHONE })
    await guest.goto(`${baseUrl}/events/open-topics-day/topics`)
    await expectAccessible(guest)
    await expectNoSidewaysScroll(guest)
    // Nameless, the form says so by its field; named, the guest may vote.
    await tabTo(guest, guest.getByRole('button', { name: 'Take part' }))
    await guest.keyboard.press('Enter')
    await expect.poll(() => guest.getByText('Enter your name').count()).toBeGreaterThan(0)
    await expectAccessible(guest)
    await tabTo(guest, guest.getByRole('textbox', { name: /Your name/ }))
    await guest.keyboard.type('Gus Guest')
    await tabTo(guest, guest.getByRole('button', { name: 'Take part' }))
    await guest.keyboard.press('Enter')
    const vote = guest.getByRole('button', { name: /^Vote(d)? for Dispatching for array libraries/ })
    await tabTo(guest, vote)
    await pressEnterAndAwaitPost(guest)
    await expect.poll(() => vote.first().getAttribute('aria-pressed')).toBe('true')
    await guest.reload()
    expect(await vote.first().getAttribute('aria-pressed')).toBe('true')
    await expectAccessible(guest)
    await expectNoSidewaysScroll(guest)
  })
})
