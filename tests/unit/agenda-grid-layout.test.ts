import { describe, expect, it } from 'vitest'
import { gridDays, rowOf, type GridDay } from '~/models/agenda/grid-layout'
import { sessionMetaLine } from '~/models/agenda/view'
import { wallTimeToInstant } from '~/utils/time'

function at(wall: string, zone: string): Date {
  const result = wallTimeToInstant(wall, zone)
  if (!result.ok) throw new Error(result.reason)
  return result.instant
}

const BERLIN = 'Europe/Berlin'

function session(title: string, start: string, end: string, room: string | null, kind = 'talk', zone = BERLIN) {
  return { title, startsAt: at(start, zone), endsAt: at(end, zone), room, kind }
}

type TestSession = ReturnType<typeof session>

/** The grid of sessions that all fall on one day. */
function oneDay(sessions: TestSession[], zone = BERLIN): GridDay<TestSession> {
  const days = gridDays(sessions, zone)
  expect(days).toHaveLength(1)
  return days[0]!
}

function placementOf(days: GridDay<TestSession>[], title: string) {
  const found = days.flatMap((d) => d.placements).find((p) => p.session.title === title)
  if (!found) throw new Error(`no placement for ${title}`)
  return found
}

describe('the agenda grid: rows of 15 minutes', () => {
  it('starts on the hour before the first session and spans each session over its quarters', () => {
    const day = oneDay([
      session('Welcome', '2026-05-04T09:30', '2026-05-04T10:00', 'Plenary'),
      session('Deep dive', '2026-05-04T10:00', '2026-05-04T11:30', 'Plenary'),
    ])
    expect(day.date).toBe('2026-05-04')
    expect(day.start.toISOString()).toBe(at('2026-05-04T09:00', BERLIN).toISOString())
    expect(placementOf([day], 'Welcome')).toMatchObject({ rowStart: 2, rowEnd: 4, column: 0, lane: 0, lanes: 1 })
    // 90 minutes are six rows, three times the 30-minute session's two.
    expect(placementOf([day], 'Deep dive')).toMatchObject({ rowStart: 4, rowEnd: 10 })
    // The grid ends on the hour after the last session: 09:00–12:00.
    expect(day.rows).toBe(12)
    expect(day.labels.filter((l) => !l.half).map((l) => l.text)).toEqual(['09:00', '10:00', '11:00'])
    expect(day.labels.filter((l) => l.half).map((l) => l.text)).toEqual(['09:30', '10:30', '11:30'])
  })

  it('puts a start or end between quarters on the nearest quarter line, and gives every session a row', () => {
    const start = at('2026-05-04T09:00', BERLIN)
    expect(rowOf(at('2026-05-04T09:10', BERLIN), start)).toBe(1)
    expect(rowOf(at('2026-05-04T09:05', BERLIN), start)).toBe(0)
    // Exactly half way (7.5 minutes past) goes to the later quarter.
    expect(rowOf(new Date(start.getTime() + 7.5 * 60_000), start)).toBe(1)
    const day = oneDay([
      session('Lightning', '2026-05-04T09:00', '2026-05-04T09:10', 'Plenary'),
      session('At ten past', '2026-05-04T09:10', '2026-05-04T09:40', 'Plenary'),
      session('Five minutes', '2026-05-04T10:01', '2026-05-04T10:06', 'Plenary'),
    ])
    expect(placementOf([day], 'Lightning')).toMatchObject({ rowStart: 0, rowEnd: 1, lanes: 1 })
    // 09:10–09:40 is drawn 09:15–09:45: right after the lightning talk, not beside it.
    expect(placementOf([day], 'At ten past')).toMatchObject({ rowStart: 1, rowEnd: 3, lanes: 1 })
    expect(placementOf([day], 'Five minutes')).toMatchObject({ rowStart: 4, rowEnd: 5 })
  })
})

