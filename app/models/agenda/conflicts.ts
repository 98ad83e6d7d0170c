export type ConflictSession = {
  id: number
  title: string
  startsAt: Date
  endsAt: Date
  room: string | null
  speakers: { name: string }[]
  status: 'scheduled' | 'cancelled'
}

export type ScheduleWarning = {
  type: 'room' | 'speaker' | 'outside-event'
  sessionIds: number[]
  message: string
}

const overlaps = (a: ConflictSession, b: ConflictSession) => a.startsAt < b.endsAt && b.startsAt < a.endsAt

/**
 * What an organizer should look at before publishing: two sessions in one room at once, a speaker in two places
 * at once, a session outside the event's dates. Cancelled sessions take no room and no speaker.
 */
export function findScheduleWarnings(
  event: { startsAt: Date; endsAt: Date },
  sessions: ConflictSession[],
): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = []
  const live = sessions
    .filter((s) => s.status === 'scheduled')
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  for (const s of live) {
    if (s.startsAt < event.startsAt || s.endsAt > event.endsAt) {
      warnings.push({
        type: 'outside-event',
        sessionIds: [s.id],
        message: `“${s.title}” is outside the event's dates.`,
      })
    }
  }
  for (let i = 0; i < live.length; i++) {
    const a = live[i]!
    for (let j = i + 1; j < live.length; j++) {
      const b = live[j]!
      if (b.startsAt >= a.endsAt) break
      if (!overlaps(a, b)) continue
      if (a.room && b.room && a.room.trim().toLowerCase() === b.room.trim().toLowerCase()) {
        warnings.push({
          type: 'room',
          sessionIds: [a.id, b.id],
          message: `“${a.title}” and “${b.title}” are both in ${a.room} at the same time.`,
        })
      }
      const names = new Set(a.speakers.map((p) => p.name.trim().toLowerCase()))
      for (const speaker of b.speakers) {
        if (names.has(speaker.name.trim().toLowerCase())) {
          warnings.push({
            type: 'speaker',
            sessionIds: [a.id, b.id],
            message: `${speaker.name} speaks in “${a.title}” and “${b.title}” at the same time.`,
          })
        }
      }
    }
  }
  return warnings
}
