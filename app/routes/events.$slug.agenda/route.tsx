import { SearchBox } from '~/components/search-box'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import { useShownZone, ZoneSwitch } from '~/components/agenda'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DateSpan } from '~/components/event-bits'
import { requirePublicEvent } from '~/access/public.server'
import { agendaFacets, filterSessions } from '~/models/agenda/agenda.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { StarSchema } from '~/models/agenda/star-schema'
import { agendaSession } from '~/models/agenda/view'
import { parseAction } from '~/utils/action.server'
import { eventPath } from '~/utils/paths'
import { publicBaseUrl } from '~/utils/url.server'
import { OPEN_YOUR_LINK, star, unstar } from './actions.server'
import { FilterBar, SubscribeBox, ViewSwitch, type AgendaView } from './agenda-controls'
import { AgendaGrid } from './agenda-grid'
import { AgendaList } from './agenda-list'
import { attendeeInThisBrowser } from '~/access/attendee.server'
import { showsPublicContent } from '~/models/operations/public-content.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const url = new URL(request.url)
  const filter = {
    track: url.searchParams.get('track') || undefined,
    kind: url.searchParams.get('kind') || undefined,
    room: url.searchParams.get('room') || undefined,
  }
  const [published, attendee] = await Promise.all([
    listPublishedSessions(event.id),
    attendeeInThisBrowser(request, event.id),
  ])
  return {
    event: {
      slug: event.slug,
      title: event.title,
      timeZone: event.time_zone,
      startsAt: event.starts_at,
      endsAt: event.ends_at,
    },
    facets: agendaFacets(published),
    filter,
    sessions: filterSessions(published, filter).map(agendaSession),
    starred: attendee ? attendee.starred : null,
    feedUrl: `${publicBaseUrl(request)}${eventPath(event.slug, 'calendar.ics')}${
      filter.track ? `?track=${encodeURIComponent(filter.track)}` : ''
    }`,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agenda — ${data.event.title} — Convene` : 'Agenda — Convene' },
]

/** A star button: stars or unstars a session on the agenda of the attendee who opened their personal link here. */
export async function action({ request, params }: ActionFunctionArgs) {
  const event = await requirePublicEvent(params)
  const parsed = await parseAction(request, StarSchema)
  if (parsed.failure) return parsed.failure
  const attendee = await attendeeInThisBrowser(request, event.id)
  if (!attendee) return data({ ok: false, message: OPEN_YOUR_LINK }, { status: 403 })
  const { intent, sessionId, returnTo } = parsed.value
  return intent === 'star' ? star(event, attendee, sessionId, returnTo) : unstar(event, attendee, sessionId, returnTo)
}

export default function AgendaPage() {
  const { event, facets, filter, sessions, starred, feedUrl } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const [view, setView] = useState<AgendaView>(searchParams.get('view') === 'grid' ? 'grid' : 'list')
  const zone = useShownZone(event.timeZone)
  const starredSet = starred ? new Set(starred) : null
  const hasAgenda = Boolean(sessions.length || filter.track || filter.kind || filter.room)
  return (
    <div className="agenda">
      <AgendaHeader event={event} zone={zone}>
        <div className="inline-list no-print">
          <Link to={eventPath(event.slug, 'changes')}>Changes</Link>
          {starred ? <Link to={eventPath(event.slug, 'my-agenda')}>My agenda ({starred.length})</Link> : null}
        </div>
      </AgendaHeader>
      {hasAgenda ? (
        <>
          <div className="agenda-controls no-print">
            <FilterBar facets={facets} filter={filter} view={view} />
            <ZoneSwitch eventZone={event.timeZone} zoneShownElsewhere />
            <ViewSwitch view={view} onChange={setView} />
          </div>
          <SearchBox
            action={eventPath(event.slug, 'search')}
            label="Search this agenda"
            placeholder="Topic, speaker or project"
            compact
          />
          {starred === null ? (
            <p className="muted no-print">
              Registered? Open the personal link from your email to star sessions for your own agenda.
            </p>
          ) : null}
          <SubscribeBox event={event} track={filter.track} feedUrl={feedUrl} />
          {sessions.length === 0 ? (
            <p className="empty">
              No session matches these filters.{' '}
              <Link
                to={`${eventPath(event.slug, 'agenda')}${view === 'grid' ? '?view=grid' : ''}`}
                replace
                preventScrollReset
              >
                Clear filters
              </Link>
            </p>
          ) : null}
          {view === 'grid' ? (
            <AgendaGrid sessions={sessions} zone={zone} slug={event.slug} starred={starredSet} />
          ) : (
            <AgendaList sessions={sessions} zone={zone} slug={event.slug} starred={starredSet} />
          )}
        </>
      ) : (
        <p className="empty">The organizers have not published the agenda yet.</p>
      )}
    </div>
  )
}

/**
 * Which event, when, and in which zone the times are: the top of the agenda on screen, and what a printed agenda
 * starts with (print leaves out the controls, not this).
 */
function AgendaHeader({
  event,
  zone,
  children,
}: {
  event: { slug: string; title: string; startsAt: Date; endsAt: Date }
  zone: string
  children: ReactNode
}) {
  return (
    <header className="agenda-header">
      <p className="agenda-header__event">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <div className="page-heading">
        <h1>Agenda</h1>
        {children}
      </div>
      <p className="agenda-header__when">
        <DateSpan start={event.startsAt} end={event.endsAt} zone={zone} />
        <span aria-hidden="true"> · </span>
        <span>Times in {zone.replaceAll('_', ' ')}</span>
      </p>
    </header>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
