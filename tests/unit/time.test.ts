import { describe, expect, it } from 'vitest'
import { formatRange, instantToWallTime, parseApiTime, toZonedIso, wallTimeToInstant } from '~/utils/time'

function instant(wall: string, zone: string) {
  const result = wallTimeToInstant(wall, zone)
  if (!result.ok) throw new Error(result.reason)
  return result.instant.toISOString()
}

describe('wall time in an IANA zone', () => {
  it('uses the summer and winter offsets on either side of a DST change (Europe/Berlin)', () => {
    expect(instant('2026-03-28T09:00', 'Europe/Berlin')).toBe('2026-03-28T08:00:00.000Z')
    expect(instant('2026-03-30T09:00', 'Europe/Berlin')).toBe('2026-03-30T07:00:00.000Z')
  })

  it('refuses a wall time that a spring-forward change skips', () => {
    const result = wallTimeToInstant('2026-03-08T02:30', 'America/New_York')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toMatch(/does not exist in America\/New_York/)
  })

  it('takes the first of two repeated wall times in autumn', () => {
    expect(instant('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z')
    expect(instant('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z')
    // Southern hemisphere: Sydney leaves DST in April.
    expect(instant('2026-04-05T02:30', 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z')
  })

  it('round-trips instants to wall time across the change', () => {
    for (const wall of ['2026-10-24T23:00', '2026-10-25T04:00', '2026-03-29T03:30']) {
      expect(instantToWallTime(new Date(instant(wall, 'Europe/Berlin')), 'Europe/Berlin')).toBe(wall)
    }
  })

  it('a session lasting over the change is an hour longer in real time', () => {
    const start = new Date(instant('2026-10-25T00:00', 'Europe/Berlin'))
    const end = new Date(instant('2026-10-25T06:00', 'Europe/Berlin'))
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(7)
  })

  it('refuses unknown zones and malformed times', () => {
    expect(wallTimeToInstant('2026-05-01T09:00', 'Mars/Olympus').ok).toBe(false)
    expect(wallTimeToInstant('tomorrow', 'UTC').ok).toBe(false)
    expect(wallTimeToInstant('2026-02-30T09:00', 'UTC').ok).toBe(false)
  })
})

describe('API times', () => {
  it('an offset wins over the zone; no offset means wall time in the zone', () => {
    const withOffset = parseApiTime('2026-07-01T09:00:00+02:00', 'America/New_York')
    const wall = parseApiTime('2026-07-01T09:00', 'America/New_York')
    expect(withOffset.ok && withOffset.instant.toISOString()).toBe('2026-07-01T07:00:00.000Z')
    expect(wall.ok && wall.instant.toISOString()).toBe('2026-07-01T13:00:00.000Z')
    expect(parseApiTime('2026-07-01T09:00:00Z', 'Asia/Tokyo').ok).toBe(true)
  })

  it('writes instants with the offset the zone has at that moment', () => {
    expect(toZonedIso(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe('2026-01-15T13:00:00+01:00')
    expect(toZonedIso(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-15T14:00:00+02:00')
  })

  it('formats ranges in the given zone', () => {
    const start = new Date('2026-07-15T16:00:00Z')
    const end = new Date('2026-07-15T17:30:00Z')
    expect(formatRange(start, end, 'America/Los_Angeles')).toContain('09:00–10:30')
    expect(formatRange(start, end, 'Asia/Tokyo')).toContain('Thu 16 Jul 2026, 01:00–02:30')
  })
})
