import { DateTime } from 'luxon'

/** `YYYY-MM-DDTHH:mm`, the value of an `<input type="datetime-local">`. */
export const WALL_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/
const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid
}

export type WallTimeResult = { ok: true; instant: Date } | { ok: false; reason: string }

/**
 * The instant at which clocks in `zone` show `wallTime`. A wall time skipped by a DST change (02:30 on a
 * spring-forward night) does not exist and is refused; a repeated one (autumn) means its first occurrence.
 */
export function wallTimeToInstant(wallTime: string, zone: string): WallTimeResult {
  if (!WALL_TIME_PATTERN.test(wallTime)) return { ok: false, reason: 'Enter a date and time' }
  if (!isValidTimeZone(zone)) return { ok: false, reason: `Unknown time zone ${zone}` }
  const dt = DateTime.fromISO(wallTime, { zone })
  if (!dt.isValid) return { ok: false, reason: 'Enter a real date and time' }
  const shown = dt.toFormat("yyyy-MM-dd'T'HH:mm")
  if (shown !== wallTime.slice(0, 16)) {
    return {
      ok: false,
      reason: `${wallTime.replace('T', ' ')} does not exist in ${zone}: clocks skip that hour for daylight saving time`,
    }
  }
  // Luxon may pick the later of two repeated hours; the earlier offset is the one people mean first.
  const earlier = DateTime.fromObject(
    { year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute, second: dt.second },
    { zone: `UTC${formatOffset(Math.max(dt.offset, dt.minus({ hours: 1 }).offset, dt.plus({ hours: 1 }).offset))}` },
  )
  const candidate = earlier.setZone(zone)
  const instant =
    candidate.isValid && candidate.toFormat("yyyy-MM-dd'T'HH:mm") === shown ? earlier.toJSDate() : dt.toJSDate()
  return { ok: true, instant }
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** `YYYY-MM-DDTHH:mm` as shown on clocks in `zone` at `instant`: the value for a datetime-local input. */
export function instantToWallTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")
}

/**
 * Reads an API time: with an offset (or Z) it is that instant; without one it is wall time in the event's zone.
 */
export function parseApiTime(value: string, zone: string): WallTimeResult {
  if (OFFSET_SUFFIX.test(value)) {
    const dt = DateTime.fromISO(value, { setZone: true })
    return dt.isValid
      ? { ok: true, instant: dt.toJSDate() }
      : { ok: false, reason: 'Use ISO 8601, such as 2026-05-04T09:00:00+02:00' }
  }
  return wallTimeToInstant(value, zone)
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-05-04T09:00:00+02:00. */
export function toZonedIso(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? instant.toISOString()
}

/**
 * Ranges formatted lately. Formatting one costs tens of microseconds of luxon, and a busy registration renders
 * several emails of one event, with its one range, per request. Few events are live at once; the map is
 * emptied when it grows past that.
 */
const formattedRanges = new Map<string, string>()
const FORMATTED_RANGES_KEPT = 500

/** "Mon 4 May 2026, 09:00 – Wed 6 May, 17:30 CEST" style ranges, in one zone. */
export function formatRange(start: Date, end: Date, zone: string, locale = 'en-GB'): string {
  const key = `${start.getTime()} ${end.getTime()} ${zone} ${locale}`
  let formatted = formattedRanges.get(key)
  if (formatted === undefined) {
    if (formattedRanges.size >= FORMATTED_RANGES_KEPT) formattedRanges.clear()
    formatted = formatRangeNow(start, end, zone, locale)
    formattedRanges.set(key, formatted)
  }
  return formatted
}

function formatRangeNow(start: Date, end: Date, zone: string, locale: string): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale(locale)
  const e = DateTime.fromJSDate(end, { zone }).setLocale(locale)
  const day = 'ccc d LLL yyyy'
  if (s.hasSame(e, 'day')) {
    return `${s.toFormat(day)}, ${s.toFormat('HH:mm')}–${e.toFormat('HH:mm')} ${e.toFormat('ZZZZ')}`
  }
  return `${s.toFormat(day)}, ${s.toFormat('HH:mm')} – ${e.toFormat(day)}, ${e.toFormat('HH:mm')} ${e.toFormat('ZZZZ')}`
}

/** "4–6 May 2026" for cards and lists. */
export function formatDateSpan(start: Date, end: Date, zone: string, locale = 'en-GB'): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale(locale)
  const e = DateTime.fromJSDate(end, { zone }).setLocale(locale)
  if (s.hasSame(e, 'day')) return s.toFormat('d LLL yyyy')
  if (s.hasSame(e, 'month')) return `${s.toFormat('d')}–${e.toFormat('d LLL yyyy')}`
  if (s.hasSame(e, 'year')) return `${s.toFormat('d LLL')} – ${e.toFormat('d LLL yyyy')}`
  return `${s.toFormat('d LLL yyyy')} – ${e.toFormat('d LLL yyyy')}`
}

let zoneList: string[] | undefined
/** Every IANA zone the runtime knows, for the zone picker. */
export function timeZoneNames(): string[] {
  zoneList ??= Intl.supportedValuesOf('timeZone').includes('UTC')
    ? Intl.supportedValuesOf('timeZone')
    : ['UTC', ...Intl.supportedValuesOf('timeZone')]
  return zoneList
}

/** "Mon 4 May 2026, 09:00 CEST". */
export function formatDateTime(instant: Date, zone: string, locale = 'en-GB'): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(locale).toFormat('ccc d LLL yyyy, HH:mm ZZZZ')
}
