import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'

const baseUrl = inject('baseUrl')
const summit = `${baseUrl}/events/domain-stacks-summit`
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openPage(browser)
})
afterAll(async () => {
  await browser?.close()
})

async function registerRemotely(p: Page, name: string, email: string) {
  await p.goto(summit)
  await p.getByRole('link', { name: /Register|Join the waiting list/ }).click()
  await p.waitForURL(/\/register$/)
  await p.getByLabel('Name', { exact: true }).fill(name)
  await p.getByLabel('Email').fill(email)
  await p.getByRole('checkbox', { name: 'SciPy' }).check()
  await p.getByRole('radio', { name: 'Remote' }).check()
  await p.getByRole('radio', { name: 'Geosciences' }).check()
  await p.getByRole('button', { name: /Register|Join the waiting list/ }).click()
  await p.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
}

describe('registering for the open demo summit', () => {
  it('the register page explains itself and passes axe', async () => {
    await page.goto(`${summit}/register`)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Register for Domain Stacks Summit')
    await expectAccessible(page)
  })

  it('shows field messages when the form is incomplete', async () => {
    await page.getByRole('button', { name: /Register|Join the waiting list/ }).click()
    await expect.poll(() => page.getByText('Enter your name').count()).toBe(1)
    expect(await page.getByText('Choose one of the options').count()).toBe(1)
    await expectAccessible(page)
  })

  it('takes the last seat: confirmed, with a personal link; cancelling gives the seat to the next person, who is emailed', async () => {
    await registerRemotely(page, 'Rosalind Reyes', 'rosalind@example.org')
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('your place is confirmed')
    await screenshot(page, 'registration-confirmed')
    await expectAccessible(page)
    const manageUrl = (await page.getByRole('textbox', { name: 'Personal link' }).inputValue()).trim()
    expect(manageUrl).toMatch(/\/r\/[\w-]{22,}$/)

    const second = await openPage(browser)
    await registerRemotely(second, 'Tariq Aziz', 'tariq@example.org')
    await expect.poll(() => second.getByRole('status').first().textContent()).toMatch(/waiting list, at position \d+/)
    await expectAccessible(second)

    // Back through the personal link, as from the email.
    await page.goto(manageUrl.replace(/^https?:\/\/[^/]+/, baseUrl))
    // Changing the details saves (the email is shown, not sent, and not asked for again).
    await page.getByLabel('Name', { exact: true }).fill('Rosalind R. Reyes')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByText('Your changes are saved.').count()).toBe(1)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Your registration, Rosalind R. Reyes')
    // Cancelling without ticking the box is refused by the box, on the page itself.
    await page.getByRole('button', { name: 'Cancel registration' }).click()
    await expect.poll(() => page.getByText('Tick the box to confirm that you give up your place.').count()).toBe(1)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your registration, Rosalind R. Reyes')
    await page.getByLabel('Yes, cancel my registration').check()
    await page.getByRole('button', { name: 'Cancel registration' }).click()
    await expect.poll(() => page.getByText('Your registration is cancelled.').count()).toBeGreaterThan(0)
    await expectAccessible(page)

    await second.reload()
    await expect.poll(() => second.getByRole('status').first().textContent()).toMatch(/place is confirmed/i)
    await second.close()

    const organizer = await openPage(browser)
    await logInAsDemoOrganizer(organizer, '/admin/outbox')
    const promotedRow = organizer
      .getByRole('row')
      .filter({ hasText: 'tariq@example.org' })
      .filter({ hasText: 'A place opened up' })
    await expect.poll(() => promotedRow.count()).toBe(1)
    await expectAccessible(organizer)
    await organizer.close()
  })

  it('works with the keyboard alone', async () => {
    const keyboard = await openPage(browser)
    await keyboard.goto(`${summit}/register`)
    const focusedLabel = () =>
      keyboard.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null
        if (!el) return ''
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null
        return (label ?? el.closest('label')?.textContent ?? el.textContent ?? '').trim()
      })
    async function tabTo(label: string | RegExp) {
      for (let i = 0; i < 80; i++) {
        await keyboard.keyboard.press('Tab')
        const current = await focusedLabel()
        if (typeof label === 'string' ? current === label : label.test(current)) return
      }
      throw new Error(`Tab never reached ${label}`)
    }
    await tabTo('Name')
    await keyboard.keyboard.type('Keyboard Kim')
    await tabTo('Email')
    await keyboard.keyboard.type('kim@example.org')
    await tabTo('NetworkX')
    await keyboard.keyboard.press('Space')
    await tabTo(/^(In person|Remote)$/)
    // Arrow keys move within a radio group and select.
    await keyboard.keyboard.press('ArrowDown')
    await tabTo(/^(Astronomy|Neuroscience|Geosciences|Bioimaging|Other)$/)
    await keyboard.keyboard.press('ArrowDown')
    await tabTo(/^(Register|Join the waiting list)$/)
    await keyboard.keyboard.press('Enter')
    await keyboard.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
    await expect
      .poll(() => keyboard.getByRole('heading', { level: 1 }).textContent())
      .toBe('Your registration, Keyboard Kim')
    await keyboard.close()
  })

  it('works without JavaScript too', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const noScript = await context.newPage()
    await noScript.goto(`${summit}/register`)
    await noScript.getByLabel('Name', { exact: true }).fill('Plain HTML')
    await noScript.getByLabel('Email').fill('plain@example.org')
    await noScript.getByRole('radio', { name: 'Remote' }).check()
    await noScript.getByRole('radio', { name: 'Other' }).check()
    await noScript.getByRole('button', { name: /Register|Join the waiting list/ }).click()
    await noScript.waitForURL(/\/r\/[\w-]+\?welcome=1$/)
    expect(await noScript.getByRole('heading', { level: 1 }).textContent()).toBe('Your registration, Plain HTML')
    await context.close()
  })

  it('the organizer sees counts, the waiting list and the project chart; the page passes axe', async () => {
    const organizer = await openPage(browser)
    await logInAsDemoOrganizer(organizer, '/admin')
    await organizer.getByRole('link', { name: 'Domain Stacks Summit' }).click()
    await organizer.getByRole('link', { name: 'Registrations' }).click()
    await organizer.waitForURL(/\/registrations$/)
    await expect.poll(() => organizer.getByRole('heading', { name: 'Registrations by project' }).count()).toBe(1)
    expect(await organizer.getByRole('row').filter({ hasText: 'Waiting list #1' }).count()).toBe(1)
    await organizer.getByLabel('Status', { exact: true }).selectOption('waitlisted')
    await organizer.getByRole('button', { name: 'Filter' }).click()
    await organizer.waitForURL(/status=waitlisted/)
    await screenshot(organizer, 'organizer-registrations')
    await expectAccessible(organizer)
    await organizer.getByRole('link', { name: 'Questions' }).click()
    await organizer.waitForURL(/\/questions$/)
    await expectAccessible(organizer)
    await organizer.close()
  })

  it("the organizer reads a registration's status history, on a 390 px phone too", async () => {
    const phone = await openPage(browser, { viewport: { width: 390, height: 844 } })
    await logInAsDemoOrganizer(phone, '/admin')
    await phone.getByRole('link', { name: 'Domain Stacks Summit' }).click()
    await phone.getByRole('link', { name: 'Registrations' }).click()
    await phone.waitForURL(/\/registrations$/)
    await phone.getByRole('searchbox', { name: 'Search' }).fill('tariq@example.org')
    await phone.getByRole('button', { name: 'Filter' }).click()
    await phone.waitForURL(/q=tariq/)
    const row = phone.getByRole('row').filter({ hasText: 'Tariq Aziz' })
    await expect.poll(() => row.count()).toBe(1)
    // Tariq waited, and was confirmed when Rosalind cancelled (the test above).
    await row.getByText('Status history').click()
    const steps = row.getByRole('listitem')
    await expect.poll(() => steps.count()).toBe(2)
    expect(await steps.nth(0).textContent()).toMatch(/UTC: Registered, waiting list, by the attendee$/)
    expect(await steps.nth(1).textContent()).toMatch(
      /UTC: Waiting list →\s*to Confirmed, automatically: “A place opened up”$/,
    )
    const box = (await row.getByRole('list').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    await screenshot(phone, 'organizer-registration-history-390')
    await expectAccessible(phone)
    await phone.close()
  })

  it('the participant list shows names by project, no emails', async () => {
    await page.goto(`${summit}/participants`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Who is coming')
    expect(await page.locator('main').textContent()).not.toContain('@')
    await expectAccessible(page)
  })
})
