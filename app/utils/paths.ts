/**
 * Addresses of an event's public pages, built in one place. `sub` is the rest of the path (`agenda`,
 * `changes.atom`, …). Slugs are validated to [a-z0-9-]; encoding them anyway keeps a stray one from breaking out.
 */
export function eventPath(slug: string, sub?: string): string {
  return `/events/${encodeURIComponent(slug)}${sub ? `/${sub}` : ''}`
}

/** A published session's page, or one of its sub-pages (`notes`, `notes/history`). */
export function sessionPath(slug: string, sessionId: number | string, sub?: string): string {
  return eventPath(slug, `sessions/${sessionId}${sub ? `/${sub}` : ''}`)
}

/**
 * Where a note lives: a session's notes (`sessionId`), or the event's worklog (null), with `sub` after it
 * (`history`). `home` is the page that shows the note: the session's, or the event's.
 */
export function notesPath(slug: string, sessionId: number | null, sub?: string): string {
  const notes = sessionId === null ? eventPath(slug, 'notes') : sessionPath(slug, sessionId, 'notes')
  return sub ? `${notes}/${sub}` : notes
}

export function notesHomePath(slug: string, sessionId: number | null): string {
  return sessionId === null ? eventPath(slug) : sessionPath(slug, sessionId)
}

/** A topic's page, or the event's topics (`topicId` undefined). */
export function topicPath(slug: string, topicId?: number | string, sub?: string): string {
  const base = eventPath(slug, topicId === undefined ? 'topics' : `topics/${topicId}`)
  return sub ? `${base}/${sub}` : base
}
