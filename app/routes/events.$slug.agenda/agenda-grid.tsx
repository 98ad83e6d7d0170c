import type { CSSProperties } from 'react'
import { useState } from 'react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { dayOf, SessionSummary, useNow, type AgendaSession } from '~/components/agenda'
import { gridDays, QUARTER_MINUTES, type GridDay } from '~/models/agenda/grid-layout'

type Props = { sessions: AgendaSession[]; zone: string; slug: string; starred: Set<number> | null }

/** Grid lines before the first quarter: the room header row. */
const HEADER_ROWS = 1

/**
 * The agenda as a timetable per day: a column per room, a row per quarter hour, each session as tall as it is
 * long (layout rules in ~/models/agenda/grid-layout). On a narrow screen one room is shown at a time, chosen with
 * the room buttons above each day; without JavaScript the rooms share the width and the room filter picks one.
 */
export function AgendaGrid({ sessions, zone, slug, starred }: Props) {
  const now = useNow()
  const oneRoomAtATime = useHydrated()
  const [shownRoom, setShownRoom] = useState<string | null>(null)
  return (
    <>
      {gridDays(sessions, zone).map((day, index) => (
        <DayTimetable
          key={day.date}
          day={day}
          label={dayOf(day.start, zone)}
          headingId={`grid-day-${index}`}
          shownRoom={shownRoom && day.rooms.includes(shownRoom) ? shownRoom : day.rooms[0]}
          onShowRoom={oneRoomAtATime ? setShownRoom : undefined}
          zone={zone}
          slug={slug}
          starred={starred}
          now={now}
        />
      ))}
    </>
  )
}

function DayTimetable({
  day,
  label,
  headingId,
  shownRoom,
  onShowRoom,
  zone,
  slug,
  starred,
  now,
}: {
  day: GridDay<AgendaSession>
  label: string
  headingId: string
  shownRoom: string | undefined
  /** Set once JavaScript runs: then a narrow screen shows one room at a time. */
  onShowRoom: ((room: string) => void) | undefined
  zone: string
  slug: string
  starred: Set<number> | null
  now: Date | undefined
}) {
  const columns = Math.max(day.rooms.length, 1)
  const line = (row: number) => row + HEADER_ROWS + 1
  const nowRow = now ? (now.getTime() - day.start.getTime()) / (QUARTER_MINUTES * 60_000) : -1
  return (
    <section aria-labelledby={headingId} className="agenda-day">
      <h2 id={headingId}>{label}</h2>
      {onShowRoom && day.rooms.length > 1 ? (
        <div className="room-switch" role="group" aria-label={`Room shown on ${label}`}>
          {day.rooms.map((room) => (
            <button
              key={room}
              type="button"
              className="button button--small button--secondary"
              aria-pressed={room === shownRoom}
              onClick={() => onShowRoom(room)}
            >
              {room}
            </button>
          ))}
        </div>
      ) : null}
      <div
        className={`timetable ${onShowRoom ? 'timetable--one-room' : ''}`}
        style={{ '--rooms': columns, '--quarters': day.rows } as CSSProperties}
      >
        <div className="timetable__corner" aria-hidden="true" />
        {day.rooms.map((room, i) => (
          <div
            key={room}
            className={`timetable__room ${room === shownRoom ? '' : 'timetable--other-room'}`}
            style={{ '--column': `${i + 2}` } as CSSProperties}
          >
            {room}
          </div>
        ))}
        {day.rooms.map((room, i) => (
          <div
            key={`column-${room}`}
            className={`timetable__column ${room === shownRoom ? '' : 'timetable--other-room'}`}
            style={{ '--column': `${i + 2}` } as CSSProperties}
            aria-hidden="true"
          />
        ))}
        {day.rooms.length === 0 ? <div className="timetable__room" /> : null}
        {day.labels.map((l) => (
          <div
            key={l.row}
            className={`timetable__rule ${l.half ? 'timetable__rule--half' : ''}`}
            style={{ gridRow: `${line(l.row)}` }}
            aria-hidden="true"
          >
            {l.half ? null : (
              <span className="timetable__time">
                {l.text}
                {l.nextDay ? <small> +1 day</small> : null}
              </span>
            )}
          </div>
        ))}
        {day.placements.map((p) => {
          const [from, to] = p.column === 'all' ? [2, columns + 2] : [p.column + 2, p.column + 3]
          const otherRoom = p.column !== 'all' && day.rooms[p.column] !== shownRoom
          return (
            <div
              key={p.session.id}
              className={[
                'timetable__slot',
                p.column === 'all' ? 'timetable__slot--all-rooms' : '',
                p.lanes > 1 ? 'timetable__slot--overlap' : '',
                p.rowEnd - p.rowStart <= 2 ? 'timetable__slot--short' : '',
                otherRoom ? 'timetable--other-room' : '',
              ].join(' ')}
              style={
                {
                  gridRow: `${line(p.rowStart)} / ${line(p.rowEnd)}`,
                  '--column': `${from} / ${to}`,
                  '--lane': p.lane,
                  '--lanes': p.lanes,
                } as CSSProperties
              }
              data-session-id={p.session.id}
            >
              <SessionSummary
                session={p.session}
                slug={slug}
                zone={zone}
                now={now}
                starred={starred ? starred.has(p.session.id) : undefined}
              />
            </div>
          )
        })}
        {nowRow >= 0 && nowRow < day.rows ? (
          <div
            className="timetable__now"
            style={
              {
                gridRow: `${line(Math.floor(nowRow))}`,
                '--now-offset': nowRow - Math.floor(nowRow),
              } as CSSProperties
            }
            aria-hidden="true"
          />
        ) : null}
      </div>
    </section>
  )
}
