import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { JobWorkerConfig, JobWorkerMessage } from './job-worker'

export type { JobWorkerMessage }
type JobMessage = Exclude<JobWorkerMessage, { event: 'ready' }>

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'job-worker.ts')

/**
 * A worker process (tests/support/job-worker.ts) on this test file's database, seen from the test: the job events
 * it reported, a way to wait for one, and kill. Its environment is the test's with `env` on top; it must not
 * inherit the developer's SMTP or YouTube settings, so they are unset unless given.
 */
export class JobWorkerProcess {
  readonly messages: JobMessage[] = []
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  workerId = ''
  stderr = ''
  private waiters: Array<() => void> = []

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
    void this.exited.then(() => this.notify())
    child.stderr?.on('data', (chunk) => (this.stderr += String(chunk)))
    child.on('message', (message: JobWorkerMessage) => {
      if (message.event === 'ready') this.workerId = message.workerId
      else this.messages.push(message)
      this.notify()
    })
  }

  static async start(config: JobWorkerConfig, env: Record<string, string | undefined> = {}): Promise<JobWorkerProcess> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', NO_LOG_SUCCESS: '1' }
    for (const name of ['SMTP_URL', 'YOUTUBE_API_KEY', 'YOUTUBE_API_ROOT_URL']) delete childEnv[name]
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete childEnv[name]
      else childEnv[name] = value
    }
    const child = fork(script, [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      env: childEnv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    const worker = new JobWorkerProcess(child)
    await worker.until(() => worker.workerId !== '', 'the worker to start')
    return worker
  }

  get pid(): number {
    return this.child.pid ?? 0
  }

  /** Resolves once `condition` holds (checked on every message); rejects if the process exits first or after `timeoutMs`. */
  async until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (condition()) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`Timed out waiting for ${what}.\n${this.stderr}`)), timeoutMs)
      const fail = (error: Error) => {
        clearTimeout(timer)
        this.waiters = this.waiters.filter((w) => w !== check)
        reject(error)
      }
      const check = () => {
        if (condition()) {
          clearTimeout(timer)
          this.waiters = this.waiters.filter((w) => w !== check)
          resolve()
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          fail(new Error(`The worker exited while waiting for ${what}.\n${this.stderr}`))
        }
      }
      this.waiters.push(check)
    })
  }

  /** The first message matching `match`, waiting for it if need be. */
  async next(match: (m: JobMessage) => boolean, what: string, timeoutMs?: number): Promise<JobMessage> {
    await this.until(() => this.messages.some(match), what, timeoutMs)
    return this.messages.find(match)!
  }

  /** Stops the worker as a deploy would (SIGTERM: graphile-worker finishes what runs and deregisters). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM')
    await this.exited
  }

  /** Kills the worker as the OOM killer or a power cut would: nothing of it runs any more. */
  async killHard(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.exited
  }

  private notify() {
    for (const waiter of [...this.waiters]) waiter()
  }
}
