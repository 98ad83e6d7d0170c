import { AddToCalendarLinks } from '~/components/calendar-subscribe'
import { EventTimes } from '~/components/event-bits'

/** When and where, the places, and links to add the session to a calendar (unless cancelled). */
export function SessionFacts({
  session,
  event,
  calendar,
  icsUrl,
}: {
  session: { startsAt: Date; endsAt: Date; room: string | null; capacity: number | null }
  event: { timeZone: string; venue: string | null }
  calendar: Parameters<typeof AddToCalendarLinks>[0]['links'] | null
  icsUrl: string
}) {
  return (
    <aside className="event-facts" aria-label="Session details">
      <EventTimes start={session.startsAt} end={session.endsAt} zone={event.timeZone} />
      <dl>
        {session.room ? (
          <div>
            <dt>Room</dt>
            <dd>
              {session.room}
              {event.venue ? `, ${event.venue}` : ''}
            </dd>
          </div>
        ) : null}
        {session.capacity ? (
          <div>
            <dt>Places</dt>
            <dd>{session.capacity}</dd>
          </div>
        ) : null}
      </dl>
      {calendar ? (
        <>
          <h2 className="facts-heading">Add to your calendar</h2>
          <AddToCalendarLinks links={calendar} icsUrl={icsUrl} />
        </>
      ) : null}
    </aside>
  )
}