describe('the agenda grid: rooms and overlaps', () => {
  it('gives each room of the day a column, in the order rooms first appear, and no room a column it does not use', () => {
    const days = gridDays(
      [
        session('Opening', '2026-05-04T09:00', '2026-05-04T10:00', 'Plenary'),
        session('Side A', '2026-05-04T10:00', '2026-05-04T11:00', 'Room A'),
        session('Side B', '2026-05-04T10:00', '2026-05-04T11:00', null),
        session('Day two', '2026-05-05T09:00', '2026-05-05T10:00', 'Room A'),
      ],
      BERLIN,
    )
    expect(days.map((d) => d.rooms)).toEqual([['Plenary', 'Room A', 'Elsewhere'], ['Room A']])
    expect(placementOf(days, 'Side B').column).toBe(2)
  })

  it('spans a break across all rooms when nothing runs beside it, and keeps it in its room otherwise', () => {
    const day = oneDay([
      session('Talk A', '2026-05-04T09:00', '2026-05-04T10:00', 'Room A'),
      session('Talk B', '2026-05-04T09:00', '2026-05-04T10:00', 'Room B'),
      session('Coffee', '2026-05-04T10:00', '2026-05-04T10:30', 'Foyer', 'break'),
      session('Late lunch', '2026-05-04T10:30', '2026-05-04T11:30', 'Foyer', 'break'),
      session('Hacking', '2026-05-04T11:00', '2026-05-04T12:00', 'Room A', 'working_session'),
    ])
    expect(placementOf([day], 'Coffee').column).toBe('all')
    expect(placementOf([day], 'Late lunch').column).toBe(day.rooms.indexOf('Foyer'))
    expect(day.rooms).toEqual(['Room A', 'Room B', 'Foyer'])
  })

  it('puts overlapping sessions of one room side by side in lanes', () => {
    const day = oneDay([
      session('First', '2026-05-04T09:00', '2026-05-04T10:00', 'Room A'),
      session('Double-booked', '2026-05-04T09:30', '2026-05-04T10:30', 'Room A'),
      session('After the first', '2026-05-04T10:00', '2026-05-04T10:30', 'Room A'),
      session('Alone later', '2026-05-04T11:00', '2026-05-04T11:30', 'Room A'),
    ])
    expect(placementOf([day], 'First')).toMatchObject({ lane: 0, lanes: 2 })
    expect(placementOf([day], 'Double-booked')).toMatchObject({ lane: 1, lanes: 2 })
    // The first lane is free again at 10:00.
    expect(placementOf([day], 'After the first')).toMatchObject({ lane: 0, lanes: 2 })
    expect(placementOf([day], 'Alone later')).toMatchObject({ lane: 0, lanes: 1 })
  })
})

describe('the agenda grid: days in the shown zone', () => {
  it('keeps a session running past midnight on the day it starts, its later hours marked as the next day', () => {
    const day = oneDay([session('Late social', '2026-05-04T23:00', '2026-05-05T01:00', 'Bar', 'social')])
    expect(day.date).toBe('2026-05-04')
    expect(placementOf([day], 'Late social')).toMatchObject({ rowStart: 0, rowEnd: 8, column: 'all' })
    expect(day.labels.filter((l) => !l.half).map((l) => [l.text, l.nextDay])).toEqual([
      ['23:00', false],
      ['00:00', true],
    ])
  })

  it('moves sessions to the viewer’s day and hours when shown in another zone', () => {
    const talk = session(
      'Morning in Berkeley',
      '2026-05-04T09:00',
      '2026-05-04T09:30',
      'Plenary',
      'talk',
      'America/Los_Angeles',
    )
    expect(oneDay([talk], 'America/Los_Angeles').labels[0]?.text).toBe('09:00')
    const inBerlin = oneDay([talk], BERLIN)
    expect(inBerlin.date).toBe('2026-05-04')
    expect(inBerlin.labels[0]?.text).toBe('18:00')
    expect(oneDay([talk], 'Asia/Tokyo').date).toBe('2026-05-05')
  })

  it('keeps rows proportional to real time on the day clocks go forward or back', () => {
    // Berlin, 29 March 2026: 02:00 becomes 03:00, so 01:00–04:00 on the clock lasts two hours.
    const spring = oneDay([session('Night owls', '2026-03-29T01:00', '2026-03-29T04:00', 'Room A')])
    expect(placementOf([spring], 'Night owls')).toMatchObject({ rowStart: 0, rowEnd: 8 })
    expect(spring.labels.filter((l) => !l.half).map((l) => l.text)).toEqual(['01:00', '03:00'])
    // Berlin, 25 October 2026: 03:00 becomes 02:00 again, so 01:00–04:00 lasts four hours.
    const autumn = oneDay([session('Night owls', '2026-10-25T01:00', '2026-10-25T04:00', 'Room A')])
    expect(placementOf([autumn], 'Night owls')).toMatchObject({ rowStart: 0, rowEnd: 16 })
    expect(autumn.labels.filter((l) => !l.half).map((l) => l.text)).toEqual(['01:00', '02:00', '02:00', '03:00'])
  })
})

describe('a session’s meta line', () => {
  it('says a word once when room and track share it', () => {
    expect(sessionMetaLine(['Talk', 'Plenary', 'Plenary'])).toBe('Talk · Plenary')
    expect(sessionMetaLine(['Talk', 'Room 190', 'plenary', null, 'Plenary'])).toBe('Talk · Room 190 · plenary')
    expect(sessionMetaLine(['Break', null, ''])).toBe('Break')
  })
})
