import { diffNoteLines, type DiffLine } from '~/models/notes/merge'

/** Unchanged lines shown around each change; longer unchanged runs are folded. */
const CONTEXT = 3

export type DiffRow = DiffLine | { kind: 'folded'; count: number }

/** The lines of a diff with the unchanged runs far from any change folded into one row each. */
export function withContext(lines: DiffLine[]): DiffRow[] {
  const keep = lines.map(() => false)
  lines.forEach((line, i) => {
    if (line.kind === 'unchanged') return
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT); j++) keep[j] = true
  })
  const rows: DiffRow[] = []
  lines.forEach((line, i) => {
    if (keep[i]) rows.push(line)
    else {
      const last = rows.at(-1)
      if (last?.kind === 'folded') last.count++
      else rows.push({ kind: 'folded', count: 1 })
    }
  })
  return rows
}

/** A revision number from the address (`?from=`, `?to=`); null when absent or not one. */
export function revisionParam(value: string | null): number | null {
  if (value === null || value === '') return null
  const n = Number(value)
  return Number.isSafeInteger(n) && n >= 0 ? n : null
}

/** Which two revisions to compare: `?from=` and `?to=`, by default the latest against the one before. */
export function comparedRevisions(searchParams: URLSearchParams, latest: number): { from: number; to: number } {
  const to = Math.min(revisionParam(searchParams.get('to')) ?? latest, latest)
  const from = Math.min(revisionParam(searchParams.get('from')) ?? Math.max(to - 1, 0), latest)
  return { from, to }
}

/** The comparison of two texts of the notes, as the page shows it. */
export function compareView(from: number, to: number, before: string, after: string) {
  const lines = diffNoteLines(before, after)
  return {
    from,
    to,
    added: lines.filter((l) => l.kind === 'added').length,
    removed: lines.filter((l) => l.kind === 'removed').length,
    rows: withContext(lines),
  }
}

export type CompareView = ReturnType<typeof compareView>
