import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import lockfile from 'proper-lockfile'

export class EmbeddedDatabaseBusyError extends Error {}

const STALE_MS = 15_000

/** Who holds the lock, written beside it by the holder: enough to tell at once whether it still runs. */
type LockOwner = { pid: number; hostname: string; token: string; who: string }

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>
    if (
      Number.isInteger(owner.pid) &&
      typeof owner.hostname === 'string' &&
      typeof owner.token === 'string' &&
      // The token names a folder below: nothing but hex.
      /^[0-9a-f]{32}$/.test(owner.token)
    ) {
      return { pid: owner.pid!, hostname: owner.hostname, token: owner.token, who: String(owner.who ?? 'Convene') }
    }
  } catch {
    // Missing (a holder that has not written it yet, or an older Convene) or unreadable: unknown owner.
  }
  return undefined
}

/** Whether a process of this machine runs: signal 0 checks without signalling; EPERM means it runs as another user. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Only one process may open the embedded PGlite folder; a second one would corrupt it. The server and every
 * CLI take this lock first and refuse clearly when another process holds it, naming that process.
 *
 * The lock is proper-lockfile's (a folder whose mtime the holder refreshes; stale after 15 seconds, which also
 * covers a holder on another machine sharing the folder). Beside it the holder writes its pid, host and a
 * token, so a holder of this machine that was killed (kill -9, a crash: nothing could release the lock) is seen
 * dead at once and its lock taken over, instead of refusing every start for 15 seconds.
 */
export async function lockEmbeddedDatabase(dataDir: string, who: string): Promise<() => Promise<void>> {
  if (dataDir.startsWith('memory://')) return async () => {}
  const dir = path.resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  const lockPath = path.join(dir, 'convene.lock')
  const ownerPath = path.join(dir, 'convene.lock.owner.json')

  const acquire = async () => {
    const release = await lockfile.lock(dir, {
      lockfilePath: lockPath,
      stale: STALE_MS,
      update: 5_000,
      realpath: false,
      onCompromised: (error) => {
        console.error(`The lock on the embedded database in ${dataDir} was lost (${error.message}); stopping ${who}.`)
        process.exit(1)
      },
    })
    const me: LockOwner = { pid: process.pid, hostname: hostname(), token: randomBytes(16).toString('hex'), who }
    writeFileSync(ownerPath, JSON.stringify(me))
    return async () => {
      if (readOwner(ownerPath)?.token === me.token) rmSync(ownerPath, { force: true })
      await release()
    }
  }

  /**
   * Removes the lock of a holder found dead. Two processes starting together may both find it dead: the marker
   * folder (mkdir is atomic) lets one of them do it, and the other then simply meets the new holder. Returns the
   * marker's removal, to call once the lock is ours (or not), or undefined when another process is at it.
   */
  const removeDeadLock = (dead: LockOwner): (() => void) | undefined => {
    const marker = path.join(dir, `convene.lock.takeover-${dead.token}`)
    try {
      mkdirSync(marker)
    } catch {
      return undefined
    }
    const done = () => rmSync(marker, { recursive: true, force: true })
    // The owner may have changed since it was read (a quicker process took over and holds the lock now).
    if (readOwner(ownerPath)?.token !== dead.token) {
      done()
      return undefined
    }
    rmSync(lockPath, { recursive: true, force: true })
    rmSync(ownerPath, { force: true })
    return done
  }

  try {
    return await acquire()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error
  }
  const owner = readOwner(ownerPath)
  if (owner && owner.hostname === hostname() && !isRunning(owner.pid)) {
    const done = removeDeadLock(owner)
    if (done) {
      console.error(
        `The embedded database in ${dataDir} was locked by process ${owner.pid} (${owner.who}), which no longer ` +
          'runs (it was killed or crashed); taking the lock over.',
      )
      try {
        return await acquire()
      } catch (error) {
        if ((error as { code?: string }).code !== 'ELOCKED') throw error
      } finally {
        done()
      }
    }
  }
  throw busyError(dataDir, who, readOwner(ownerPath))
}

function busyError(dataDir: string, who: string, owner: LockOwner | undefined): EmbeddedDatabaseBusyError {
  const here = owner?.hostname === hostname()
  const holder = !owner
    ? ''
    : here
    ? `: process ${owner.pid} (${owner.who}), which is running`
    : `: process ${owner.pid} (${owner.who}) on ${owner.hostname}`
  const later =
    owner && !here ? ` If that process no longer runs, the lock frees itself within ${STALE_MS / 1000} seconds.` : ''
  return new EmbeddedDatabaseBusyError(
    `Another Convene process (most likely the running server) holds the embedded database in ${dataDir}${holder}.\n` +
      `Only one process can open it at a time. Stop it (Ctrl-C) and run ${who} again, ` +
      `or set DATABASE_URL to use PostgreSQL, where any number of processes can connect.${later}`,
  )
}
