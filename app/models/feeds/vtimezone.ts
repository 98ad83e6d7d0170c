import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { DateTime } from 'luxon'

/**
 * Whether a time written with a TZID and the VTIMEZONE bundled for it reads back as the same instant in every
 * client. The bundled VTIMEZONE files are from tzdata 2018g and miss later rule changes (e.g. Mexico dropping DST),
 * and clients read the repeated hour of an autumn night differently; so each VTIMEZONE is parsed and checked
 * against the time zone database luxon uses, at every instant written.
 */

type Observance = {
  /** Offsets in minutes east of UTC. */
  from: number
  to: number
  /** DTSTART as wall-clock milliseconds (the wall time read as if it were UTC). */
  startWall: number
  rule: { month: number; nth: number; weekday: number } | null
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']

function parseOffset(value: string): number | null {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(value)
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60
  return m[1] === '-' ? -minutes : minutes
}

function parseLocalDateTime(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value)
  if (!m) return null
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
}

/**
 * Reads the observances of a VTIMEZONE of the simple shape the bundled files have (DTSTART, offsets, at most a
 * yearly "nth weekday of a month" RRULE). Anything else gives null: not understood, so not trusted.
 */
function parseVtimezone(text: string): Observance[] | null {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/)
  const observances: Observance[] = []
  let current: Partial<Observance> | null = null
  for (const line of lines) {
    if (line === 'BEGIN:STANDARD' || line === 'BEGIN:DAYLIGHT') {
      current = { rule: null }
      continue
    }
    if (line === 'END:STANDARD' || line === 'END:DAYLIGHT') {
      if (!current || current.from === undefined || current.to === undefined || current.startWall === undefined)
        return null
      observances.push(current as Observance)
      current = null
      continue
    }
    if (!current) continue
    const colon = line.indexOf(':')
    const name = line.slice(0, colon)
    const value = line.slice(colon + 1)
    if (name === 'TZOFFSETFROM' || name === 'TZOFFSETTO') {
      const offset = parseOffset(value)
      if (offset === null) return null
      if (name === 'TZOFFSETFROM') current.from = offset
      else current.to = offset
    } else if (name === 'DTSTART') {
      const wall = parseLocalDateTime(value)
      if (wall === null) return null
      current.startWall = wall
    } else if (name === 'RRULE') {
      const m = /^FREQ=YEARLY;BYMONTH=(\d{1,2});BYDAY=([+-]?\d)(SU|MO|TU|WE|TH|FR|SA)$/.exec(value)
      if (!m) return null
      current.rule = { month: Number(m[1]), nth: Number(m[2]), weekday: WEEKDAYS.indexOf(m[3]!) }
    } else if (name === 'RDATE' || name === 'EXDATE' || name === 'EXRULE') {
      return null
    }
  }
  return observances.length ? observances : null
}

/** Wall-clock ms of the rule's day in `year` at the observance's time of day. */
function ruleWall(o: Observance, year: number): number | null {
  const rule = o.rule!
  const timeOfDay = ((o.startWall % 86_400_000) + 86_400_000) % 86_400_000
  let day: number
  if (rule.nth > 0) {
    const firstWeekday = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay()
    day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + 7 * (rule.nth - 1)
  } else {
    const lastDay = new Date(Date.UTC(year, rule.month, 0)).getUTCDate()
    const lastWeekday = new Date(Date.UTC(year, rule.month - 1, lastDay)).getUTCDay()
    day = lastDay - ((lastWeekday - rule.weekday + 7) % 7) + 7 * (rule.nth + 1)
  }
  const wall = Date.UTC(year, rule.month - 1, day) + timeOfDay
  if (new Date(wall - timeOfDay).getUTCMonth() !== rule.month - 1) return null
  return wall >= o.startWall ? wall : null
}

/** The UTC offset (minutes) a client computes from these observances at an instant. */
function vtimezoneOffsetAt(observances: Observance[], instant: number): number {
  let best: { onset: number; to: number } | null = null
  let earliest: { onset: number; from: number } | null = null
  const year = new Date(instant).getUTCFullYear()
  for (const o of observances) {
    const onsets = o.rule
      ? [year - 1, year, year + 1].map((y) => ruleWall(o, y)).filter((w): w is number => w !== null)
      : [o.startWall]
    for (const wall of onsets) {
      const onset = wall - o.from * 60_000
      if (onset <= instant && (!best || onset > best.onset)) best = { onset, to: o.to }
    }
    const first = o.startWall - o.from * 60_000
    if (!earliest || first < earliest.onset) earliest = { onset: first, from: o.from }
  }
  return best ? best.to : earliest!.from
}

/**
 * The one instant a wall time names with these observances, or null when it names none (a gap) or two (the
 * repeated hour when clocks go back). RFC 5545 §3.3.5 says a repeated time means its first occurrence, but
 * clients disagree (ical.js, for one, reads the second), so such times are not written with a TZID at all.
 */
function vtimezoneInstantOf(observances: Observance[], wall: number): number | null {
  const offsets = new Set(observances.flatMap((o) => [o.from, o.to]))
  const found: number[] = []
  for (const offset of offsets) {
    const instant = wall - offset * 60_000
    if (vtimezoneOffsetAt(observances, instant) === offset) found.push(instant)
  }
  return found.length === 1 ? found[0]! : null
}

// Parsed once per zone: the bundled files do not change while the process runs, and every entry asks.
const observanceCache = new Map<string, Observance[] | null>()

function observancesOf(zone: string): Observance[] | null {
  if (!observanceCache.has(zone)) {
    const component = getVtimezoneComponent(zone)
    observanceCache.set(zone, component ? parseVtimezone(component) : null)
  }
  return observanceCache.get(zone)!
}

/**
 * Whether `instant`, written as wall time with TZID=zone and the bundled VTIMEZONE, reads back as itself in every
 * client: the VTIMEZONE agrees with the time zone database there, and the wall time is not ambiguous.
 */
export function isRepresentableInZone(instant: Date, zone: string): boolean {
  const observances = observancesOf(zone)
  if (!observances) return false
  const seconds = Math.floor(instant.getTime() / 1000) * 1000
  const local = DateTime.fromMillis(seconds, { zone })
  if (!local.isValid) return false
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  return vtimezoneInstantOf(observances, wall) === seconds
}

/** The zone to write an entry in (its TZID), or null to write it in UTC. */
export function entryZone(zone: string, instants: Date[]): string | null {
  if (zone === 'UTC' || zone === 'Etc/UTC') return null
  return instants.every((instant) => isRepresentableInZone(instant, zone)) ? zone : null
}
