import type { Event } from '#db/schema'
import { seatAvailabilityOf, type SeatAvailability } from './availability'
import { countRegistrations } from './registrations.server'

/** The free places of an event per way of attending (counts only: the public may see them). */
export async function seatAvailability(
  event: Pick<Event, 'id' | 'capacity' | 'in_person_capacity' | 'location_kind'>,
): Promise<SeatAvailability> {
  return seatAvailabilityOf(event, await countRegistrations(event.id))
}
