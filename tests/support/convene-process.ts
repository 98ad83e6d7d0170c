import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'

const root = path.resolve(import.meta.dirname, '../..')

export function freePort(): Promise<number> {
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

/** A Convene process (server or worker) started as its npm script would, with its output kept line by line. */
export type ConveneProcess = {
  child: ChildProcess
  /** Every line it printed, stdout and stderr interleaved as they came. */
  output: string[]
  /** The lines it printed on stderr. */
  errors: string[]
  /**
   * Resolves with the first output line matching `pattern`, among those printed from line `from` on (0: all,
   * already printed or yet to come; `output.length`: only lines yet to come).
   */
  waitForLine: (pattern: RegExp, options?: { timeoutMs?: number; from?: number }) => Promise<string>
  stop: () => Promise<void>
}

export function spawnConvene(entry: string, env: NodeJS.ProcessEnv): ConveneProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const errors: string[] = []
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  // A waiter registered now sees every line printed after this point.
  const take = (line: string) => {
    output.push(line)
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  }
  createInterface({ input: child.stdout! }).on('line', take)
  createInterface({ input: child.stderr! }).on('line', (line) => {
    errors.push(line)
    take(line)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    output,
    errors,
    waitForLine: (pattern, { timeoutMs, from = 0 } = {}) => {
      const seen = output.slice(from).find((line) => pattern.test(line))
      if (seen) return Promise.resolve(seen)
      let timer: NodeJS.Timeout | undefined
      return Promise.race([
        new Promise<string>((resolve) => waiters.push({ pattern, resolve })),
        exited.then((code) => {
          throw new Error(`${entry} exited (${code}) before printing ${pattern}:\n${output.join('\n')}`)
        }),
        ...(timeoutMs
          ? [
              new Promise<never>((_, reject) => {
                timer = setTimeout(
                  () => reject(new Error(`${entry} did not print ${pattern} in ${timeoutMs} ms:\n${output.join('\n')}`)),
                  timeoutMs,
                )
              }),
            ]
          : []),
      ]).finally(() => clearTimeout(timer))
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      // A process that ignores SIGTERM for 20 s is killed.
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.kill('SIGTERM')
      await exited
      clearTimeout(force)
    },
  }
}

/** Starts the web server on a free port and resolves with its base URL once it is listening. */
export async function startConveneServer(
  env: NodeJS.ProcessEnv,
  readyTimeoutMs?: number,
): Promise<ConveneProcess & { baseUrl: string }> {
  const port = await freePort()
  const server = spawnConvene('server/main.ts', { ...env, PORT: String(port), HOST: '127.0.0.1' })
  try {
    await server.waitForLine(/Convene is running at/, { timeoutMs: readyTimeoutMs })
  } catch (error) {
    server.child.kill('SIGKILL')
    throw error
  }
  return { ...server, baseUrl: `http://127.0.0.1:${port}` }
}
