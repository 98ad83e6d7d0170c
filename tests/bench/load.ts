/**
 * The load generator for fixed-duration GETs: wrk (1 thread, C, far cheaper per request than the servers it
 * measures), or, when wrk is not installed, autocannon spread over several worker threads. Either way the result
 * has the same shape, so sections never care which one ran.
 */
import { execFile, execFileSync } from 'node:child_process'
import autocannon from 'autocannon'

export type LoadResult = {
  requests: number
  seconds: number
  requestsPerSecond: number
  /** Everything read, headers included. */
  bytesRead: number
  latencyMs: { p50: number; p75: number; p90: number; p99: number }
  /** Answers with a status outside 200–399. */
  non2xx3xx: number
  /** Connect, read and write errors, and timeouts. */
  socketErrors: number
}

export type LoadOptions = {
  url: string
  headers?: Record<string, string>
  seconds: number
  connections: number
}

const TIMEOUT_SECONDS = 30
const AUTOCANNON_WORKERS = 2

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const SIZES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }

function milliseconds(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text)
  if (!match) throw new Error(`wrk output: "${text}" is not a duration`)
  return Number(match[1]) * UNITS[match[2]!]!
}

/** wrk's report (run with --latency) as numbers; throws when a line it always prints is missing. */
export function parseWrkOutput(output: string): LoadResult {
  const need = (pattern: RegExp, what: string) => {
    const match = pattern.exec(output)
    if (!match) throw new Error(`wrk output has no ${what}:\n${output}`)
    return match
  }
  // A percentile of whole seconds is printed as `1.00s ` (a trailing space).
  const percentile = (p: number) =>
    milliseconds(need(new RegExp(`^\\s*${p}%\\s+(\\S+)\\s*$`, 'm'), `${p}% latency`)[1]!)
  const total = need(/^\s*(\d+) requests in ([\d.]+\w+), ([\d.]+)([KMGT]?B) read$/m, 'request total')
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  return {
    requests: Number(total[1]),
    seconds: milliseconds(total[2]!) / 1000,
    requestsPerSecond: Number(need(/^Requests\/sec:\s+([\d.]+)$/m, 'requests/s')[1]),
    bytesRead: Math.round(Number(total[3]) * SIZES[total[4]!]!),
    latencyMs: { p50: percentile(50), p75: percentile(75), p90: percentile(90), p99: percentile(99) },
    non2xx3xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  }
}

let wrkFound: boolean | undefined

export function hasWrk(): boolean {
  if (wrkFound === undefined) {
    try {
      execFileSync('wrk', ['--version'], { stdio: 'ignore' })
      wrkFound = true
    } catch (error) {
      // `wrk --version` prints its usage and exits 1: it is there. ENOENT: it is not.
      wrkFound = (error as NodeJS.ErrnoException).code !== 'ENOENT'
    }
  }
  return wrkFound
}

export function generatorName(): string {
  return hasWrk()
    ? 'wrk, 1 thread'
    : `autocannon, ${AUTOCANNON_WORKERS} workers (wrk not found: apt-get install wrk, or brew install wrk)`
}

function runWrk(options: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, `--timeout`, `${TIMEOUT_SECONDS}s`]
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`)
  args.push('--latency', options.url)
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (options.seconds + TIMEOUT_SECONDS + 10) * 1000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk ${args.join(' ')} failed: ${stderr || error.message}`))
      else {
        try {
          resolve(parseWrkOutput(stdout))
        } catch (parseError) {
          reject(parseError instanceof Error ? parseError : new Error(String(parseError)))
        }
      }
    })
  })
}

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    connections: options.connections,
    duration: options.seconds,
    timeout: TIMEOUT_SECONDS,
    workers: AUTOCANNON_WORKERS,
  })
  const { p50, p75, p90, p99 } = result.latency
  return {
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.duration > 0 ? result.requests.total / result.duration : 0,
    bytesRead: result.throughput.total,
    latencyMs: { p50, p75, p90, p99 },
    non2xx3xx: result['1xx'] + result['4xx'] + result['5xx'],
    socketErrors: result.errors + result.timeouts,
  }
}

/** GETs `url` over `connections` keep-alive connections for `seconds`. */
export function load(options: LoadOptions): Promise<LoadResult> {
  return hasWrk() ? runWrk(options) : runAutocannon(options)
}
