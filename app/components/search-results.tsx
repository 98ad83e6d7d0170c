import { Link } from '@remix-run/react'
import { Highlighted } from '~/components/highlighted'
import { StatusBadge } from '~/components/event-bits'
import type { HighlightSegment } from '~/utils/highlight'
import { eventPath, sessionPath } from '~/utils/paths'
import { formatDateSpan, formatRange } from '~/utils/time'

export type EventResult = {
  slug: string
  title: HighlightSegment[]
  snippet: HighlightSegment[]
  timeZone: string
  startsAt: string | Date
  endsAt: string | Date
  venueName: string | null
  status: 'draft' | 'published' | 'cancelled'
}

export type SessionResult = {
  id: number
  event: { slug: string; title: string; timeZone: string }
  title: HighlightSegment[]
  snippet: HighlightSegment[]
  speakers: HighlightSegment[]
  startsAt: string | Date
  endsAt: string | Date
  room: string | null
  track: string | null
  trackLine: HighlightSegment[]
  tagLine: HighlightSegment[]
}

export function EventResultItem({ event }: { event: EventResult }) {
  return (
    <li className="search-result">
      <h3 className="search-result__title">
        <Link to={eventPath(event.slug)}>
          <Highlighted segments={event.title} />
        </Link>{' '}
        <StatusBadge status={event.status} />
      </h3>
      <p className="search-result__meta">
        <time dateTime={new Date(event.startsAt).toISOString()}>
          {formatDateSpan(new Date(event.startsAt), new Date(event.endsAt), event.timeZone)}
        </time>
        {event.venueName ? <span> · {event.venueName}</span> : null}
      </p>
      {event.snippet.length ? (
        <p className="search-result__snippet">
          <Highlighted segments={event.snippet} />
        </p>
      ) : null}
    </li>
  )
}

export function SessionResultItem({
  session,
  headingLevel = 'h4',
}: {
  session: SessionResult
  headingLevel?: 'h2' | 'h3' | 'h4'
}) {
  const Heading = headingLevel
  const start = new Date(session.startsAt)
  const showTrack = session.trackLine.length > 0 && session.track !== session.room
  return (
    <li className="search-result">
      <Heading className="search-result__title">
        <Link to={sessionPath(session.event.slug, session.id)}>
          <Highlighted segments={session.title} />
        </Link>
      </Heading>
      <p className="search-result__meta">
        <time dateTime={start.toISOString()}>
          {formatRange(start, new Date(session.endsAt), session.event.timeZone)}
        </time>
        {session.room ? <span> · {session.room}</span> : null}
        {showTrack ? (
          <span>
            {' · '}
            <Highlighted segments={session.trackLine} />
          </span>
        ) : null}
      </p>
      {session.speakers.length ? (
        <p className="search-result__speakers">
          <span className="visually-hidden">Speakers: </span>
          <Highlighted segments={session.speakers} />
        </p>
      ) : null}
      {session.snippet.length ? (
        <p className="search-result__snippet">
          <Highlighted segments={session.snippet} />
        </p>
      ) : null}
      {session.tagLine.length ? (
        <p className="search-result__tags">
          Tags: <Highlighted segments={session.tagLine} />
        </p>
      ) : null}
    </li>
  )
}
