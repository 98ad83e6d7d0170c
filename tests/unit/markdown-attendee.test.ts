import { describe, expect, it } from 'vitest'
import { renderNotesMarkdown } from '~/models/notes/markdown'
import { renderInlineMarkdown, renderMarkdown } from '~/utils/markdown'

describe('markdown for notes and the report', () => {
  it('renders an action item’s inline code as <code>, without a paragraph around it', () => {
    expect(renderInlineMarkdown('@ralf: try `--backend` with **care**')).toBe(
      '@ralf: try <code>--backend</code> with <strong>care</strong>',
    )
  })

  it('sanitizes inline markdown like the rest', () => {
    const html = renderInlineMarkdown('fix <img src=x onerror=alert(1)> [it](javascript:alert(1))')
    expect(html).not.toMatch(/<img|onerror|javascript:/i)
  })

  it('wraps every table, and only tables, in a focusable scroll box', () => {
    const html = renderMarkdown('Intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> | c |\n> |---|\n> | 3 |')
    expect(html.match(/<div class="markdown-table" tabindex="0"><table>/g)).toHaveLength(2)
    expect(html).toContain('<p>Intro</p>')
  })

  it('a typed wrapper is not trusted: raw HTML stays dropped', () => {
    expect(renderMarkdown('<div class="markdown-table" onclick="x()">hi</div>')).not.toMatch(/<div|onclick/)
  })

  it('marks task lists with their classes and names the checkboxes', () => {
    const html = renderNotesMarkdown('- [ ] open\n- [x] done')
    expect(html).toContain('<ul class="contains-task-list">')
    expect(html).toContain('<input type="checkbox" disabled aria-label="To do">')
    expect(html).toContain('<input type="checkbox" checked disabled aria-label="Done">')
  })
})
