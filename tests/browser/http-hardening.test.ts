import http from 'node:http'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startConveneServer, type ConveneProcess } from '../support/convene-process'

const baseUrl = inject('baseUrl')

const PAGES = [
  '/',
  '/login',
  '/events/domain-stacks-summit',
  '/events/domain-stacks-summit/agenda',
  '/events/domain-stacks-summit/register',
  '/events/domain-stacks-summit/changes',
  '/events/no-such-summit',
]

describe('what the HTTP server answers before Remix runs', () => {
  it('sends a Content-Security-Policy whose nonce is on every inline script of every page', async () => {
    for (const pathname of PAGES) {
      const response = await fetch(`${baseUrl}${pathname}`)
      const policy = response.headers.get('content-security-policy') ?? ''
      expect(policy, pathname).toContain("default-src 'self'")
      expect(policy, pathname).toContain("script-src-attr 'none'")
      expect(policy, pathname).toContain('frame-src https://www.youtube-nocookie.com')
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1]
      expect(nonce, pathname).toBeTruthy()
      const html = await response.text()
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(scripts.length, pathname).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag, pathname).toContain(`nonce="${nonce}"`)
      // No inline event handlers anywhere in what we render.
      expect(html, pathname).not.toMatch(/<[^>]+\son[a-z]+=/i)
    }
    // A fresh nonce per render. (Published pages answered from memory keep the nonce of the render that filled
    // the entry, in their HTML and their header alike: docs/decisions/017-published-content-cache.md.)
    const again = await fetch(`${baseUrl}/login`)
    expect(again.headers.get('content-security-policy')).not.toBe(
      (await fetch(`${baseUrl}/login`)).headers.get('content-security-policy'),
    )
  })

  it('answers a malformed address 400 in plain words, without a stack trace or file paths', async () => {
    for (const pathname of ['/events/%E0%A4%A', '/%', '/assets/%E0%A4%A.js', '/api/v1/events/%ZZ']) {
      const response = await fetch(`${baseUrl}${pathname}`)
      expect(response.status, pathname).toBe(400)
      const body = await response.text()
      expect(body, pathname).not.toMatch(/URIError|at .*\(|\/work\/|node_modules|<pre>/)
    }
  })

  it('answers a NUL byte in the address 400', async () => {
    expect((await fetch(`${baseUrl}/events/a%00b`)).status).toBe(400)
    expect((await fetch(`${baseUrl}/r/abc%00def`)).status).toBe(400)
    const api = await fetch(`${baseUrl}/api/v1/events/a%00b`)
    expect(api.status).toBe(400)
    expect(await api.json()).toMatchObject({ error: expect.stringContaining('NUL') })
  })

  it('refuses a form posted from another site with 403, not 500', async () => {
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.c&password=x',
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('another site')
  })
})

/** Reads a process's resident memory from /proc (Linux). */
function residentBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) * 1024
}

/**
 * Posts `total` bytes chunked (no Content-Length, so only counting while streaming can stop it) and resolves
 * with the status as soon as the server answers, which it may do long before the body is sent.
 */
function postChunked(url: string, total: number, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': contentType } })
    let answered = false
    request.on('response', (response) => {
      answered = true
      response.resume()
      resolve(response.statusCode ?? 0)
      request.destroy()
    })
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length
        if (!request.write(chunk)) {
          request.once('drain', pump)
          return
        }
      }
      if (!answered) request.end()
    }
    pump()
  })
}

describe('a server on the embedded database', () => {
  let server: ConveneProcess & { baseUrl: string }
  beforeAll(async () => {
    // A server of its own, so that its memory is measured alone.
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: 'memory://', LOG_LEVEL: 'warn' }
    delete env.DATABASE_URL
    server = await startConveneServer(env)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('runs the job schedule in the web process, as the embedded database has no worker', () => {
    expect(server.output).toContain(
      'Scheduled tasks run in this process: send-email, schedule-recording-syncs, purge-expired-records',
    )
  })

  it('is refused with 413 while streaming, ten at once, without the memory to hold any of them', async () => {
    const pid = server.child.pid!
    const before = residentBytes(pid)
    const fifty = 50 * 1024 * 1024
    const statuses = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        postChunked(
          `${server.baseUrl}/events/domain-stacks-summit/register`,
          fifty,
          'application/x-www-form-urlencoded',
        ),
      ),
      ...Array.from({ length: 3 }, () =>
        postChunked(`${server.baseUrl}/events/domain-stacks-summit/register`, fifty, 'multipart/form-data; boundary=x'),
      ),
      ...Array.from({ length: 3 }, () =>
        postChunked(`${server.baseUrl}/api/v1/events/domain-stacks-summit/registrations`, fifty, 'application/json'),
      ),
    ])
    expect(statuses).toEqual(Array(10).fill(413))
    // Buffering them would have taken 500 MB; streaming to the 2 MB limit takes a few.
    expect(residentBytes(pid) - before).toBeLessThan(100 * 1024 * 1024)

    // A body declared larger than the limit is refused on its headers alone.
    const early = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.baseUrl}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(fifty) },
      })
      request.on('response', (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
        request.destroy()
      })
      request.on('error', reject)
      request.write('{')
    })
    expect(early).toBe(413)
    expect(server.child.exitCode).toBeNull()
  })
})
