import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { startConveneServer } from '../support/convene-process'
import { createTestDatabaseEnv } from '../support/test-database'

const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-logs-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

it('writes one JSON object a line per request when its output is not a terminal', async () => {
  const database = await createTestDatabaseEnv(dataDir)
  const env: NodeJS.ProcessEnv = { ...process.env, ...database.env, LOG_LEVEL: 'info', NODE_ENV: 'development' }
  if (!database.env.DATABASE_URL) delete env.DATABASE_URL
  const server = await startConveneServer(env)
  try {
    const from = server.output.length
    expect((await fetch(`${server.baseUrl}/events/no-such-summit?x=1`)).status).toBe(404)
    const line = await server.waitForLine(/no-such-summit/, { from, timeoutMs: 10_000 })
    const entry = JSON.parse(line) as Record<string, unknown>
    expect(entry).toMatchObject({
      level: 30,
      req: { method: 'GET', path: '/events/no-such-summit' },
      res: { status: 404 },
    })
    expect(typeof entry.responseTime).toBe('number')
    expect(typeof entry.time).toBe('number')
  } finally {
    await server.stop()
    await database.drop()
  }
})
