import { DateTime } from 'luxon'
import type { StatusChange } from '~/models/registration/history.server'
import type { RegistrationRow } from '~/models/registration/registrations.server'

export const STATUSES = ['confirmed', 'waitlisted', 'pending', 'cancelled', 'declined'] as const
export type Status = (typeof STATUSES)[number]
export const STATUS_LABELS: Record<Status, string> = {
  confirmed: 'Confirmed',
  waitlisted: 'Waiting list',
  pending: 'Pending approval',
  cancelled: 'Cancelled',
  declined: 'Declined',
}

/** The list's filter, from the page's address. */
export function filterFrom(url: URL): { status: Status | undefined; q: string } {
  const status = STATUSES.find((s) => s === url.searchParams.get('status'))
  return { status, q: url.searchParams.get('q')?.slice(0, 200) ?? '' }
}

/** Check-in is offered from the first event day to the last, in the event's zone. */
export function isCheckInOpen(event: { time_zone: string; starts_at: Date; ends_at: Date }, now = DateTime.now()) {
  const today = now.setZone(event.time_zone).toISODate()
  const firstDay = DateTime.fromJSDate(event.starts_at, { zone: event.time_zone }).toISODate()
  const lastDay = DateTime.fromJSDate(event.ends_at, { zone: event.time_zone }).toISODate()
  return today !== null && firstDay !== null && lastDay !== null && today >= firstDay && today <= lastDay
}

/** "2030-05-04 09:12", in UTC as the whole table is. */
function utcMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ')
}

/** Who made a change, as a phrase: "by the attendee", "automatically", "by Ada Organizer". */
function byWhom(changedBy: string): string {
  if (changedBy === 'attendee') return 'by the attendee'
  if (changedBy === 'system') return 'automatically'
  return `by ${changedBy}`
}

export type HistoryStep = {
  at: string
  atIso: string
  from: Status | null
  to: Status
  by: string
  reason: string | null
}

function historyStep(change: StatusChange): HistoryStep {
  return {
    at: utcMinute(change.at),
    atIso: change.at.toISOString(),
    from: change.from,
    to: change.to,
    by: byWhom(change.changedBy),
    reason: change.reason,
  }
}

/** One line of the organizer's table, with its status history. */
export function registrationView(r: RegistrationRow, history: StatusChange[]) {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    status: r.status,
    position: r.position,
    mode: r.attendance_mode,
    affiliations: r.affiliations,
    accessibility: r.accessibility_needs,
    dietary: r.dietary_needs,
    registeredAt: utcMinute(r.created_at),
    checkedIn: r.checked_in_at !== null,
    history: history.map(historyStep),
  }
}

export type RegistrationView = ReturnType<typeof registrationView>

/** The bulk decision's form sits above the table; the rows' checkboxes join it by this id. */
export const BULK_FORM_ID = 'bulk-decision'
