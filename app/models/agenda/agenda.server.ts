import type { PublishedSession } from '#db/schema'
import { getRegistrationByToken } from '../registration/registrations.server'
import { listStarredSessionIds } from './stars.server'

export type AgendaFilter = { track?: string; kind?: string; room?: string }

export function filterSessions(sessions: PublishedSession[], filter: AgendaFilter): PublishedSession[] {
  return sessions.filter(
    (s) =>
      (!filter.track || s.track === filter.track) &&
      (!filter.kind || s.kind === filter.kind) &&
      (!filter.room || s.room === filter.room),
  )
}

/** The distinct tracks, kinds and rooms of an agenda, for its filters. */
export function agendaFacets(sessions: PublishedSession[]) {
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort()
  return {
    tracks: distinct(sessions.map((s) => s.track)),
    kinds: distinct(sessions.map((s) => s.kind)),
    rooms: distinct(sessions.map((s) => s.room)),
  }
}

/** The active registration behind an attendee token for this event, and what it starred. */
export async function attendeeForEvent(token: string | undefined, eventId: number) {
  if (!token) return undefined
  const found = await getRegistrationByToken(token)
  if (!found || found.event.id !== eventId) return undefined
  if (found.registration.status === 'cancelled' || found.registration.status === 'declined') return undefined
  return { registration: found.registration, starred: await listStarredSessionIds(found.registration.id) }
}
