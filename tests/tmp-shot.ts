import { chromium } from 'playwright-core'
const [base, path, out, width, scheme] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] })
const ctx = await browser.newContext({ viewport: { width: Number(width ?? 1280), height: 900 }, colorScheme: (scheme ?? 'light') as 'light' })
const page = await ctx.newPage()
page.on('console', m => console.log('console:', m.text()))
await page.goto(base + path); await page.waitForTimeout(500)
await page.screenshot({ path: out, fullPage: false })
await browser.close()
