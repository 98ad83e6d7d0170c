import { diffLines } from 'diff'
import { diff3Merge } from 'node-diff3'

// Pure functions over note texts: merging concurrent edits, comparing revisions, and the checks the editor runs
// before a save (in the browser and again on the server). No database, no Node APIs: the editor imports them.

/** One line ending everywhere: browsers submit textareas with CRLF. */
export function normalizeNotes(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

function lines(text: string): string[] {
  return normalizeNotes(text).split('\n')
}

export const CONFLICT_START = '<<<<<<< Your version'
export const CONFLICT_SEPARATOR = '======='

export type MergeOutcome = { clean: true; text: string } | { clean: false; text: string; conflicts: number }

/**
 * Three-way merge of the author's text with the text saved since they started (line by line, diff3). Clean when
 * their changes and the others' touch different lines (not adjacent ones); otherwise the text holds both sides of
 * each conflict between git-style markers, the author's first.
 */
export function mergeNotes(base: string, mine: string, theirs: string, theirsLabel = 'Their version'): MergeOutcome {
  const regions = diff3Merge(lines(mine), lines(base), lines(theirs))
  const out: string[] = []
  let conflicts = 0
  for (const region of regions) {
    if (region.ok) out.push(...region.ok)
    else if (region.conflict) {
      // Lines both sides begin or end with are agreed on: they stay outside the markers.
      const a = [...region.conflict.a]
      const b = [...region.conflict.b]
      const head: string[] = []
      const tail: string[] = []
      while (a.length && b.length && a[0] === b[0]) {
        head.push(a.shift()!)
        b.shift()
      }
      while (a.length && b.length && a.at(-1) === b.at(-1)) {
        tail.unshift(a.pop()!)
        b.pop()
      }
      conflicts++
      out.push(...head, CONFLICT_START, ...a, CONFLICT_SEPARATOR, ...b, `>>>>>>> ${theirsLabel}`, ...tail)
    }
  }
  const text = out.join('\n')
  return conflicts ? { clean: false, text, conflicts } : { clean: true, text }
}

/** Whether the text still holds the markers of an unresolved merge conflict. */
export function hasConflictMarkers(text: string): boolean {
  const all = lines(text)
  return (
    all.some((l) => l.startsWith('<<<<<<< ')) &&
    all.includes(CONFLICT_SEPARATOR) &&
    all.some((l) => l.startsWith('>>>>>>> '))
  )
}

/** The text without fenced code blocks and inline code, where `![](x)` is an example, not an image. */
function withoutCode(markdown: string): string {
  return normalizeNotes(markdown)
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, '')
    .replace(/(`+)[^`\n][\s\S]*?\1/g, '')
}

/**
 * The images that have no alt text (`![](x.png)`, `![ ](x.png)`, `![][ref]`), by address, in order. Screen
 * reader users learn nothing from them.
 */
export function findImagesWithoutAlt(markdown: string): string[] {
  const found: string[] = []
  const pattern = /!\[\s*\](?:\(\s*(?:<([^>\n]*)>|([^)\s]*))[^)]*\)|\[([^\]]*)\])/g
  for (const match of withoutCode(markdown).matchAll(pattern)) {
    found.push(match[1] || match[2] || (match[3] ? `[${match[3]}]` : '(no address)'))
  }
  return found
}

export function altTextMessage(images: string[]): string {
  const which =
    images.length === 1
      ? `An image has no alt text (${images[0]})`
      : `${images.length} images have no alt text (${images.join(', ')})`
  return `${which}. Describe what each image shows between the brackets, like ![Whiteboard with the draft plan](photo.png), or confirm “Save anyway”.`
}

export const CONFLICT_MARKERS_MESSAGE =
  'The text still contains conflict markers (<<<<<<<, =======, >>>>>>>). Keep the lines you want, remove the markers, or confirm “Save anyway”.'

/** What the editor asks the author to confirm before saving: images without alt text, leftover conflict markers. */
export function noteWarnings(markdown: string): string[] {
  const warnings: string[] = []
  const images = findImagesWithoutAlt(markdown)
  if (images.length) warnings.push(altTextMessage(images))
  if (hasConflictMarkers(markdown)) warnings.push(CONFLICT_MARKERS_MESSAGE)
  return warnings
}

export type DiffLine = {
  kind: 'added' | 'removed' | 'unchanged'
  text: string
  oldNumber: number | null
  newNumber: number | null
}

/** Line-by-line comparison of two revisions, with line numbers on each side. */
export function diffNoteLines(before: string, after: string): DiffLine[] {
  const rows: DiffLine[] = []
  let oldNumber = 1
  let newNumber = 1
  const a = normalizeNotes(before)
  const b = normalizeNotes(after)
  for (const part of diffLines(a.endsWith('\n') || !a ? a : `${a}\n`, b.endsWith('\n') || !b ? b : `${b}\n`)) {
    const partLines = part.value.replace(/\n$/, '').split('\n')
    for (const text of partLines) {
      if (part.added) rows.push({ kind: 'added', text, oldNumber: null, newNumber: newNumber++ })
      else if (part.removed) rows.push({ kind: 'removed', text, oldNumber: oldNumber++, newNumber: null })
      else rows.push({ kind: 'unchanged', text, oldNumber: oldNumber++, newNumber: newNumber++ })
    }
  }
  return rows
}
