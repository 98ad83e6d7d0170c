import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { TestProject } from 'vitest/node'
import { createTestDatabaseEnv } from './test-database'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Resolves when the server prints its ready line; rejects with its output if it exits first. */
function waitUntilReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const output: string[] = []
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      output.push(line)
      const match = /Convene is running at (\S+)/.exec(line)
      if (match?.[1]) resolve(match[1])
    })
    child.stderr!.on('data', (chunk) => output.push(String(chunk)))
    child.once('exit', (code) => reject(new Error(`The test server exited (${code}):\n${output.join('\n')}`)))
  })
}

/**
 * Starts Convene as `npm start` would (building it first if needed) on a database of its own, with the demo
 * data, for the browser tests.
 */
export default async function startTestServer(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-browser-'))
  const database = await createTestDatabaseEnv(dataDir)
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  }
  if (!database.env.DATABASE_URL) delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await waitUntilReady(child)
  project.provide('baseUrl', `http://127.0.0.1:${port}`)
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
