import { useSyncExternalStore } from 'react'
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
