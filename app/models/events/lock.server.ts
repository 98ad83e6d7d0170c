import type { Transaction } from 'kysely'
import type { Database, Event } from '#db/schema'

/**
 * Locks the event's row (SELECT … FOR UPDATE) until the transaction ends, and returns it as it is under the lock.
 * Everything that must not interleave for one event takes this lock first, in this order: seat decisions
 * (registration), publishing the agenda, and applying recording matches. So concurrent registrations,
 * cancellations and capacity changes queue behind each other and each sees what the previous one left. On PGlite,
 * Kysely already runs one transaction at a time; the lock is proven by the PostgreSQL test run.
 */
export async function lockEvent(trx: Transaction<Database>, eventId: number): Promise<Event | undefined> {
  return trx.selectFrom('events').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst()
}
