import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SearchBox } from '~/components/search-box'
import { SessionResultItem } from '~/components/search-results'
import { parseSearchParams } from '~/models/search/query'
import { searchEventSessions } from '~/models/search/search.server'
import { requirePublicEvent } from '~/access/public.server'
import { plural } from '~/utils/format'
import { eventPath } from '~/utils/paths'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  const url = new URL(request.url)
  const parsed = parseSearchParams(url)
  const shown = { slug: event.slug, title: event.title }
  if (!parsed.success) {
    const error = parsed.error.issues[0]?.message ?? 'This search cannot be run.'
    return data(
      { event: shown, q: (url.searchParams.get('q') ?? '').slice(0, 200), error, results: null },
      { status: 400 },
    )
  }
  const { q } = parsed.data
  return { event: shown, q, error: null, results: q ? await searchEventSessions(event.id, q) : null }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.q ? `“${data.q}” — ` : ''}Search ${data.event.title} — Convene` },
        { name: 'robots', content: 'noindex' },
      ]
    : [{ title: 'Event not found — Convene' }]

export default function EventSearchPage() {
  const { event, q, error, results } = useLoaderData<typeof loader>()
  const everywhere = `/search?${new URLSearchParams({ q })}`
  return (
    <div className="search-page">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <h1>Search the agenda</h1>
      <SearchBox
        action={eventPath(event.slug, 'search')}
        label={`Search the sessions of ${event.title}`}
        defaultValue={q}
        placeholder="A topic, a speaker, a tag…"
        error={error ?? undefined}
      />
      {!q || error ? (
        <p className="search-help">
          Finds sessions of the published agenda by title, abstract, speaker, track or tag. The last word matches as you
          type it. <Link to={eventPath(event.slug, 'agenda')}>See the whole agenda</Link>.
        </p>
      ) : results && !results.meaningful ? (
        <p className="notice notice--warning" role="status">
          “{q}” has no words to search for: very common words such as “the” or “and” and punctuation are left out. Try a
          more specific word, such as a project or a speaker’s name.
        </p>
      ) : results && results.sessions.length === 0 ? (
        <div className="search-empty" role="status">
          <p>
            <strong>
              No results for “{q}” in {event.title}.
            </strong>
          </p>
          <p className="muted">
            Try other words, <Link to={everywhere}>search all events</Link> or{' '}
            <Link to={eventPath(event.slug, 'agenda')}>see the whole agenda</Link>.
          </p>
        </div>
      ) : results ? (
        <>
          <p className="search-summary" role="status">
            {plural(results.sessions.length, 'session')} for “{q}” · <Link to={everywhere}>search all events</Link>
          </p>
          <ul className="search-results">
            {results.sessions.map((session) => (
              <SessionResultItem key={session.id} session={session} headingLevel="h2" />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
