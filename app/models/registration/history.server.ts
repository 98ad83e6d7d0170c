import type { Database, RegistrationStatus } from '#db/schema'
import { db, type Transaction } from '~/utils/db.server'
import { publicContentChanged } from '../operations/public-content.server'

/** One step of a registration's status history, as the organizer's page shows it. */
export type StatusChange = {
  from: RegistrationStatus | null
  to: RegistrationStatus
  /** "attendee", "system", or the organizer's name. */
  changedBy: string
  reason: string | null
  at: Date
}

/** Records a status change, in the transaction that makes it. `from` is null when the registration is new. */
export async function recordStatusChange(
  trx: Transaction<Database>,
  registrationId: number,
  from: RegistrationStatus | null,
  to: RegistrationStatus,
  changedBy: string,
  reason: string | null = null,
) {
  await trx
    .insertInto('registration_changes')
    .values({ registration_id: registrationId, from_status: from, to_status: to, changed_by: changedBy, reason })
    .execute()
  // A new registration has no personal feed cached yet (and a storm of them must not notify each one).
  if (from !== null) await publicContentChanged(trx, { registrationId })
}

/** The status history of every registration of the event, oldest step first, by registration id. */
export async function listStatusHistory(eventId: number): Promise<Map<number, StatusChange[]>> {
  const rows = await db
    .selectFrom('registration_changes')
    .innerJoin('registrations', 'registrations.id', 'registration_changes.registration_id')
    .select([
      'registration_changes.registration_id',
      'registration_changes.from_status',
      'registration_changes.to_status',
      'registration_changes.changed_by',
      'registration_changes.reason',
      'registration_changes.created_at',
    ])
    .where('registrations.event_id', '=', eventId)
    .orderBy('registration_changes.created_at')
    .orderBy('registration_changes.id')
    .execute()
  const history = new Map<number, StatusChange[]>()
  for (const row of rows) {
    const steps = history.get(row.registration_id) ?? []
    steps.push({
      from: row.from_status,
      to: row.to_status,
      changedBy: row.changed_by,
      reason: row.reason,
      at: row.created_at,
    })
    history.set(row.registration_id, steps)
  }
  return history
}
