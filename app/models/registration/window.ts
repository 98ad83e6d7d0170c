import type { Event } from '#db/schema'

export type RegistrationWindowState =
  | { open: true }
  | {
      open: false
      reason: 'not_yet' | 'closed' | 'cancelled' | 'ended'
      message: string
      opensAt?: Date
      closesAt?: Date
    }

/** Whether people may register now; registration closes when the event starts unless an earlier close is set. */
export function registrationWindowState(
  event: Pick<Event, 'status' | 'registration_opens_at' | 'registration_closes_at' | 'starts_at'>,
  now = new Date(),
): RegistrationWindowState {
  if (event.status === 'cancelled')
    return { open: false, reason: 'cancelled', message: 'This event has been cancelled.' }
  if (event.registration_opens_at && now < event.registration_opens_at) {
    return {
      open: false,
      reason: 'not_yet',
      message: 'Registration has not opened yet.',
      opensAt: event.registration_opens_at,
    }
  }
  const closesAt = event.registration_closes_at ?? event.starts_at
  if (now >= closesAt) {
    return event.registration_closes_at
      ? { open: false, reason: 'closed', message: 'Registration is closed.', closesAt }
      : { open: false, reason: 'ended', message: 'Registration closed when the event started.', closesAt }
  }
  return { open: true }
}
