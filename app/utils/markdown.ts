import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'

// Pure JavaScript and free of server-only imports on purpose: pages render markdown in their loaders, and the
// markdown fields' preview (app/components/markdown-field.tsx) loads this same module in the browser, so what an
// author previews is exactly what the page will show (docs/decisions/014-markdown-preview.md).

type HastNode = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[] }

/**
 * Wraps every table in a focusable scroll box: a wide table scrolls sideways inside its box, never the page,
 * and keyboard users can scroll it. Runs after sanitizing, so the wrapper is ours and not something typed.
 */
function rehypeScrollableTables() {
  const wrap = (node: HastNode) => {
    if (!node.children) return
    node.children = node.children.map((child) => {
      if (child.type === 'element' && child.tagName === 'table') {
        return {
          type: 'element',
          tagName: 'div',
          properties: { className: ['markdown-table'], tabIndex: 0 },
          children: [child],
        }
      }
      wrap(child)
      return child
    })
  }
  return (tree: HastNode) => wrap(tree)
}

// GitHub's own sanitization rules (rehype-sanitize's default schema): no scripts, handlers, styles or
// javascript: URLs survive, whatever the markdown contains. Raw HTML in markdown is dropped, not passed through.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, defaultSchema)
  .use(rehypeScrollableTables)
  .use(rehypeStringify)
  .freeze()

/** GitHub-flavoured markdown to safe HTML. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown))
}

/**
 * One line of markdown (an action item, a title) as safe inline HTML: the same rendering, without the
 * paragraph around it, so `code` and **emphasis** show as they do in the notes.
 */
export function renderInlineMarkdown(text: string): string {
  const html = renderMarkdown(text.replace(/\s+/g, ' ').trim())
  const paragraph = /^<p>([\s\S]*)<\/p>$/.exec(html)
  return paragraph ? paragraph[1]! : html
}

/** The first paragraph as plain text, for cards and meta descriptions. */
export function markdownExcerpt(markdown: string, maxLength = 220): string {
  const firstParagraph = markdown.split(/\n\s*\n/).find((p) => p.trim() && !p.trim().startsWith('#')) ?? ''
  const text = firstParagraph
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text
}
