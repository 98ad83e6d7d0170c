import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startConveneServer } from './convene-process'
import { createTestDatabaseEnv } from './test-database'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

/**
 * Starts Convene as `npm start` would (building it first if needed) on a database of its own, with the demo
 * data, for the browser tests.
 */
export default async function startTestServer(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-browser-'))
  const database = await createTestDatabaseEnv(dataDir)
  const env: NodeJS.ProcessEnv = { ...process.env, ...database.env, LOG_LEVEL: 'warn' }
  if (!database.env.DATABASE_URL) delete env.DATABASE_URL
  const server = await startConveneServer(env)
  project.provide('baseUrl', server.baseUrl)
  return async () => {
    await server.stop()
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
