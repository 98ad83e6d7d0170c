import { formatDateTime } from '~/utils/time'

/** A sentence about the registration window as of `now`, or null when there is nothing to say. */
export function registrationWindow(
  opensAt: Date | null,
  closesAt: Date | null,
  zone: string,
  now = new Date(),
): string | null {
  if (opensAt && opensAt > now) return `Registration opens ${formatDateTime(opensAt, zone)}.`
  if (closesAt && closesAt <= now) return `Registration closed ${formatDateTime(closesAt, zone)}.`
  if (closesAt) return `Registration is open until ${formatDateTime(closesAt, zone)}.`
  return null
}
