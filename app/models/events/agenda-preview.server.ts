import { DateTime } from 'luxon'
import { db } from '~/utils/db.server'

export type AgendaPreviewItem = {
  id: number
  title: string
  /** The session's day and times in the event's zone, e.g. "Tue 2 Jun, 10:00–11:00". */
  when: string
  room: string | null
  startsAt: Date
}

/**
 * The next few published sessions, not yet over (so before the event starts: its first ones), cancelled ones
 * left out, for the event page. Empty once the event's sessions are all over or before a first publish.
 */
export async function agendaPreview(
  event: { id: number; time_zone: string },
  now = new Date(),
  limit = 4,
): Promise<AgendaPreviewItem[]> {
  const rows = await db
    .selectFrom('published_sessions')
    .select(['session_id', 'title', 'starts_at', 'ends_at', 'room'])
    .where('event_id', '=', event.id)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .orderBy('room')
    .orderBy('session_id')
    .limit(limit)
    .execute()
  return rows.map((s) => {
    const start = DateTime.fromJSDate(s.starts_at, { zone: event.time_zone }).setLocale('en-GB')
    const end = DateTime.fromJSDate(s.ends_at, { zone: event.time_zone }).setLocale('en-GB')
    return {
      id: s.session_id,
      title: s.title,
      when: `${start.toFormat('ccc d LLL')}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`,
      room: s.room,
      startsAt: s.starts_at,
    }
  })
}
