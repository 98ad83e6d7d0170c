import { Link } from '@remix-run/react'
import { AddToCalendarLinks } from '~/components/calendar-subscribe'
import { CopyField } from '~/components/copy-field'
import { EventTimes } from '~/components/event-bits'
import type { calendarLinks } from '~/utils/calendar-links'
import { eventPath } from '~/utils/paths'

/** The attendee's personal link, to bookmark or copy. */
export function PersonalLinkCard({ manageUrl }: { manageUrl: string }) {
  return (
    <section className="card" aria-labelledby="link-heading">
      <h2 id="link-heading">Your personal link</h2>
      <p id="link-hint">
        Bookmark it: it is how you see, change or cancel this registration. Anyone with it can, so keep it private.
      </p>
      <div className="manage-link">
        <CopyField value={manageUrl} label="Personal link" describedBy="link-hint" />
      </div>
    </section>
  )
}

/** When and where, the call link for confirmed attendees, the agenda and calendar buttons. */
export function EventCard({
  event,
  inPerson,
  active,
  agendaUrl,
  calendar,
  icsUrl,
}: {
  event: {
    slug: string
    title: string
    startsAt: Date
    endsAt: Date
    timeZone: string
    where: string
    meetingUrl: string | null
  }
  inPerson: boolean
  active: boolean
  agendaUrl: string
  calendar: ReturnType<typeof calendarLinks> | null
  /** The personal feed as a file: the event (with the call link when confirmed) and the starred sessions. */
  icsUrl: string | null
}) {
  return (
    <section className="card" aria-labelledby="event-heading">
      <h2 id="event-heading">{event.title}</h2>
      <EventTimes start={event.startsAt} end={event.endsAt} zone={event.timeZone} />
      {event.where && inPerson ? <p>Where: {event.where}</p> : null}
      {event.meetingUrl ? (
        <p>
          Video call: <a href={event.meetingUrl}>{event.meetingUrl}</a>
        </p>
      ) : null}
      {active ? (
        <p>
          <Link to={agendaUrl}>Agenda</Link>: star the sessions you want to attend; they appear in{' '}
          <Link to={eventPath(event.slug, 'my-agenda')}>your agenda</Link>.
        </p>
      ) : null}
      {calendar ? (
        <div>
          <h3>Add to your calendar</h3>
          <AddToCalendarLinks links={calendar} icsUrl={icsUrl ?? undefined} />
        </div>
      ) : null}
    </section>
  )
}
