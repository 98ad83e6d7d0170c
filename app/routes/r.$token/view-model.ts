import type { RegistrationFormValues } from '~/components/registration-form'
import type { ActionReply } from '~/utils/action.server'
import type { ManagedRegistration } from '~/models/registration/registrations.server'
import type { QuestionDefinition } from '~/models/registration/schema'
import { calendarLinks } from '~/utils/calendar-links'
import { eventPath } from '~/utils/paths'
import type { SeatAvailability } from '~/models/registration/availability'
import type { Saved } from './actions.server'
import type { WaitingFor } from './status-banner'

export function isActive(status: string): boolean {
  return status !== 'cancelled' && status !== 'declined'
}

/**
 * What the manage page shows of the registration and its event. `appBase` is where emailed links point,
 * `feedUrl` the personal calendar feed (null once the registration is no longer active).
 */
export function manageView(
  { registration: r, event, position }: ManagedRegistration,
  {
    appBase,
    feedUrl,
    questions,
    seats,
  }: { appBase: string; feedUrl: string | null; questions: QuestionDefinition[]; seats: SeatAvailability | null },
) {
  const hybrid = event.location_kind === 'hybrid'
  const waitingFor: WaitingFor = {
    mode: hybrid ? r.attendance_mode : null,
    onlineFree: hybrid && seats !== null && seats.online.left !== 0,
  }
  const where = [event.venue_name, event.venue_address].filter(Boolean).join(', ')
  const eventUrl = new URL(eventPath(event.slug), appBase).toString()
  return {
    agendaUrl: eventPath(event.slug, 'agenda'),
    feedUrl,
    manageUrl: new URL(`/r/${r.manage_token}`, appBase).toString(),
    registration: { name: r.name, status: r.status, attendanceMode: r.attendance_mode, position },
    event: {
      slug: event.slug,
      title: event.title,
      timeZone: event.time_zone,
      startsAt: event.starts_at,
      endsAt: event.ends_at,
      locationKind: event.location_kind,
      where,
      // The call link is for confirmed attendees only.
      meetingUrl: r.status === 'confirmed' && event.location_kind !== 'in_person' ? event.online_url : null,
    },
    calendar: isActive(r.status)
      ? calendarLinks({
          title: event.title,
          startsAt: event.starts_at,
          endsAt: event.ends_at,
          details: eventUrl,
          location: where || 'Online',
        })
      : null,
    questions,
    waitingFor,
    defaults: {
      name: r.name,
      email: r.email,
      affiliations: r.affiliations,
      role: r.role ?? '',
      attendanceMode: r.attendance_mode,
      accessibilityNeeds: r.accessibility_needs ?? '',
      dietaryNeeds: r.dietary_needs ?? '',
      publicListing: r.public_listing,
      answers: r.answers,
    } satisfies RegistrationFormValues,
  }
}

/** Which of the page's forms an action answer belongs to: named by a success, read back from a refusal's form. */
export function replyIntent(reply: Saved | ActionReply | undefined): string | undefined {
  if (!reply) return undefined
  if ('intent' in reply) return reply.intent
  const intent = reply.result?.initialValue?.intent
  return typeof intent === 'string' ? intent : undefined
}
