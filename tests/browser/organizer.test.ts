import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'

const baseUrl = inject('baseUrl')
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openPage(browser)
})
afterAll(async () => {
  await browser?.close()
})

const heading = () => page.getByRole('heading', { level: 1 }).textContent()

describe('the demo organizer', () => {
  it('is sent to the login page first', async () => {
    await page.goto(`${baseUrl}/admin/events/new`)
    await page.waitForURL(/\/login\?redirectTo=%2Fadmin%2Fevents%2Fnew/)
    expect(await heading()).toBe('Organizer login')
    await expectAccessible(page)
  })

  it('sees a message for a wrong password', async () => {
    await page.getByLabel('Email').fill('organizer@example.org')
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.getByText('do not match').count()).toBe(1)
    await expectAccessible(page)
  })

  it('logs in and lands on the page asked for', async () => {
    await page.getByLabel('Password').fill('convene-demo')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(/\/admin\/events\/new$/)
    await expect.poll(heading).toBe('New event')
    await expectAccessible(page)
  })

  it('gets field messages for a bad event', async () => {
    await page.getByLabel('Title').fill('Array API Summit')
    await page.getByLabel('Web address').fill('Array API!')
    await page.getByRole('button', { name: 'Create event' }).click()
    await expect.poll(() => page.getByText('Use lowercase letters, digits and single hyphens').count()).toBe(1)
    expect(await page.getByLabel('Web address').getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'event-form-errors')
    await expectAccessible(page)
  })

  it('creates an event as a draft that the public does not see', async () => {
    await page.getByLabel('Web address').fill('array-api-summit')
    await page.getByLabel('Summary').fill('Where array libraries agree on **one** API.')
    await page.getByLabel('Time zone').selectOption('Europe/Paris')
    await page.getByLabel('Starts').fill('2031-03-28T09:00')
    await page.getByLabel('Ends').fill('2031-03-30T17:00')
    await page.getByLabel('Format').selectOption('hybrid')
    await page.getByLabel('Venue', { exact: true }).fill('Inria Paris')
    await page.getByLabel('Online meeting link').fill('https://meet.example.org/array-api')
    await page.getByLabel('Capacity').fill('35')
    await page.getByRole('button', { name: 'Create event' }).click()
    await page.waitForURL(/\/admin\/events\/\d+\?saved=created$/)
    await expect.poll(() => page.getByText('Event created as a draft').count()).toBe(1)
    await screenshot(page, 'event-edit')
    await expectAccessible(page)

    const visitor = await openPage(browser)
    await visitor.goto(baseUrl)
    expect(await visitor.getByRole('link', { name: 'Array API Summit' }).count()).toBe(0)
    expect((await visitor.goto(`${baseUrl}/events/array-api-summit`))?.status()).toBe(404)
    await visitor.close()
  })

  it('creating an event as Published says it is public, not a draft', async () => {
    const other = await openPage(browser)
    await logInAsDemoOrganizer(other, '/admin/events/new')
    await other.getByLabel('Title').fill('Graph Dispatch Sprint')
    await other.getByLabel('Web address').fill('graph-dispatch-sprint')
    await other.getByLabel('Status').selectOption('published')
    await other.getByLabel('Time zone').selectOption('Europe/Paris')
    await other.getByLabel('Starts').fill('2031-05-12T09:00')
    await other.getByLabel('Ends').fill('2031-05-12T17:00')
    await other.getByLabel('Format').selectOption('online')
    await other.getByLabel('Online meeting link').fill('https://meet.example.org/graph')
    await other.getByRole('button', { name: 'Create event' }).click()
    await other.waitForURL(/\/admin\/events\/\d+\?saved=created$/)
    await expect.poll(() => other.getByText('Event created and published').count()).toBe(1)
    expect(await other.getByText('Event created as a draft').count()).toBe(0)
    expect((await other.goto(`${baseUrl}/events/graph-dispatch-sprint`))?.status()).toBe(200)
    await other.close()
  })

  it('publishes it, and it appears on the home page', async () => {
    await page.getByLabel('Status').selectOption('published')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByText('Changes saved.').count()).toBe(1)
    await page.goto(baseUrl)
    await page.getByRole('link', { name: 'Array API Summit' }).click()
    await page.waitForURL(/\/events\/array-api-summit$/)
    const facts = page.getByRole('complementary', { name: 'Event details' })
    await expect.poll(() => facts.textContent()).toContain('Fri 28 Mar 2031, 09:00 – Sun 30 Mar 2031, 17:00')
    expect(await page.locator('.prose strong').textContent()).toBe('one')
  })

  it('edits it, and sees the list of their events', async () => {
    await page.goto(`${baseUrl}/admin`)
    await expect.poll(heading).toBe('All events')
    await expectAccessible(page)
    await screenshot(page, 'admin-events')
    await page.getByRole('link', { name: 'Array API Summit' }).click()
    await page.getByLabel('Title').fill('Array API Summit 2031')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByText('Changes saved.').count()).toBe(1)
    await page.getByRole('link', { name: 'Organizers' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Organizers' }).count()).toBe(1)
    await expectAccessible(page)
    await page.goto(`${baseUrl}/events/array-api-summit`)
    await expect.poll(heading).toContain('Array API Summit 2031')
  })
})
