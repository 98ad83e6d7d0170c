import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, launchBrowser, logInAsDemoOrganizer, openPage, screenshot } from '../support/browser'

// Slides and attachments as an organizer adds them on a phone, JavaScript on: a file chosen and described, a
// renamed program refused by its content, a link; then the session page lists them and serves the files. A session
// of the past summit that no other test attaches to.
const baseUrl = inject('baseUrl')
const SESSION = 'Sparse arrays and dispatching'
const PHONE = { width: 390, height: 844 }
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)])
const NOTES = '# Sparse arrays\n\n- sparray first\n- then dispatching\n'

let browser: Browser
let page: Page
let sessionUrl: string

const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })
const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth)
const fileInput = () => page.getByLabel('File', { exact: true })
const uploadForm = () => page.locator('#attachment-upload')

async function attach(file: { name: string; mimeType: string; buffer: Buffer }, altText?: string) {
  await fileInput().setInputFiles(file)
  if (altText !== undefined) await page.getByLabel('Description of the image (alt text)').fill(altText)
  await page.getByRole('button', { name: 'Attach file' }).click()
}

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openPage(browser, { viewport: PHONE })
  await logInAsDemoOrganizer(page, '/admin')
})
afterAll(async () => {
  await browser?.close()
})

describe('slides and attachments', () => {
  it('the session page links organizers to the attachments page', async () => {
    await page.goto(`${baseUrl}/events/api-dispatching-summit/agenda`)
    await page.getByRole('link', { name: SESSION }).first().click()
    await page.waitForURL(/\/sessions\/\d+$/)
    sessionUrl = page.url()
    const section = page.getByRole('region', { name: 'Slides and attachments' })
    await eventually(() => section.getByText('Nothing attached yet.').count()).toBe(1)
    await section.getByRole('link', { name: 'Manage attachments' }).click()
    await page.waitForURL(/\/attachments$/)
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Slides and attachments')
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width)
    await expectAccessible(page)
  })

  it('asks for alt text before uploading an image, then attaches it', async () => {
    await attach({ name: 'whiteboard.png', mimeType: 'image/png', buffer: PNG })
    const altError = uploadForm().getByText('Describe the image for people who cannot see it (its alt text)')
    await eventually(() => altError.count()).toBe(1)
    expect(await page.getByRole('status').count()).toBe(0)

    await page.getByLabel('Description of the image (alt text)').fill('Whiteboard: sparray first, then dispatching')
    await page.getByRole('button', { name: 'Attach file' }).click()
    await eventually(() => page.getByRole('status').textContent()).toBe('Attached “whiteboard” as whiteboard.png.')
    const attached = page.getByRole('region', { name: 'Attached' })
    await eventually(() =>
      attached.getByRole('img', { name: 'Whiteboard: sparray first, then dispatching' }).count(),
    ).toBe(1)
    // The form is empty again for the next file.
    expect(await fileInput().inputValue()).toBe('')
  })

  it('refuses a file over 25 MB in the browser, before sending any of it', async () => {
    const posts: string[] = []
    const onRequest = (request: { method: () => string; url: () => string }) => {
      if (request.method() === 'POST') posts.push(request.url())
    }
    page.on('request', onRequest)
    await attach({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(25 * 1024 * 1024 + 1, 0x20) })
    const refusal = uploadForm().getByText(/^This file is larger than 25 MB: attach files of at most 25 MB each/)
    await eventually(() => refusal.count()).toBe(1)
    page.off('request', onRequest)
    expect(posts).toEqual([])
  })

  it('refuses a program renamed to .pdf, by its content, next to the file field', async () => {
    await attach({ name: 'slides.pdf', mimeType: 'application/pdf', buffer: ELF })
    const refusal = uploadForm().getByText(
      /“slides\.pdf” is a Linux program \(ELF executable\), whatever its name says/,
    )
    await eventually(() => refusal.count()).toBe(1)
    expect(await fileInput().getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByRole('region', { name: 'Attached' }).getByRole('listitem').count()).toBe(1)
    await screenshot(page, 'attachments-390')
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width)
    await expectAccessible(page)
  })

  it('attaches notes in Markdown and a link, each listed in order', async () => {
    await attach({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from(NOTES) })
    await eventually(() => page.getByRole('status').textContent()).toBe('Attached “notes” as notes.md.')
    await page.getByLabel('Address').fill('https://speakerdeck.com/example/sparse-arrays')
    await page.locator('#attachment-link').getByLabel('Title').fill('Slides on Speaker Deck')
    await page.getByRole('button', { name: 'Add link' }).click()
    await eventually(() => page.getByRole('status').textContent()).toBe('Added the link “Slides on Speaker Deck”.')
    const attached = page.getByRole('region', { name: 'Attached' })
    await eventually(() => attached.getByRole('listitem').count()).toBe(3)
    expect(
      await attached.getByRole('link', { name: /^(whiteboard|notes|Slides on Speaker Deck)$/ }).allTextContents(),
    ).toEqual(['whiteboard', 'notes', 'Slides on Speaker Deck'])
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width)
    await expectAccessible(page)
  })

  it('the session page lists them, the image with its alt text, and serves the files by range', async () => {
    await page.goto(sessionUrl)
    const section = page.getByRole('region', { name: 'Slides and attachments' })
    await eventually(() => section.getByRole('listitem').count()).toBe(3)
    expect(await section.getByRole('img', { name: 'Whiteboard: sparray first, then dispatching' }).count()).toBe(1)
    expect(await section.getByText(/\(Markdown, \d+ bytes, download\)/).count()).toBe(1)
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'session-attachments-390')
    await expectAccessible(page)

    const href = (await section.getByRole('link', { name: 'notes', exact: true }).getAttribute('href'))!
    expect(href).toMatch(/\/attachments\/\d+\/notes\.md$/)
    // Through the whole server (compression included), as a browser or a download manager asks.
    const whole = await page.request.get(`${baseUrl}${href}`, { headers: { 'accept-encoding': 'gzip, br' } })
    expect(whole.status()).toBe(200)
    expect(await whole.text()).toBe(NOTES)
    expect(whole.headers()).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename=notes.md',
      'accept-ranges': 'bytes',
    })
    // Said by the route and by helmet for every response: browsers read the first value.
    expect(whole.headers()['x-content-type-options']?.split(', ')[0]).toBe('nosniff')
    // The site's policy and the file's own: a browser enforces both, so the stricter one wins.
    expect(whole.headers()['content-security-policy']).toMatch(/default-src 'none'.*sandbox/)
    const part = await page.request.get(`${baseUrl}${href}`, {
      headers: { range: 'bytes=0-9', 'accept-encoding': 'gzip, br' },
    })
    expect(part.status()).toBe(206)
    expect(part.headers()['content-range']).toBe(`bytes 0-9/${Buffer.byteLength(NOTES)}`)
    expect(part.headers()['content-encoding']).toBeUndefined()
    expect(await part.text()).toBe(NOTES.slice(0, 10))
    const outside = await page.request.get(`${baseUrl}${href}`, { headers: { range: 'bytes=5000-' } })
    expect(outside.status()).toBe(416)
  })

  it('takes slides of several megabytes through the real server (more than any other form may send)', async () => {
    await page.goto(sessionUrl.replace(/\/?$/, '/attachments'))
    // A real PDF's framing around 6 MB of content: above the site's 2 MB limit for forms, below the 25 MB one.
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(6 * 1024 * 1024, 0x20),
      Buffer.from('\n%%EOF\n'),
    ])
    await attach({ name: 'big-slides.pdf', mimeType: 'application/pdf', buffer: pdf })
    await eventually(() => page.getByRole('status').textContent()).toMatch(
      /^Attached “big-slides” as big-slides\.pdf\.$/,
    )
    const href = await page
      .getByRole('region', { name: 'Attached' })
      .getByRole('link', { name: 'big-slides' })
      .getAttribute('href')
    const head = await page.request.head(`${baseUrl}${href}`)
    expect(head.headers()['content-length']).toBe(String(pdf.length))
  })
})
