import { Link } from '@remix-run/react'
import { useSyncExternalStore } from 'react'
import type { SeatAvailability } from '~/models/registration/availability'
import { formatDateSpan, formatRange } from '~/utils/time'

export const LOCATION_LABELS = { in_person: 'In person', online: 'Online', hybrid: 'Hybrid' } as const

export function StatusBadge({ status }: { status: 'draft' | 'published' | 'cancelled' }) {
  if (status === 'published') return null
  return <span className={`badge badge--${status}`}>{status === 'draft' ? 'Draft' : 'Cancelled'}</span>
}

export function DateSpan({ start, end, zone }: { start: string | Date; end: string | Date; zone: string }) {
  return <time dateTime={new Date(start).toISOString()}>{formatDateSpan(new Date(start), new Date(end), zone)}</time>
}

/** The viewer's own time zone, known only in the browser; undefined during server rendering. */
export function useViewerTimeZone(): string | undefined {
  return useSyncExternalStore(
    subscribeToNothing,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => undefined,
  )
}

// The browser's zone does not change while a page is open.
const subscribeToNothing = () => () => {}

/** A time range in the event's zone, and in the viewer's when that differs. */
export function EventTimes({ start, end, zone }: { start: string | Date; end: string | Date; zone: string }) {
  const viewerZone = useViewerTimeZone()
  const s = new Date(start)
  const e = new Date(end)
  return (
    <dl className="event-times">
      <div>
        <dt>Local time ({zone.replaceAll('_', ' ')})</dt>
        <dd>
          <time dateTime={s.toISOString()}>{formatRange(s, e, zone)}</time>
        </dd>
      </div>
      {viewerZone && viewerZone !== zone ? (
        <div>
          <dt>Your time ({viewerZone.replaceAll('_', ' ')})</dt>
          <dd>{formatRange(s, e, viewerZone)}</dd>
        </div>
      ) : null}
    </dl>
  )
}

/** Free places per way of attending (hybrid events), or the one count, as the event page shows them. */
export function SeatsByMode({ seats }: { seats: SeatAvailability & { parts: string[] } }) {
  if (!seats.hybrid) return <>{seats.parts.join(' · ')}</>
  return (
    <>
      <ul className="seats-by-mode">
        {seats.parts.map((part) => (
          <li key={part}>{part}</li>
        ))}
      </ul>
      {seats.onlyOnlineLeft ? (
        <p className="seats-by-mode__note">
          In-person seats are full; you can join online now or wait for an in-person seat.
        </p>
      ) : null}
    </>
  )
}

/**
 * The next few sessions (the first ones before the event starts), with their times in the event's zone, and the
 * way to the full agenda. Nothing before the agenda is published.
 */
export function AgendaPreview({
  sessions,
  zone,
  agendaHref,
  started,
}: {
  sessions: { id: number; title: string; when: string; room: string | null; startsAt: string | Date; href: string }[]
  zone: string
  agendaHref: string
  started: boolean
}) {
  if (!sessions.length) return null
  return (
    <section className="agenda-preview" aria-labelledby="agenda-preview-heading">
      <h2 id="agenda-preview-heading">{started ? 'Coming up' : 'First sessions'}</h2>
      <p className="muted small">Times in {zone.replaceAll('_', ' ')}.</p>
      <ol className="agenda-preview__list">
        {sessions.map((s) => (
          <li key={s.id} className="agenda-preview__item">
            <time className="agenda-preview__when" dateTime={new Date(s.startsAt).toISOString()}>
              {s.when}
            </time>
            <span>
              <Link to={s.href}>{s.title}</Link>
              {s.room ? <span className="muted"> · {s.room}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <p>
        <Link to={agendaHref}>The full agenda</Link>
      </p>
    </section>
  )
}
