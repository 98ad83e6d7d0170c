import { describe, expect, it } from 'vitest'
import { markdownExcerpt, renderMarkdown } from '~/utils/markdown.server'

describe('markdown', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown('**Bold** and [a link](https://scientific-python.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |')
    expect(html).toContain('<strong>Bold</strong>')
    expect(html).toContain('<a href="https://scientific-python.org">a link</a>')
    expect(html).toContain('<table>')
  })

  it('removes scripts, handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n<a href="javascript:alert(1)">x</a>',
    )
    expect(html).not.toMatch(/<script|onerror|javascript:/i)
  })

  it('makes plain-text excerpts', () => {
    expect(markdownExcerpt('# Heading\n\nSome **bold** [link](https://x.org) text.\n\nMore.')).toBe('Some bold link text.')
  })
})
