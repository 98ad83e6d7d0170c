/**
 * Convene beside a bare yardstick in the same run: rounds alternate A/B/A/B so that whatever else the machine
 * is doing weighs on both alike, and the summary table puts each figure beside the target.
 */

/** Runs `convene` and `bare` alternately, `rounds` times each, Convene first. */
export async function alternate<A, B>(
  rounds: number,
  convene: (round: number) => Promise<A>,
  bare: (round: number) => Promise<B>,
): Promise<{ convene: A[]; bare: B[] }> {
  const results = { convene: [] as A[], bare: [] as B[] }
  for (let round = 0; round < rounds; round++) {
    results.convene.push(await convene(round))
    results.bare.push(await bare(round))
  }
  return results
}

/** One line of the summary: figures already formatted, the ratio as a percentage of bare. */
export type SummaryRow = {
  figure: string
  convene: string
  bare: string
  /** Convene as a percentage of bare; absent for figures without a yardstick. */
  percent?: number
  target: string
  /** Absent for figures shown for information. */
  met?: boolean
}

/** Bare node:http must reach this with fixed bytes for the load generator not to be what is measured. */
export const YARDSTICK_MIN_RPS = 10_000

export const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length

export const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

export const kb = (bytes: number) => `${number(bytes / 1024, 1)} KB`

/** Prints the summary; ratios are marked untrusted when the yardstick was too slow or not measured. */
export function printSummary(rows: SummaryRow[], yardstickRps: number | undefined) {
  const trusted = yardstickRps !== undefined && yardstickRps >= YARDSTICK_MIN_RPS
  console.log('\n== summary (Convene beside bare node:http, same run, A/B/A/B) ==')
  console.log(
    yardstickRps === undefined
      ? '  yardstick not measured (the public GETs section did not run): ratios untrusted'
      : `  yardstick: bare node:http, fixed bytes, ${number(yardstickRps)} req/s ` +
          `(needs ≥ ${number(YARDSTICK_MIN_RPS)}: ${trusted ? 'ratios trusted' : 'ratios UNTRUSTED'})`,
  )
  const header = ['figure', 'Convene', 'bare', 'ratio', 'target', '']
  const lines = rows.map((row) => [
    row.figure,
    row.convene,
    row.bare,
    row.percent === undefined ? '' : `${number(row.percent, 1)} %${trusted ? '' : ' (untrusted)'}`,
    row.target,
    row.met === undefined ? '' : row.met ? 'met' : 'NOT MET',
  ])
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((line) => line[i]!.length)))
  for (const line of [header, ...lines])
    console.log(
      `  ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
    )
}
