import type { Event } from '#db/schema'

/** Free places for one way of attending: `left` of `of`, both null when that way has no limit. */
export type ModeAvailability = { left: number | null; of: number | null }

/**
 * What is free, per way of attending, as the seat rules in seats.server.ts (hasSeat) decide it: everyone counts
 * towards the total capacity, and people in the room also towards the in-person seats. So an in-person seat
 * needs both, and an online place only the total.
 */
export type SeatAvailability = {
  hybrid: boolean
  inPerson: ModeAvailability
  online: ModeAvailability
  /** No seat of any kind: everyone joins the waiting list. */
  full: boolean
  /** Hybrid events only: the room is full while online places are still free. */
  onlyOnlineLeft: boolean
}

type SeatEvent = Pick<Event, 'capacity' | 'in_person_capacity' | 'location_kind'>
type SeatCounts = { confirmed: number; confirmedInPerson: number }

function minOfLimits(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.min(a, b)
}

export function seatAvailabilityOf(event: SeatEvent, counts: SeatCounts): SeatAvailability {
  const totalLeft = event.capacity === null ? null : Math.max(0, event.capacity - counts.confirmed)
  const roomLeft =
    event.in_person_capacity === null ? null : Math.max(0, event.in_person_capacity - counts.confirmedInPerson)
  const online: ModeAvailability = { left: totalLeft, of: event.capacity }
  const inPerson: ModeAvailability = {
    left: minOfLimits(totalLeft, roomLeft),
    of: event.in_person_capacity ?? event.capacity,
  }
  const hybrid = event.location_kind === 'hybrid'
  // Every seat counts towards the total, so the event is full exactly when the total is.
  const full = online.left === 0
  return { hybrid, inPerson, online, full, onlyOnlineLeft: hybrid && inPerson.left === 0 && online.left !== 0 }
}

function modeLine(label: string, mode: ModeAvailability, unit: [string, string]): string {
  if (mode.left === null) return `${label}: unlimited`
  return `${label}: ${mode.left} of ${mode.of} ${mode.of === 1 ? unit[0] : unit[1]} left`
}

/**
 * The seats, per way of attending on hybrid events (["In person: 3 of 30 seats left", "Online: 120 places
 * left"]), the one count otherwise; empty when nothing is limited.
 */
export function seatsParts(availability: SeatAvailability): string[] {
  const { hybrid, inPerson, online } = availability
  if (hybrid) {
    if (inPerson.left === null && online.left === null) return []
    // Online places share the total with the room: an online "of" would double-count the in-person seats.
    const onlinePart =
      online.left === null ? 'Online: unlimited' : `Online: ${online.left} ${online.left === 1 ? 'place' : 'places'} left`
    return [modeLine('In person', inPerson, ['seat', 'seats']), onlinePart]
  }
  const only = inPerson.left === null ? online : inPerson
  if (only.left === null) return []
  return [`${only.left} of ${only.of} places left`]
}

/** The seats in one line ("In person: 3 of 30 seats left · Online: 120 places left"), null without limits. */
export function seatsLine(availability: SeatAvailability): string | null {
  return seatsParts(availability).join(' · ') || null
}
