import type { PublishedSession } from '#db/schema'
import { eventPath } from '~/utils/paths'

/** A published session in the shape agenda pages render. */
export function agendaSession(s: PublishedSession) {
  return {
    id: s.session_id,
    title: s.title,
    kind: s.kind,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    room: s.room,
    track: s.track,
    speakers: s.speakers,
    status: s.status,
  }
}

/**
 * "Talk · Plenary · Dispatching": the kind, room and track of a session, each word once. Rooms and tracks often
 * share a name (the Plenary room holds the Plenary track), and "Talk · Plenary · Plenary" reads like a typo.
 */
export function sessionMetaLine(parts: (string | null | undefined)[]): string {
  const seen = new Set<string>()
  const shown: string[] = []
  for (const part of parts) {
    const text = part?.trim()
    if (!text || seen.has(text.toLowerCase())) continue
    seen.add(text.toLowerCase())
    shown.push(text)
  }
  return shown.join(' · ')
}

/** The address of a session's own .ics file (the "Apple / .ics" link). */
export function sessionIcsPath(slug: string, sessionId: number): string {
  return eventPath(slug, `sessions/${sessionId}.ics`)
}
