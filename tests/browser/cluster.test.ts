import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConveneServer, type ConveneProcess } from '../support/convene-process'
import { createTestDatabaseEnv } from '../support/test-database'

type Server = ConveneProcess & { baseUrl: string }

/** A JSON log line, or undefined for anything else the server printed. */
function parseLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/**
 * GETs a cheap static file under a request id of our own, on a connection of its own (node:cluster hands out
 * connections, not requests: fetch's kept-alive connection would stay with one process), resolving with the
 * status.
 */
function getOnNewConnection(server: Server, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${server.baseUrl}/favicon.svg`,
      { agent: false, headers: { 'x-request-id': id } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      },
    )
    request.on('error', reject)
  })
}

/**
 * One request and the access line the server logged for it (the access log is asynchronous: the line is
 * awaited, never assumed written by the time of the answer).
 */
async function requestAndItsAccessLine(server: Server): Promise<Record<string, unknown>> {
  const id = randomUUID()
  const from = server.output.length
  expect(await getOnNewConnection(server, id)).toBe(200)
  return parseLine(await server.waitForLine(new RegExp(`"id":"${id}"`), { from, timeoutMs: 10_000 }))!
}

/** Requests until one is answered by a process `accept` likes, at most `tries` times; resolves with its pid. */
async function answeredBy(server: Server, accept: (pid: number) => boolean, tries = 40): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const pid = (await requestAndItsAccessLine(server)).pid as number
    if (accept(pid)) return pid
  }
  throw new Error(`no answer from the expected web process in ${tries} requests`)
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function startedWebProcesses(server: Server, from = 0): number[] {
  return server.output
    .slice(from)
    .map(parseLine)
    .filter((entry) => entry?.msg === 'web process started')
    .map((entry) => entry!.webProcess as number)
}

const exited = (server: Server) =>
  new Promise<number | null>((resolve) =>
    server.child.exitCode !== null ? resolve(server.child.exitCode) : server.child.once('exit', resolve),
  )

/**
 * WEB_CONCURRENCY web processes on one PostgreSQL database, forked by node:cluster from a primary that has
 * migrated once and supervises them. Each access line names the pid of the process that answered.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('WEB_CONCURRENCY=2 on PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-cluster-'))
  let drop = async () => {}
  let server: Server

  beforeAll(async () => {
    const database = await createTestDatabaseEnv(dataDir)
    drop = database.drop
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...database.env,
      WEB_CONCURRENCY: '2',
      LOG_LEVEL: 'info',
      DEMO_DATA: 'never',
      SESSION_SECRET: randomBytes(32).toString('hex'),
    }
    delete env.SMTP_URL
    server = await startConveneServer(env)
  })

  afterAll(async () => {
    await server?.stop()
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers from two processes, replaces one killed, and stops them all on SIGTERM, last access line included', async () => {
    const primary = server.child.pid!
    expect(server.output.join('\n')).toMatch(/Convene is running at .*2 web processes/)
    // The email sender runs in the primary only (without SMTP_URL it says it is off, once).
    expect(server.output.filter((line) => line.includes('email sending is off'))).toHaveLength(1)
    const forked = startedWebProcesses(server)
    expect(forked).toHaveLength(2)
    expect(forked).not.toContain(primary)

    const first = await answeredBy(server, () => true)
    const second = await answeredBy(server, (pid) => pid !== first)
    expect(new Set([first, second])).toEqual(new Set(forked))

    const fromKill = server.output.length
    process.kill(first, 'SIGKILL')
    await server.waitForLine(new RegExp(`"webProcess":${first},.*exited unexpectedly`), {
      from: fromKill,
      timeoutMs: 10_000,
    })
    // The other process answers meanwhile; a replacement is forked and takes requests too.
    expect((await requestAndItsAccessLine(server)).pid).toBe(second)
    await server.waitForLine(/web process started/, { from: fromKill, timeoutMs: 10_000 })
    const [replacement] = startedWebProcesses(server, fromKill)
    expect(replacement).not.toBe(first)
    expect(await answeredBy(server, (pid) => pid === replacement)).toBe(replacement)
    expect(isRunning(first)).toBe(false)

    const lastId = randomUUID()
    expect(await getOnNewConnection(server, lastId)).toBe(200)
    const code = exited(server)
    server.child.kill('SIGTERM')
    expect(await code).toBe(0)
    expect(server.output.some((line) => line.includes(`"id":"${lastId}"`))).toBe(true)
    expect([second, replacement!].filter(isRunning)).toEqual([])
  })
})

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('WEB_CONCURRENCY=2 on the embedded PGlite', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-cluster-pglite-'))
  let server: Server

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      WEB_CONCURRENCY: '2',
      LOG_LEVEL: 'info',
      DEMO_DATA: 'never',
    }
    delete env.DATABASE_URL
    delete env.SMTP_URL
    server = await startConveneServer(env)
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('runs one process, says so in one warning, and writes the last access line before it stops', async () => {
    const warnings = server.output.filter((line) => /WEB_CONCURRENCY/.test(line))
    expect(warnings).toHaveLength(1)
    // Logged before the ready line, and written before it too.
    expect(server.output.indexOf(warnings[0]!)).toBeLessThan(
      server.output.findIndex((line) => line.includes('Convene is running at')),
    )
    expect(parseLine(warnings[0]!)).toMatchObject({
      level: 40,
      msg: expect.stringMatching(/^WEB_CONCURRENCY=2 is ignored, running one web process: the embedded PGlite/),
    })
    expect(startedWebProcesses(server)).toEqual([])
    expect(server.output.join('\n')).not.toMatch(/web processes\)/)
    // Answered by the server itself: a lone process's lines carry no pid.
    expect((await requestAndItsAccessLine(server)).pid).toBeUndefined()

    const lastId = randomUUID()
    expect(await getOnNewConnection(server, lastId)).toBe(200)
    const code = exited(server)
    server.child.kill('SIGTERM')
    expect(await code).toBe(0)
    expect(server.output.some((line) => line.includes(`"id":"${lastId}"`))).toBe(true)
  })
})
