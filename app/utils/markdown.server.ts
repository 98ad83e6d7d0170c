import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'

// GitHub's own sanitization rules (rehype-sanitize's default schema): no scripts, handlers, styles or
// javascript: URLs survive, whatever the markdown contains. Raw HTML in markdown is dropped, not passed through.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, defaultSchema)
  .use(rehypeStringify)
  .freeze()

/** GitHub-flavoured markdown to safe HTML. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown))
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
