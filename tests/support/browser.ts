import { mkdirSync } from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = path.resolve(import.meta.dirname, '../.artifacts')

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

const cspViolations = new WeakMap<Page, string[]>()

/**
 * A page in a context of its own (axe needs one made with newContext). Every Content-Security-Policy
 * violation Chromium reports on it is kept, and `expectAccessible` fails on any.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  const violations: string[] = []
  cspViolations.set(page, violations)
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`)
  })
  return page
}

/** Fails listing the CSP violations seen on the page since it was opened. */
export function expectNoCspViolations(page: Page): void {
  expect(cspViolations.get(page) ?? [], 'Content-Security-Policy violations').toEqual([])
}

/** Scans the page as it is now against WCAG 2.0/2.1/2.2 A and AA and fails listing every violation. */
export async function expectAccessible(page: Page): Promise<void> {
  // axe runs inside each frame it checks; a frame sandboxed without scripts (the outbox's HTML email preview)
  // never answers it, so the scan would hang. What such a frame shows is an email, not a page of ours.
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .exclude('iframe[sandbox=""]')
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  )
  expect(summary, `axe violations on ${page.url()}`).toEqual([])
  expectNoCspViolations(page)
}

/** Keeps a full-page screenshot under tests/.artifacts for people to look at; not compared by tests. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })
}

/** Logs the demo organizer in through the login form and waits to land on `redirectTo`. */
export async function logInAsDemoOrganizer(page: Page, redirectTo: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}/login?redirectTo=${encodeURIComponent(redirectTo)}`)
  await page.getByLabel('Email').fill('organizer@example.org')
  await page.getByLabel('Password').fill('convene-demo')
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL((url) => url.pathname === redirectTo)
}
