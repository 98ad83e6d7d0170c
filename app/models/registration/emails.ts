import type { Registration } from '#db/schema'
import { formatRange } from '~/utils/time'
import type { RenderedEmail } from '../outbox/outbox.server'
import { escapeHtml } from '~/utils/format'
import { eventPath } from '~/utils/paths'
import type { RegistrationEvent } from './registration-event'

export type RegistrationEmailKind =
  | 'confirmed'
  | 'waitlisted'
  | 'pending'
  | 'promoted'
  | 'approved'
  | 'declined'
  | 'cancelled'
  | 'already-registered'

/** What an email says of its event: everything but the counts and the registration window. */
type EmailEvent = Omit<
  RegistrationEvent,
  | 'id'
  | 'capacity'
  | 'in_person_capacity'
  | 'requires_approval'
  | 'status'
  | 'registration_opens_at'
  | 'registration_closes_at'
>
type EmailRegistration = Pick<Registration, 'name' | 'manage_token' | 'status' | 'attendance_mode'>

export type RegistrationEmailContext = {
  /** Where links point: the app's public origin (appBaseUrl). */
  baseUrl: string
  event: EmailEvent
  registration: EmailRegistration
  /**
   * The place on the waiting list, or a placeholder string the caller replaces with it once known (a
   * registration's place is decided in SQL, after its email is rendered: see registerInOneStatement).
   */
  position?: number | string | null
  reason?: string | null
  /** Waiting on a hybrid event: whether an online place was free at that moment (the room alone is full). */
  onlineSeatFree?: boolean
}

function headline(kind: RegistrationEmailKind, ctx: RegistrationEmailContext): { subject: string; lead: string } {
  const t = ctx.event.title
  switch (kind) {
    case 'confirmed':
      return { subject: `You're registered for ${t}`, lead: `Your place at ${t} is confirmed.` }
    case 'approved':
      return {
        subject: `Approved: your place at ${t}`,
        lead: `The organizers approved your registration: your place at ${t} is confirmed.`,
      }
    case 'promoted':
      return {
        subject: `A place opened up: you're confirmed for ${t}`,
        lead: `Good news: a place opened up and you moved from the waiting list. Your place at ${t} is confirmed.`,
      }
    case 'waitlisted': {
      const at = ctx.position ? ` at position ${ctx.position}` : ''
      if (ctx.event.location_kind === 'hybrid' && ctx.registration.attendance_mode === 'in_person') {
        return {
          subject: `You're on the waiting list for an in-person seat at ${t}`,
          lead: ctx.onlineSeatFree
            ? `The in-person seats at ${t} are full, so you are on the waiting list for an in-person seat${at}. Online places are still free: to join online now, change how you attend through your personal link. Otherwise, when a seat opens you are moved up automatically and we email you at once.`
            : `${t} is full, so you are on the waiting list for an in-person seat${at}. If a seat opens up you are moved up automatically and we email you at once.`,
        }
      }
      return {
        subject: `You're on the waiting list for ${t}`,
        lead: `${t} is full, so you are on the waiting list${
          ctx.event.location_kind === 'hybrid' ? ' to join online' : ''
        }${at}. If a place opens up you are moved up automatically and we email you at once.`,
      }
    }
    case 'pending':
      return {
        subject: `Registration received for ${t}`,
        lead: `The organizers of ${t} approve each registration. We'll email you as soon as they decide.`,
      }
    case 'declined':
      return {
        subject: `Your registration for ${t}`,
        lead: `The organizers could not offer you a place at ${t} this time.`,
      }
    case 'cancelled':
      return { subject: `Registration cancelled: ${t}`, lead: `Your registration for ${t} is cancelled.` }
    case 'already-registered':
      return {
        subject: `Your registration for ${t}`,
        lead: `Someone (probably you) tried to register again with this email address for ${t}. You were already registered; here is your personal link again.`,
      }
  }
}

/**
 * The email for a registration event, plain text and HTML, with the manage link and (when allowed) the call
 * link. Pure: notify.server.ts queues it in the transaction of the change it tells about.
 */
export function renderRegistrationEmail(kind: RegistrationEmailKind, ctx: RegistrationEmailContext): RenderedEmail {
  const { event, registration, baseUrl: base } = ctx
  const manageUrl = new URL(`/r/${registration.manage_token}`, base).toString()
  const eventUrl = new URL(eventPath(event.slug), base).toString()
  const { subject, lead } = headline(kind, ctx)
  const when = formatRange(event.starts_at, event.ends_at, event.time_zone)
  const where = [event.venue_name, event.venue_address].filter(Boolean).join(', ')
  // The call link is private: only confirmed attendees of events with an online part get it.
  const meetingUrl =
    registration.status === 'confirmed' && event.location_kind !== 'in_person' && event.online_url
      ? event.online_url
      : null
  const showDetails = kind !== 'declined' && kind !== 'cancelled'

  const text = [
    `Hello ${registration.name},`,
    '',
    lead,
    ctx.reason ? `\nNote from the organizers: ${ctx.reason}` : null,
    '',
    showDetails ? `When: ${when}` : null,
    showDetails && where && registration.attendance_mode === 'in_person' ? `Where: ${where}` : null,
    showDetails && meetingUrl ? `Video call: ${meetingUrl}` : null,
    '',
    kind === 'cancelled' || kind === 'declined'
      ? `Event page: ${eventUrl}`
      : `View, change or cancel your registration (keep this link private):\n${manageUrl}`,
    '',
    '— Convene, for the organizers of ' + event.title,
  ]
    .filter((line) => line !== null)
    .join('\n')

  const rows = [
    showDetails ? ['When', escapeHtml(when)] : null,
    showDetails && where && registration.attendance_mode === 'in_person' ? ['Where', escapeHtml(where)] : null,
    showDetails && meetingUrl
      ? ['Video call', `<a href="${escapeHtml(meetingUrl)}">${escapeHtml(meetingUrl)}</a>`]
      : null,
  ].filter((r): r is string[] => r !== null)
  const action =
    kind === 'cancelled' || kind === 'declined'
      ? `<p><a href="${escapeHtml(eventUrl)}">Event page</a></p>`
      : `<p><a href="${escapeHtml(
          manageUrl,
        )}" style="display:inline-block;background:#1d5f8a;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">View, change or cancel your registration</a></p><p style="color:#4a5663;font-size:13px">This link is personal: anyone who has it can change your registration.</p>`
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#16202a;line-height:1.5;max-width:560px">
<p>Hello ${escapeHtml(registration.name)},</p>
<p>${escapeHtml(lead)}</p>
${ctx.reason ? `<p><strong>Note from the organizers:</strong> ${escapeHtml(ctx.reason)}</p>` : ''}
${
  rows.length
    ? `<table role="presentation">${rows
        .map(([k, v]) => `<tr><th align="left" style="padding-right:12px">${k}</th><td>${v}</td></tr>`)
        .join('')}</table>`
    : ''
}
${action}
<p style="color:#4a5663;font-size:13px">Convene, for the organizers of ${escapeHtml(event.title)}</p>
</body></html>`
  return { subject, text, html }
}
