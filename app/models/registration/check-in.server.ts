import { db } from '~/utils/db.server'
import { lockEvent } from '../events/lock.server'
import { RegistrationError } from './error'

/**
 * Checks a confirmed attendee in at the door (or undoes it); only for this event's registrations. The event's
 * row is locked first, as every seat decision does: the check-in counter lives on that row (its trigger updates
 * it), and taking the event before the registration keeps the lock order the same everywhere, so a check-in
 * and a cancellation of the same person cannot deadlock.
 */
export async function setCheckedIn(registrationId: number, eventId: number, checkedIn: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new RegistrationError('There is no such event.', 'not_found')
    const result = await trx
      .updateTable('registrations')
      .set({ checked_in_at: checkedIn ? new Date() : null })
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0)
      throw new RegistrationError('Only confirmed attendees can be checked in.', 'invalid_change')
  })
}
