import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { AttendanceMode } from '#db/schema'
import type { RegistrationEvent } from './registration-event'
import type { RegistrationCounts } from './registrations.server'

// The rule for a free seat, in TypeScript for the decisions taken in a transaction (seats.server.ts) and in SQL
// for the one taken in a single statement (register-statement.server.ts).

/** Whether one more person attending this way fits: within the total and, in the room, within its seats. */
export function hasSeat(
  event: Pick<RegistrationEvent, 'capacity' | 'in_person_capacity'>,
  counts: Pick<RegistrationCounts, 'confirmed' | 'confirmedInPerson'>,
  mode: AttendanceMode,
): boolean {
  if (event.capacity !== null && counts.confirmed >= event.capacity) return false
  if (mode === 'in_person' && event.in_person_capacity !== null && counts.confirmedInPerson >= event.in_person_capacity)
    return false
  return true
}

/**
 * hasSeat as an SQL condition over the event row's own columns (capacity, in_person_capacity, confirmed_count,
 * confirmed_in_person_count), for registerInOneStatement, which decides inside PostgreSQL with the row locked.
 * hasSeat stays the one definition of the rule; tests/integration/register-in-one-statement.test.ts runs a
 * table of cases through both.
 */
export function hasSeatSql(mode: AttendanceMode): RawBuilder<SqlBool> {
  return sql<SqlBool>`(
    (capacity is null or confirmed_count < capacity)
    and (${mode}::text <> 'in_person' or in_person_capacity is null or confirmed_in_person_count < in_person_capacity)
  )`
}
