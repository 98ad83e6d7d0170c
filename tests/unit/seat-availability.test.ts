import { describe, expect, it } from 'vitest'
import { seatAvailabilityOf, seatsLine, seatsParts } from '~/models/registration/availability'

const hybrid = { capacity: 230, in_person_capacity: 30, location_kind: 'hybrid' as const }

describe('seats per way of attending', () => {
  it('counts in-person seats against the room and the total, online places against the total', () => {
    const seats = seatAvailabilityOf(hybrid, { confirmed: 110, confirmedInPerson: 27 })
    expect(seats.inPerson).toEqual({ left: 3, of: 30 })
    expect(seats.online.left).toBe(120)
    expect(seatsLine(seats)).toBe('In person: 3 of 30 seats left · Online: 120 places left')
    expect(seats.full).toBe(false)
    expect(seats.onlyOnlineLeft).toBe(false)
  })

  it('a full room with online places left is not a full event', () => {
    const seats = seatAvailabilityOf(hybrid, { confirmed: 40, confirmedInPerson: 30 })
    expect(seats).toMatchObject({ full: false, onlyOnlineLeft: true })
    expect(seatsParts(seats)).toEqual(['In person: 0 of 30 seats left', 'Online: 190 places left'])
  })

  it('the total caps the room too', () => {
    const seats = seatAvailabilityOf({ ...hybrid, capacity: 40 }, { confirmed: 38, confirmedInPerson: 10 })
    expect(seats.inPerson.left).toBe(2)
    const full = seatAvailabilityOf({ ...hybrid, capacity: 40 }, { confirmed: 40, confirmedInPerson: 10 })
    expect(full).toMatchObject({ full: true, onlyOnlineLeft: false })
  })

  it('says unlimited for a way of attending without a limit', () => {
    const seats = seatAvailabilityOf({ ...hybrid, capacity: null }, { confirmed: 500, confirmedInPerson: 12 })
    expect(seatsLine(seats)).toBe('In person: 18 of 30 seats left · Online: unlimited')
    expect(
      seatsLine(
        seatAvailabilityOf(
          { ...hybrid, capacity: null, in_person_capacity: null },
          { confirmed: 1, confirmedInPerson: 1 },
        ),
      ),
    ).toBeNull()
  })

  it('one count for events of one kind', () => {
    const seats = seatAvailabilityOf(
      { capacity: 50, in_person_capacity: null, location_kind: 'in_person' },
      { confirmed: 50, confirmedInPerson: 50 },
    )
    expect(seatsParts(seats)).toEqual(['0 of 50 places left'])
    expect(seats.full).toBe(true)
  })
})
