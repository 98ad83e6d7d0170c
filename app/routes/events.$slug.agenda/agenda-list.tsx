import { groupSessionsByDay, SessionSummary, useNow, type AgendaSession } from '~/components/agenda'

/** The agenda as one list per day, in time order. */
export function AgendaList({
  sessions,
  zone,
  slug,
  starred,
}: {
  sessions: AgendaSession[]
  zone: string
  slug: string
  starred: Set<number> | null
}) {
  const now = useNow()
  return (
    <>
      {groupSessionsByDay(sessions, zone).map(([day, daySessions], index) => (
        <section key={day} aria-labelledby={`list-day-${index}`} className="agenda-day">
          <h2 id={`list-day-${index}`}>{day}</h2>
          <ol className="agenda-list">
            {daySessions.map((s) => (
              <li key={s.id}>
                <SessionSummary
                  session={s}
                  slug={slug}
                  zone={zone}
                  now={now}
                  starred={starred ? starred.has(s.id) : undefined}
                />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  )
}
