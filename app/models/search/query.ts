import { z } from 'zod'

export const SEARCH_QUERY_MAX_LENGTH = 200

/**
 * The `q` of a search page or of the search API. Control characters (NUL, which PostgreSQL refuses, and the
 * highlight markers of ~/utils/highlight) become spaces; longer than the limit is refused by the field.
 */
export const SearchQuerySchema = z.object({
  q: z
    .string()
    .max(SEARCH_QUERY_MAX_LENGTH, `Keep the search under ${SEARCH_QUERY_MAX_LENGTH} characters.`)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .transform((value) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
    .default(''),
})

export type SearchQuery = z.output<typeof SearchQuerySchema>

/** The query of a search page's URL, parsed by the one schema. */
export function parseSearchParams(url: URL) {
  return SearchQuerySchema.safeParse({ q: url.searchParams.get('q') ?? undefined })
}

/**
 * What is typed split for PostgreSQL: `words` for websearch_to_tsquery (quotes, `or`, `-word` keep their
 * meaning) and the last word, when one is still being typed, as a prefix (`numpy arr` finds "array"). A word
 * right after a quote, a hyphen or inside an open quote is left to websearch_to_tsquery; only letters and digits
 * ever reach the prefix, so it cannot carry tsquery syntax.
 */
export function searchTerms(q: string): { words: string; prefix: string | null } {
  const last = /(^|\s)([\p{L}\p{N}]{2,})$/u.exec(q)
  const insideQuote = (q.match(/"/g)?.length ?? 0) % 2 === 1
  if (!last || insideQuote) return { words: q, prefix: null }
  const prefix = last[2] ?? ''
  return { words: q.slice(0, q.length - prefix.length), prefix }
}
