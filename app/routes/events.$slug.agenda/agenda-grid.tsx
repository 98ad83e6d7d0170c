import { groupSessionsByDay, SessionSummary, timeOf, useNow, type AgendaSession } from '~/components/agenda'

type Props = { sessions: AgendaSession[]; zone: string; slug: string; starred: Set<number> | null }

/** The agenda as one table per day: a row per start time, a column per room. */
export function AgendaGrid({ sessions, zone, slug, starred }: Props) {
  const now = useNow()
  const rooms = [...new Set(sessions.map((s) => s.room ?? 'Elsewhere'))]
  return (
    <>
      {groupSessionsByDay(sessions, zone).map(([day, daySessions], index) => (
        <section key={day} aria-labelledby={`grid-day-${index}`} className="agenda-day">
          <h2 id={`grid-day-${index}`}>{day}</h2>
          <div className="table-scroll">
            <table className="agenda-grid">
              <caption className="visually-hidden">Sessions on {day} by start time and room</caption>
              <thead>
                <tr>
                  <th scope="col">Starts</th>
                  {rooms.map((room) => (
                    <th key={room} scope="col">
                      {room}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <DayRows
                  sessions={daySessions}
                  rooms={rooms}
                  zone={zone}
                  slug={slug}
                  starred={starred}
                  now={now}
                />
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  )
}

function DayRows({ sessions, rooms, zone, slug, starred, now }: Props & { rooms: string[]; now: Date | undefined }) {
  const slots = [...new Set(sessions.map((s) => s.startsAt.getTime()))].sort((a, b) => a - b)
  return (
    <>
      {slots.map((slot) => (
        <tr key={slot}>
          <th scope="row">{timeOf(new Date(slot), zone)}</th>
          {rooms.map((room) => {
            const here = sessions.filter((s) => s.startsAt.getTime() === slot && (s.room ?? 'Elsewhere') === room)
            return (
              <td key={room}>
                {here.map((s) => (
                  <SessionSummary
                    key={s.id}
                    session={s}
                    slug={slug}
                    zone={zone}
                    now={now}
                    starred={starred ? starred.has(s.id) : undefined}
                  />
                ))}
              </td>
            )
          })}
        </tr>
      ))}
    </>
  )
}
