import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EmbeddedDatabaseBusyError, lockEmbeddedDatabase } from '../../server/embedded-lock'

const dirs: string[] = []
const children: ChildProcess[] = []

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'convene-lock-'))
  dirs.push(dir)
  return dir
}

/** Starts tests/support/lock-holder.ts on `dir` and resolves once it holds the lock. */
async function startHolder(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/lock-holder.ts', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stderr!.on('data', (chunk) => (err += String(chunk)))
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += String(chunk)
      if (out.includes(`locked ${child.pid}\n`)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`The lock holder exited (${code}) before locking:\n${err}`)))
  })
  return child
}

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}

afterEach(async () => {
  for (const child of children.splice(0)) await kill(child, 'SIGTERM')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  vi.restoreAllMocks()
})

describe('the embedded database lock', () => {
  it('is taken at once from a holder that was killed, and says so', async () => {
    const dir = dataDir()
    const holder = await startHolder(dir)
    const deadPid = holder.pid
    await kill(holder, 'SIGKILL')
    // Killed: nothing released the lock, which still looks fresh to proper-lockfile's 15-second staleness.
    expect(existsSync(path.join(dir, 'convene.lock'))).toBe(true)

    const said = vi.spyOn(console, 'error').mockImplementation(() => {})
    const release = await lockEmbeddedDatabase(dir, 'the test')
    try {
      expect(said).toHaveBeenCalledWith(
        expect.stringContaining(`process ${deadPid} (the lock holder), which no longer runs`),
      )
      const owner = JSON.parse(readFileSync(path.join(dir, 'convene.lock.owner.json'), 'utf8')) as { pid: number }
      expect(owner.pid).toBe(process.pid)
    } finally {
      await release()
    }
    expect(existsSync(path.join(dir, 'convene.lock'))).toBe(false)
    expect(existsSync(path.join(dir, 'convene.lock.owner.json'))).toBe(false)
  })

  it('is refused while its holder runs, naming that process', async () => {
    const dir = dataDir()
    const holder = await startHolder(dir)
    const attempt = lockEmbeddedDatabase(dir, 'the test')
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError)
    await expect(attempt).rejects.toThrow(`process ${holder.pid} (the lock holder), which is running`)

    // Stopped cleanly, the holder releases it and the next process takes it without a word.
    await kill(holder, 'SIGTERM')
    const said = vi.spyOn(console, 'error').mockImplementation(() => {})
    const release = await lockEmbeddedDatabase(dir, 'the test')
    await release()
    expect(said).not.toHaveBeenCalled()
  })

  it('is refused to a second taker in the same process', async () => {
    const dir = dataDir()
    const release = await lockEmbeddedDatabase(dir, 'the first taker')
    try {
      await expect(lockEmbeddedDatabase(dir, 'the second taker')).rejects.toThrow(
        `process ${process.pid} (the first taker), which is running`,
      )
    } finally {
      await release()
    }
  })
})
