/**
 * `npm run bench`: Convene's benchmarks, section by section, then one summary table of every figure beside the
 * bare yardstick measured in the same run and the target of issue 11. Timings are never asserted: the exit code is
 * non-zero only when a section's correctness checks fail (wrong seat counts, wrong answers) or it cannot run.
 *
 *   DATABASE_URL=postgres://… npm run bench  everything, each section in a fresh schema of that database (the
 *                                            storm also runs once on an embedded PGlite, for information)
 *   npm run bench                            on an embedded PGlite only: the storm has no bare INSERT server
 *   npm run bench -- registration-storm      only the named sections
 *
 * The load generator is wrk (apt-get install wrk) or, without it, autocannon on worker threads; see load.ts.
 * Each section runs in a child process of its own: the app reads its environment once and keeps one database
 * handle per process, and every section prepares its own database in-process before starting a server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { printSummary, type SummaryRow } from './compare'
import { feedBuildTime } from './feed-build-time'
import { liveNotes } from './live-notes'
import { logging } from './logging'
import { publicGets } from './public-gets'
import { registrationCost } from './registration-cost'
import { registrationStorm, registrationStormOnPglite } from './registration-storm'
import { BenchConfigError, runInterruptCleanups, type BenchSection, type SectionResult } from './section'

const sections: BenchSection[] = [
  publicGets,
  registrationStorm,
  registrationStormOnPglite,
  registrationCost,
  feedBuildTime,
  logging,
  liveNotes,
]

const SECTION_FLAG = '--section='

async function runOne(id: string): Promise<number> {
  const section = sections.find((s) => s.id === id)
  if (!section) throw new Error(`No section ${id}`)
  let interrupted = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return // Ctrl-C arrives directly and forwarded by the parent: clean up once
      interrupted = true
      console.error(`\n${signal}: stopping the server and dropping the database…`)
      void runInterruptCleanups().finally(() => process.exit(130))
    })
  }
  const result = await section.run()
  // Sent before exiting: process.exit() would drop a message still queued on the channel.
  await new Promise<void>((resolve) => (process.send ? process.send(result, () => resolve()) : resolve()))
  return result.ok ? 0 : 1
}

let running: ChildProcess | undefined

/** The section's exit code, and its result when it got as far as sending one. */
function runInChild(section: BenchSection): Promise<{ code: number; result?: SectionResult }> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), `${SECTION_FLAG}${section.id}`]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
    running = child
    let result: SectionResult | undefined
    child.on('message', (message) => (result = message as SectionResult))
    child.once('exit', (code, signal) => {
      running = undefined
      resolve({ code: code ?? (signal ? 1 : 0), result })
    })
  })
}

async function main(): Promise<number> {
  const child = process.argv.find((arg) => arg.startsWith(SECTION_FLAG))
  if (child) return runOne(child.slice(SECTION_FLAG.length))

  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((w) => !sections.some((s) => s.id === w || s.name === w))
  if (unknown.length > 0) {
    console.error(`Unknown section(s): ${unknown.join(', ')}. Sections: ${sections.map((s) => s.id).join(', ')}`)
    return 2
  }
  const selected = wanted.length ? sections.filter((s) => wanted.includes(s.id) || wanted.includes(s.name)) : sections
  // Let the running section clean up (stop its server, drop its database) and stop after it.
  let interrupted = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupted = true
      running?.kill(signal)
    })
  }
  const failed: string[] = []
  const rows: SummaryRow[] = []
  let yardstickRps: number | undefined
  for (const section of selected) {
    console.log(`\n== ${section.name} ==`)
    const started = performance.now()
    const { code, result } = await runInChild(section)
    rows.push(...(result?.rows ?? []))
    yardstickRps ??= result?.yardstickRps
    console.log(
      `  (section took ${((performance.now() - started) / 1000).toFixed(1)} s${
        code === 0 ? '' : `, FAILED: exit ${code}`
      })`,
    )
    if (code !== 0) failed.push(section.name)
    if (interrupted) return 130
  }
  printSummary(rows, yardstickRps)
  console.log(
    failed.length ? `\nFailed: ${failed.join(', ')}` : `\nAll ${selected.length} section(s) ran; checks held.`,
  )
  return failed.length ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BenchConfigError) console.error(error.message)
    else console.error(error instanceof Error ? error.stack ?? error.message : error)
    process.exit(1)
  },
)
