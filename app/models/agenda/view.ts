import type { PublishedSession } from '#db/schema'

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
