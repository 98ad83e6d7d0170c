import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnConvene, startConveneServer, type ConveneProcess } from '../support/convene-process'

/**
 * The web server and the worker, as deployed, on a PostgreSQL database of their own; then every connection of
 * that database is terminated and new ones refused (what a restart or failover looks like from outside), and
 * later allowed again. Needs a PostgreSQL server; PGlite has no connections to drop.
 */
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('a database outage under a running server and worker', () => {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://localhost/test')
  const name = `convene_outage_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base.toString() })
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-outage-'))
  let server: ConveneProcess & { baseUrl: string }
  let worker: ConveneProcess

  const databaseUrl = () => {
    const url = new URL(base)
    url.pathname = `/${name}`
    return url.toString()
  }
  const setConnectionsAllowed = (allowed: boolean) =>
    admin.query(`alter database ${name} with allow_connections ${allowed}`)
  const terminateAll = () =>
    admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    )

  beforeAll(async () => {
    await admin.connect()
    await admin.query(`create database ${name}`)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl(),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'o'.repeat(40),
    }
    delete env.SMTP_URL
    server = await startConveneServer(env)
    // The worker migrates graphile-worker's schema on start; started after the server has migrated ours.
    worker = spawnConvene('jobs/worker.ts', env)
    await worker.waitForLine(/Convene worker .*running tasks/)
  })

  afterAll(async () => {
    await server?.stop()
    await worker?.stop()
    await setConnectionsAllowed(true).catch(() => {})
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps both processes up, answers 503 with Retry-After meanwhile, and serves normally once it is back', async () => {
    const page = (pathname: string, init: RequestInit = {}) =>
      fetch(`${server.baseUrl}${pathname}`, { headers: { accept: 'text/html' }, redirect: 'manual', ...init })
    expect((await page('/')).status).toBe(200)
    const events = (await (await fetch(`${server.baseUrl}/api/v1/events`)).json()) as { events: { slug: string }[] }
    const slug = events.events[0]!.slug

    const [serverFrom, workerFrom] = [server.output.length, worker.output.length]
    await setConnectionsAllowed(false)
    await terminateAll()
    // Both processes held idle connections; each hears of its loss and says so rather than exiting.
    await server.waitForLine(/a database connection was lost/, { from: serverFrom })
    await worker.waitForLine(/a database connection was lost/, { from: workerFrom })

    const home = await page('/')
    expect(home.status).toBe(503)
    expect(home.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await home.text()).toContain('cannot reach its database')

    const api = await fetch(`${server.baseUrl}/api/v1/events`)
    expect(api.status).toBe(503)
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(api.headers.get('content-type')).toContain('application/json')
    expect(await api.json()).toMatchObject({ error: expect.stringContaining('database') })

    const feed = await fetch(`${server.baseUrl}/events/${slug}/calendar.ics`)
    expect(feed.status).toBe(503)
    expect(feed.headers.get('retry-after')).toMatch(/^\d+$/)

    const register = await page(`/events/${slug}/register`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'Ada', email: 'ada@example.org' }),
    })
    expect(register.status).toBe(503)

    const health = await fetch(`${server.baseUrl}/healthz`)
    expect(health.status).toBe(503)

    expect(server.child.exitCode).toBeNull()
    expect(worker.child.exitCode).toBeNull()

    await setConnectionsAllowed(true)
    // The pool connects afresh on the next query: no waiting, no restart.
    expect((await page('/')).status).toBe(200)
    expect((await fetch(`${server.baseUrl}/api/v1/events`)).status).toBe(200)
    expect((await fetch(`${server.baseUrl}/events/${slug}/calendar.ics`)).status).toBe(200)

    // The worker takes jobs again: one queued now is run and removed.
    const client = new pg.Client({ connectionString: databaseUrl() })
    await client.connect()
    try {
      const { rows } = await client.query<{ id: string }>(
        "select id from graphile_worker.add_job('send-email', '{}'::json)",
      )
      const jobId = rows[0]!.id
      const remaining = async () =>
        Number(
          (await client.query('select count(*) from graphile_worker._private_jobs where id = $1', [jobId])).rows[0]
            .count,
        )
      await expect.poll(remaining, { timeout: 20_000, interval: 200 }).toBe(0)
    } finally {
      await client.end()
    }
    expect(server.child.exitCode).toBeNull()
    expect(worker.child.exitCode).toBeNull()
  })
})
