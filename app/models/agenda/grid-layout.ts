import { DateTime } from 'luxon'

/**
 * Where each session sits in the agenda's timetable (the room-by-time grid), as plain numbers a CSS grid uses.
 * Pure: the same sessions and zone give the same layout on the server and in the browser. The rules are those
 * of docs/decisions/013-agenda-grid.md:
 *
 * - One row per 15 minutes of real time, counted from the first session's start floored to the hour in the shown
 *   zone. A day of a DST change therefore has one row fewer or more per quarter skipped or repeated: heights stay
 *   proportional to durations, and the hour labels say 01:00, 03:00 (spring) or 01:00, 01:00 (autumn).
 * - A start or end between two quarter lines goes to the nearest one (7.5 minutes past goes to the later), and
 *   every session gets at least one row: 09:10–09:40 is drawn 09:15–09:45, and two sessions that follow each other
 *   stay back to back instead of overlapping.
 * - A session belongs to the day (in the shown zone) it starts on; one that runs past midnight makes that day's
 *   grid longer, with labels marked as the next day.
 * - Breaks and socials that no other session runs beside span all the rooms of the day (the coffee break across
 *   the whole grid); otherwise they keep their room's column.
 * - Sessions whose rows overlap in one column are put side by side in lanes, never on top of each other.
 */

export const QUARTER_MINUTES = 15
const QUARTER_MS = QUARTER_MINUTES * 60_000

/** The room column of sessions without a room. */
export const NO_ROOM = 'Elsewhere'

/** Kinds that are for everyone at once: drawn across all rooms when nothing runs beside them. */
const ALL_ROOM_KINDS = new Set(['break', 'social'])

export type GridSessionInput = {
  startsAt: Date
  endsAt: Date
  room: string | null
  kind: string
}

export type GridPlacement<T> = {
  session: T
  /** First row (0-based, the first quarter of the day's grid) and the row after the last, as grid lines count. */
  rowStart: number
  rowEnd: number
  /** The room column (0-based index into `rooms`), or 'all' for a session spanning every room. */
  column: number | 'all'
  /** Side by side with overlapping sessions of its column: lane `lane` of `lanes` (one lane when alone). */
  lane: number
  lanes: number
}

export type GridLabel = {
  row: number
  /** "09:00" in the shown zone. */
  text: string
  /** The hour is on the day after the grid's day (a session running past midnight). */
  nextDay: boolean
  /** A full hour (labelled) or a half hour (a fainter line). */
  half: boolean
}

export type GridDay<T> = {
  /** The day in the shown zone, YYYY-MM-DD. */
  date: string
  /** The instant of row 0. */
  start: Date
  rows: number
  rooms: string[]
  labels: GridLabel[]
  placements: GridPlacement<T>[]
}

/** The timetable of each day (in `zone`) that has sessions, days in date order. */
export function gridDays<T extends GridSessionInput>(sessions: T[], zone: string): GridDay<T>[] {
  const roomOrder = [...new Set(sessions.map(roomOf))]
  const byDay = new Map<string, T[]>()
  for (const s of sessions) {
    const date = DateTime.fromJSDate(s.startsAt, { zone }).toISODate() ?? ''
    const list = byDay.get(date)
    if (list) list.push(s)
    else byDay.set(date, [s])
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, daySessions]) => layOutDay(date, daySessions, zone, roomOrder))
}

function roomOf(s: { room: string | null }): string {
  return s.room?.trim() || NO_ROOM
}

/** The row of an instant: the nearest quarter line, counted from `start`. */
export function rowOf(instant: Date, start: Date): number {
  return Math.round((instant.getTime() - start.getTime()) / QUARTER_MS)
}

function layOutDay<T extends GridSessionInput>(date: string, sessions: T[], zone: string, roomOrder: string[]) {
  const firstStart = Math.min(...sessions.map((s) => s.startsAt.getTime()))
  const start = DateTime.fromMillis(firstStart, { zone }).startOf('hour').toJSDate()
  const rowsOf = sessions.map((s) => {
    const rowStart = rowOf(s.startsAt, start)
    return { session: s, rowStart, rowEnd: Math.max(rowOf(s.endsAt, start), rowStart + 1) }
  })
  const overlaps = (a: { rowStart: number; rowEnd: number }, b: { rowStart: number; rowEnd: number }) =>
    a.rowStart < b.rowEnd && b.rowStart < a.rowEnd
  const spansAll = rowsOf.map(
    (r) =>
      ALL_ROOM_KINDS.has(r.session.kind) &&
      !rowsOf.some((other) => other !== r && !ALL_ROOM_KINDS.has(other.session.kind) && overlaps(r, other)),
  )
  const rooms = roomOrder.filter((room) => rowsOf.some((r, i) => !spansAll[i] && roomOf(r.session) === room))
  const columns = new Map<number | 'all', typeof rowsOf>()
  rowsOf.forEach((r, i) => {
    const column = spansAll[i] ? 'all' : rooms.indexOf(roomOf(r.session))
    columns.set(column, [...(columns.get(column) ?? []), r])
  })
  const placements: GridPlacement<T>[] = []
  for (const [column, inColumn] of columns) placements.push(...inLanes(inColumn, column))
  placements.sort((a, b) => a.rowStart - b.rowStart || columnOrder(a.column) - columnOrder(b.column) || a.lane - b.lane)

  // Whole hours: a grid ends on an hour line, like it starts on one.
  const lastRow = Math.max(...placements.map((p) => p.rowEnd))
  const rows = Math.ceil(lastRow / 4) * 4
  return { date, start, rows, rooms, labels: labelsFor(start, rows, zone, date), placements }
}

function columnOrder(column: number | 'all'): number {
  return column === 'all' ? -1 : column
}

/**
 * Lanes for one column: sessions that overlap, directly or through others, form a cluster as wide as its most
 * sessions at once; each takes the first lane free when it starts.
 */
function inLanes<T>(
  items: { session: T; rowStart: number; rowEnd: number }[],
  column: number | 'all',
): GridPlacement<T>[] {
  const sorted = [...items].sort((a, b) => a.rowStart - b.rowStart || b.rowEnd - a.rowEnd)
  const placed: GridPlacement<T>[] = []
  let cluster: GridPlacement<T>[] = []
  let laneEnds: number[] = []
  let clusterEnd = -Infinity
  const closeCluster = () => {
    for (const p of cluster) p.lanes = laneEnds.length
    placed.push(...cluster)
    cluster = []
    laneEnds = []
  }
  for (const item of sorted) {
    if (item.rowStart >= clusterEnd) closeCluster()
    let lane = laneEnds.findIndex((end) => end <= item.rowStart)
    if (lane === -1) lane = laneEnds.push(item.rowEnd) - 1
    else laneEnds[lane] = item.rowEnd
    clusterEnd = Math.max(clusterEnd, item.rowEnd)
    cluster.push({ ...item, column, lane, lanes: 1 })
  }
  closeCluster()
  return placed
}

function labelsFor(start: Date, rows: number, zone: string, date: string): GridLabel[] {
  const labels: GridLabel[] = []
  for (let row = 0; row < rows; row++) {
    const local = DateTime.fromMillis(start.getTime() + row * QUARTER_MS, { zone })
    if (local.minute !== 0 && local.minute !== 30) continue
    labels.push({ row, text: local.toFormat('HH:mm'), nextDay: local.toISODate() !== date, half: local.minute === 30 })
  }
  return labels
}
