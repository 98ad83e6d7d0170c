import { scheduleState } from '../agenda/schedule.server'
import { scheduleWarnings } from '../agenda/session.server'
import { countRegistrations } from '../registration/registrations.server'
import { db } from '~/utils/db.server'

export type EventDashboardCounts = {
  confirmed: number
  capacity: number | null
  waitlisted: number
  pending: number
  sessions: number
  conflicts: number
  unpublishedChanges: number
}

/**
 * The numbers an organizer checks first for one event, on the admin home: registrations by status, the working
 * agenda's size, its conflicts (conflicts.ts, as the agenda page shows them) and the changes not yet published
 * (as the publish bar counts them).
 */
export async function eventDashboardCounts(event: {
  id: number
  starts_at: Date
  ends_at: Date
}): Promise<EventDashboardCounts> {
  const [capacity, registrations, sessions, warnings, schedule] = await Promise.all([
    db.selectFrom('events').select('capacity').where('id', '=', event.id).executeTakeFirstOrThrow(),
    countRegistrations(event.id),
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', event.id)
      .where('status', '=', 'scheduled')
      .executeTakeFirstOrThrow(),
    scheduleWarnings(event),
    scheduleState(event.id),
  ])
  return {
    confirmed: registrations.confirmed,
    capacity: capacity.capacity,
    waitlisted: registrations.waitlisted,
    pending: registrations.pending,
    sessions: sessions.n,
    conflicts: warnings.length,
    unpublishedChanges: schedule.unpublishedChanges,
  }
}
