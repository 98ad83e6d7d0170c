const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Text made safe to place in HTML (emails, Atom `type="html"` summaries): the five characters that can open
 * markup or end an attribute are escaped. With `>` escaped, no `]]>` can close a CDATA section early either.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)
}

/** "1 session", "3 sessions": English plurals of the regular kind. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
