import type { SummaryRow } from './compare'

/** What a section hands back; tests/bench/run.ts prints every section's rows in one summary at the end. */
export type SectionResult = {
  /** Whether its correctness checks held. */
  ok: boolean
  rows: SummaryRow[]
  /** Set by the section that measures bare node:http with fixed bytes (see YARDSTICK_MIN_RPS). */
  yardstickRps?: number
}

/** One named part of `npm run bench`; see tests/bench/run.ts. */
export type BenchSection = {
  /** Short id, the file's name: `npm run bench -- registration-storm` runs this section only. */
  id: string
  /** What the output calls it. */
  name: string
  /**
   * Prints its figures and resolves whether its correctness checks held (never whether a timing target was met:
   * timings depend on the machine and are informational).
   */
  run: () => Promise<SectionResult>
}

const LABEL_WIDTH = 44

/** Prints one figure as an aligned `label  value` line. */
export function figure(label: string, value: string | number) {
  console.log(`  ${label.padEnd(LABEL_WIDTH)} ${value}`)
}

export function note(text: string) {
  console.log(text ? `  ${text}` : '')
}

export const yesNo = (value: boolean) => (value ? 'yes' : 'no')

/** A setting the run cannot go on with; printed without a stack trace. */
export class BenchConfigError extends Error {}

/** A positive whole number from the environment, or the default; a bad value stops the run with its name. */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1)
    throw new BenchConfigError(`${name} must be a positive whole number (got "${raw}")`)
  return value
}

const interruptCleanups = new Set<() => Promise<void>>()

/**
 * Runs `cleanup` if the run is interrupted (Ctrl-C, SIGTERM) before the returned function is called, so an
 * interrupted benchmark still stops its server and drops its database. See tests/bench/run.ts.
 */
export function cleanupOnInterrupt(cleanup: () => Promise<void>): () => void {
  interruptCleanups.add(cleanup)
  return () => interruptCleanups.delete(cleanup)
}

/** Newest first, as `finally` blocks would have run them. */
export async function runInterruptCleanups() {
  for (const cleanup of [...interruptCleanups].reverse()) {
    interruptCleanups.delete(cleanup)
    await cleanup().catch((error: unknown) => console.error(error))
  }
}
