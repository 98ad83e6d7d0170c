import { db } from '~/utils/db.server'
import { RegistrationError } from './error'

/** Checks a confirmed attendee in at the door (or undoes it); only for this event's registrations. */
export async function setCheckedIn(registrationId: number, eventId: number, checkedIn: boolean): Promise<void> {
  const result = await db
    .updateTable('registrations')
    .set({ checked_in_at: checkedIn ? new Date() : null })
    .where('id', '=', registrationId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0)
    throw new RegistrationError('Only confirmed attendees can be checked in.', 'invalid_change')
}
