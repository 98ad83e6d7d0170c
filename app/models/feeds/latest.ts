/**
 * The newest of `dates`, skipping missing ones; null only when none is given. Feeds answer Last-Modified with it,
 * so its result is the newest change among everything that can appear in a body.
 */
export function latest(first: Date, ...rest: (Date | null | undefined)[]): Date
export function latest(...dates: (Date | null | undefined)[]): Date | null
export function latest(...dates: (Date | null | undefined)[]): Date | null {
  let found: Date | null = null
  for (const d of dates) if (d && (!found || d > found)) found = d
  return found
}
