import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, expect, it } from 'vitest'
import { freePort } from '../support/convene-process'

const root = path.resolve(import.meta.dirname, '../..')
const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-signals-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Whether something accepts connections on the port now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

it('`npm start` stops the server on SIGTERM instead of leaving it running as an orphan', async () => {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  }
  delete env.DATABASE_URL
  const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  createInterface({ input: npm.stderr! }).on('line', (line) => output.push(line))
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: npm.stdout! }).on('line', (line) => {
      output.push(line)
      if (line.includes('Convene is running at')) resolve()
    })
    npm.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output.join('\n')}`)))
  })
  expect(await listening(port)).toBe(true)

  const npmExited = new Promise((resolve) => npm.once('exit', resolve))
  npm.kill('SIGTERM') // as a process manager or a terminal's close would: to npm, not to its children
  await npmExited
  // The server notices it was left behind and shuts down, releasing the port.
  await expect.poll(() => listening(port), { timeout: 15_000, interval: 100 }).toBe(false)
}, 120_000)
