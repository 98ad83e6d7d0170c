import type { HighlightSegment } from '~/utils/highlight'
import { segmentsText } from '~/utils/highlight'
import { eventPath, sessionPath } from '~/utils/paths'
import { toZonedIso } from '~/utils/time'
import type { SearchResults, SessionHit } from './search.server'

/** Session hits by event, the events in the order of their best session; the sessions keep their rank order. */
export function groupSessionsByEvent<S extends Pick<SessionHit, 'event'>>(
  sessions: S[],
): { event: S['event']; sessions: S[] }[] {
  const groups = new Map<string, { event: S['event']; sessions: S[] }>()
  for (const session of sessions) {
    const group = groups.get(session.event.slug)
    if (group) group.sessions.push(session)
    else groups.set(session.event.slug, { event: session.event, sessions: [session] })
  }
  return [...groups.values()]
}

function highlighted(segments: HighlightSegment[]) {
  return { text: segmentsText(segments), segments }
}

/**
 * The API's view of search results: plain text, each highlighted field also as segments (`match: true` for the
 * words that matched), never as HTML.
 */
export function searchResultsToJson(q: string, results: SearchResults, baseUrl: string) {
  const url = (path: string) => new URL(path, baseUrl).toString()
  return {
    query: q,
    searchable: results.meaningful,
    events: results.events.map((e) => ({
      slug: e.slug,
      url: url(eventPath(e.slug)),
      title: highlighted(e.title),
      snippet: highlighted(e.snippet),
      timeZone: e.timeZone,
      startsAt: toZonedIso(e.startsAt, e.timeZone),
      endsAt: toZonedIso(e.endsAt, e.timeZone),
      venueName: e.venueName,
      locationKind: e.locationKind,
      status: e.status,
      rank: e.rank,
    })),
    sessions: results.sessions.map((s) => ({
      id: s.id,
      url: url(sessionPath(s.event.slug, s.id)),
      event: { slug: s.event.slug, title: s.event.title, url: url(eventPath(s.event.slug)) },
      title: highlighted(s.title),
      snippet: highlighted(s.snippet),
      speakers: s.speakerNames,
      startsAt: toZonedIso(s.startsAt, s.event.timeZone),
      endsAt: toZonedIso(s.endsAt, s.event.timeZone),
      room: s.room,
      track: s.track,
      tags: s.tags,
      highlightedTrack: s.trackLine,
      highlightedTags: s.tagLine,
      kind: s.kind,
      rank: s.rank,
    })),
  }
}
