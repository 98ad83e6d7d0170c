import { describe, expect, it } from 'vitest'
import {
  diffNoteLines,
  findImagesWithoutAlt,
  hasConflictMarkers,
  mergeNotes,
  normalizeNotes,
  noteWarnings,
} from '~/models/notes/merge'
import { NotesSaveSchema } from '~/models/notes/schema'

const base = '# Notes\n\n- first point\n\n## Decisions\n\n- none yet\n'

describe('mergeNotes', () => {
  it('merges changes to different lines', () => {
    const mine = base.replace('- first point', '- first point, clarified')
    const theirs = base.replace('- none yet', '- ship it')
    expect(mergeNotes(base, mine, theirs)).toEqual({
      clean: true,
      text: '# Notes\n\n- first point, clarified\n\n## Decisions\n\n- ship it\n',
    })
  })

  it('accepts the same change made by both sides', () => {
    const both = base.replace('- none yet', '- ship it')
    expect(mergeNotes(base, both, both)).toEqual({ clean: true, text: both })
  })

  it('marks conflicting changes with both sides, the author’s first', () => {
    const mine = base.replace('- none yet', '- ship it on Monday')
    const theirs = base.replace('- none yet', '- ship it on Friday')
    const result = mergeNotes(base, mine, theirs, 'Revision 4 by Ada')
    expect(result.clean).toBe(false)
    expect(result).toMatchObject({ conflicts: 1 })
    expect(result.text).toContain(
      '<<<<<<< Your version\n- ship it on Monday\n=======\n- ship it on Friday\n>>>>>>> Revision 4 by Ada',
    )
    expect(hasConflictMarkers(result.text)).toBe(true)
    expect(hasConflictMarkers(base)).toBe(false)
  })

  it('treats two insertions at the same place as a conflict and keeps both', () => {
    const result = mergeNotes('a\n', 'a\nmine\n', 'a\ntheirs\n')
    expect(result.clean).toBe(false)
    expect(result.text).toContain('mine')
    expect(result.text).toContain('theirs')
  })

  it('ignores the difference between CRLF and LF', () => {
    expect(normalizeNotes('a\r\nb\rc')).toBe('a\nb\nc')
    const mine = base.replace(/\n/g, '\r\n').replace('- first point', '- changed')
    expect(mergeNotes(base, mine, base)).toEqual({ clean: true, text: base.replace('- first point', '- changed') })
  })
})

describe('findImagesWithoutAlt', () => {
  it('finds inline and reference images without alt text', () => {
    expect(findImagesWithoutAlt('![](x.png) and ![ ](<y z.png>) and ![][ref] and ![A plot](ok.png)')).toEqual([
      'x.png',
      'y z.png',
      '[ref]',
    ])
  })

  it('ignores examples in code', () => {
    expect(findImagesWithoutAlt('Write `![](x.png)` like this:\n\n```md\n![](y.png)\n```\n')).toEqual([])
  })

  it('feeds the warnings the editor shows', () => {
    expect(noteWarnings('![](x.png)')[0]).toMatch(/An image has no alt text \(x\.png\)/)
    expect(noteWarnings('<<<<<<< Your version\na\n=======\nb\n>>>>>>> Revision 2 by Ada')[0]).toMatch(
      /conflict markers/,
    )
    expect(noteWarnings('![Whiteboard photo](x.png)')).toEqual([])
  })
})

describe('diffNoteLines', () => {
  it('lists added, removed and unchanged lines with their numbers on each side', () => {
    expect(diffNoteLines('a\nb\nc', 'a\nB\nc\nd\n')).toEqual([
      { kind: 'unchanged', text: 'a', oldNumber: 1, newNumber: 1 },
      { kind: 'removed', text: 'b', oldNumber: 2, newNumber: null },
      { kind: 'added', text: 'B', oldNumber: null, newNumber: 2 },
      { kind: 'unchanged', text: 'c', oldNumber: 3, newNumber: 3 },
      { kind: 'added', text: 'd', oldNumber: null, newNumber: 4 },
    ])
    expect(diffNoteLines('', 'x')).toEqual([{ kind: 'added', text: 'x', oldNumber: null, newNumber: 1 }])
    expect(diffNoteLines('same', 'same')).toEqual([{ kind: 'unchanged', text: 'same', oldNumber: 1, newNumber: 1 }])
  })
})

describe('NotesSaveSchema', () => {
  it('normalizes line endings, reads the base revision and the confirmation', () => {
    expect(NotesSaveSchema.parse({ body: 'a\r\nb', baseRevision: '3', confirm: 'yes' })).toEqual({
      body: 'a\nb',
      baseRevision: 3,
      confirm: true,
    })
    const bad = NotesSaveSchema.safeParse({ body: 'x'.repeat(100_001), baseRevision: '-1' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['baseRevision', 'body'])
  })
})

describe('mergeNotes conflict blocks', () => {
  it('keeps lines both sides agree on outside the markers', () => {
    const result = mergeNotes('a\n', 'a\n\nmine\n', 'a\n\ntheirs\n', 'Revision 2 by Bo')
    expect(result).toEqual({
      clean: false,
      conflicts: 1,
      text: 'a\n\n<<<<<<< Your version\nmine\n=======\ntheirs\n>>>>>>> Revision 2 by Bo\n',
    })
  })
})
