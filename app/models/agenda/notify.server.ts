import type { ScheduleChange } from '#db/schema'
import { db } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { describeChange } from './changelog'
import { queueEmail } from '../outbox/outbox.server'
import { escapeHtml } from '~/utils/format'
import { eventPath } from '~/utils/paths'

/**
 * The person's agenda through their personal link: the email may be opened on a device that never saw that
 * link, where /my-agenda alone knows nobody. The personal link remembers the attendee in this browser, then
 * goes on to the agenda (app/routes/r.$token).
 */
export function personalAgendaUrl(manageToken: string, slug: string): string {
  const url = new URL(`/r/${manageToken}`, appBaseUrl())
  url.searchParams.set('redirectTo', eventPath(slug, 'my-agenda'))
  return url.toString()
}

/**
 * Emails each confirmed attendee the published changes to sessions they starred: one email per person, through
 * the outbox. Returns how many emails were queued.
 */
export async function emailStarredChanges(
  event: { id: number; slug: string; title: string; time_zone: string },
  version: number,
  changes: ScheduleChange[],
): Promise<number> {
  const changedIds = [...new Set(changes.map((c) => c.sessionId))]
  if (!changedIds.length) return 0
  const stars = await db
    .selectFrom('session_stars')
    .innerJoin('registrations', 'registrations.id', 'session_stars.registration_id')
    .select([
      'registrations.id',
      'registrations.name',
      'registrations.email',
      'registrations.manage_token',
      'session_stars.session_id',
    ])
    .where('registrations.event_id', '=', event.id)
    .where('registrations.status', '=', 'confirmed')
    .where('session_stars.session_id', 'in', changedIds)
    .execute()
  const people = new Map<number, { name: string; email: string; token: string; sessions: Set<number> }>()
  for (const star of stars) {
    const person = people.get(star.id) ?? {
      name: star.name,
      email: star.email,
      token: star.manage_token,
      sessions: new Set(),
    }
    person.sessions.add(star.session_id)
    people.set(star.id, person)
  }
  await db.transaction().execute(async (trx) => {
    for (const [registrationId, person] of people) {
      const agendaUrl = personalAgendaUrl(person.token, event.slug)
      const lines = changes
        .filter((c) => person.sessions.has(c.sessionId))
        .map((c) => describeChange(c, event.time_zone))
      const subject = `${event.title}: ${
        lines.length === 1 ? 'a session you starred changed' : `${lines.length} changes to sessions you starred`
      }`
      await queueEmail(trx, {
        event_id: event.id,
        registration_id: registrationId,
        kind: 'schedule-changes',
        to_address: person.email,
        subject,
        text: `Hello ${person.name},\n\nVersion ${version} of the agenda changes sessions you starred:\n\n${lines
          .map((l) => `- ${l}`)
          .join('\n')}\n\nYour agenda: ${agendaUrl}\n\n— Convene, for the organizers of ${event.title}`,
        html: `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5"><p>Hello ${escapeHtml(
          person.name,
        )},</p><p>Version ${version} of the agenda changes sessions you starred:</p><ul>${lines
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join('')}</ul><p><a href="${escapeHtml(agendaUrl)}">Your agenda</a></p></body></html>`,
      })
    }
  })
  return people.size
}
