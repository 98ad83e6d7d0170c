import { Link, useFetcher, useLocation } from '@remix-run/react'
import { useSyncExternalStore, type ReactNode } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { sessionMetaLine } from '~/models/agenda/view'
import { useViewerTimeZone } from './event-bits'
import { sessionPath } from '~/utils/paths'

export type AgendaSession = {
  id: number
  title: string
  kind: keyof typeof SESSION_KIND_LABELS
  startsAt: Date
  endsAt: Date
  room: string | null
  track: string | null
  speakers: { name: string; affiliation?: string | null }[]
  status: 'scheduled' | 'cancelled'
}

const ZONE_KEY = 'convene.agenda-zone'
const zoneListeners = new Set<() => void>()

/** Which clock the agenda shows: the event's or the viewer's; remembered in this browser. */
export function useZoneMode(): ['event' | 'viewer', (mode: 'event' | 'viewer') => void] {
  const mode = useSyncExternalStore(
    (listener) => {
      zoneListeners.add(listener)
      return () => zoneListeners.delete(listener)
    },
    () => (localStorage.getItem(ZONE_KEY) === 'viewer' ? 'viewer' : 'event'),
    () => 'event' as const,
  )
  const set = (next: 'event' | 'viewer') => {
    localStorage.setItem(ZONE_KEY, next)
    zoneListeners.forEach((l) => l())
  }
  return [mode, set]
}

/** The current time, ticking each half minute in the browser; undefined while rendering on the server. */
export function useNow(): Date | undefined {
  const minute = useSyncExternalStore(
    (listener) => {
      const timer = setInterval(listener, 30_000)
      return () => clearInterval(timer)
    },
    () => Math.floor(Date.now() / 30_000),
    () => undefined,
  )
  return minute === undefined ? undefined : new Date(minute * 30_000)
}

/** Event time or the viewer's; when both are the same, only says the zone (unless the page says it already). */
export function ZoneSwitch({ eventZone, zoneShownElsewhere }: { eventZone: string; zoneShownElsewhere?: boolean }) {
  const [mode, setMode] = useZoneMode()
  const viewerZone = useViewerTimeZone()
  if (!viewerZone || viewerZone === eventZone) {
    return zoneShownElsewhere ? null : <p className="muted">Times are in {eventZone.replaceAll('_', ' ')}.</p>
  }
  return (
    <fieldset className="zone-switch">
      <legend>Show times in</legend>
      <label>
        <input type="radio" name="zone" checked={mode === 'event'} onChange={() => setMode('event')} /> Event time (
        {eventZone.replaceAll('_', ' ')})
      </label>
      <label>
        <input type="radio" name="zone" checked={mode === 'viewer'} onChange={() => setMode('viewer')} /> Your time (
        {viewerZone.replaceAll('_', ' ')})
      </label>
    </fieldset>
  )
}

/** The zone the agenda is currently shown in. */
export function useShownZone(eventZone: string): string {
  const [mode] = useZoneMode()
  const viewerZone = useViewerTimeZone()
  return mode === 'viewer' && viewerZone ? viewerZone : eventZone
}

// Intl formatters are costly to create and cheap to use: one per zone and pattern, reused for every session.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(zone: string, kind: 'time' | 'day'): Intl.DateTimeFormat {
  const key = `${kind}|${zone}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(
      'en-GB',
      kind === 'time'
        ? { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' },
    )
    formatters.set(key, f)
  }
  return f
}

export const timeOf = (d: Date, zone: string) => formatter(zone, 'time').format(d)
export const dayOf = (d: Date, zone: string) => formatter(zone, 'day').format(d).replace(',', '')

/** Sessions under the day they start on in `zone` ("Sunday 3 November"), days and sessions in the order given. */
export function groupSessionsByDay<T extends { startsAt: Date }>(sessions: T[], zone: string): [string, T[]][] {
  const days = new Map<string, T[]>()
  for (const s of sessions) {
    const day = dayOf(s.startsAt, zone)
    const list = days.get(day)
    if (list) list.push(s)
    else days.set(day, [s])
  }
  return [...days.entries()]
}

/**
 * Stars or unstars a session for the attendee's own agenda. With JavaScript it posts through a fetcher and shows
 * the new state at once; without, the browser posts the form and the action sends it back to `returnTo`, this
 * page. `action` is the route that handles stars (the agenda's) when the button is on another page.
 */
export function StarButton({
  sessionId,
  starred,
  title,
  action,
}: {
  sessionId: number
  starred: boolean
  title: string
  action?: string
}) {
  const fetcher = useFetcher<{ ok: boolean; message?: string }>()
  const location = useLocation()
  const pendingIntent = fetcher.formData?.get('intent')
  const on = pendingIntent ? pendingIntent === 'star' : starred
  return (
    <fetcher.Form
      method="post"
      action={action}
      className="star-form"
      preventScrollReset
      onSubmit={(event) => {
        // The fetcher's answer updates this page in place: no redirect wanted.
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        form.delete('returnTo')
        fetcher.submit(form, { method: 'post', action, preventScrollReset: true })
      }}
    >
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value={on ? 'unstar' : 'star'} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      <button type="submit" className={`star-button ${on ? 'star-button--on' : ''}`} aria-pressed={on}>
        <span aria-hidden="true">{on ? '★' : '☆'}</span> {on ? 'Starred' : 'Star'}
        <span className="visually-hidden"> {title}</span>
      </button>
      {fetcher.data && !fetcher.data.ok && fetcher.data.message ? (
        <span className="star-form__error" role="status">
          {fetcher.data.message}
        </span>
      ) : null}
    </fetcher.Form>
  )
}

export function SessionSummary({
  session,
  slug,
  zone,
  now,
  starred,
  children,
}: {
  session: AgendaSession
  slug: string
  zone: string
  now?: Date
  starred?: boolean
  /** More for this session at the card's foot (my agenda's calendar links). */
  children?: ReactNode
}) {
  const live = now && session.status === 'scheduled' && session.startsAt <= now && now < session.endsAt
  return (
    <div
      className={`session-card session-card--${session.kind} ${
        session.status === 'cancelled' ? 'session-card--cancelled' : ''
      }`}
    >
      <p className="session-card__time">
        {timeOf(session.startsAt, zone)}–{timeOf(session.endsAt, zone)}
        {live ? <span className="badge badge--live">Now</span> : null}
        {session.status === 'cancelled' ? <span className="badge badge--cancelled">Cancelled</span> : null}
      </p>
      <p className="session-card__title">
        <Link to={sessionPath(slug, session.id)}>{session.title}</Link>
      </p>
      <p className="session-card__meta">
        {sessionMetaLine([SESSION_KIND_LABELS[session.kind], session.room, session.track])}
      </p>
      {session.speakers.length ? (
        <p className="session-card__speakers">{session.speakers.map((p) => p.name).join(', ')}</p>
      ) : null}
      {starred !== undefined && session.status === 'scheduled' ? (
        <StarButton sessionId={session.id} starred={starred} title={session.title} />
      ) : null}
      {children}
    </div>
  )
}
