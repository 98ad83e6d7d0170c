import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SearchBox } from '~/components/search-box'
import { EventResultItem, SessionResultItem } from '~/components/search-results'
import { parseSearchParams } from '~/models/search/query'
import { groupSessionsByEvent } from '~/models/search/results'
import { searchEverything } from '~/models/search/search.server'
import { plural } from '~/utils/format'
import { eventPath } from '~/utils/paths'

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const parsed = parseSearchParams(url)
  if (!parsed.success) {
    const error = parsed.error.issues[0]?.message ?? 'This search cannot be run.'
    return data({ q: (url.searchParams.get('q') ?? '').slice(0, 200), error, results: null }, { status: 400 })
  }
  const { q } = parsed.data
  return { q, error: null, results: q ? await searchEverything(q) : null }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.q ? `“${data.q}” — Search — Convene` : 'Search — Convene' },
  { name: 'robots', content: 'noindex' },
]

export default function SearchPage() {
  const { q, error, results } = useLoaderData<typeof loader>()
  const groups = results ? groupSessionsByEvent(results.sessions) : []
  const total = results ? results.events.length + results.sessions.length : 0
  return (
    <div className="search-page">
      <h1>Search</h1>
      <SearchBox
        action="/search"
        label="Search events and sessions"
        defaultValue={q}
        placeholder="Topic, speaker, project"
        error={error ?? undefined}
      />
      {!q || error ? (
        <section className="search-help" aria-label="How to search">
          <p>
            Search every public event by its title, description or venue, and the sessions of their published agendas by
            title, abstract, speaker, track or tag.
          </p>
          <ul>
            <li>
              Words are matched in any form: <em>array</em> also finds “arrays”. The last word matches as you type it:{' '}
              <em>dispatch</em> finds “dispatching”.
            </li>
            <li>
              Put a phrase in quotes (<em>"array API"</em>), exclude a word with a minus (<em>sparse -scipy</em>), or
              offer alternatives with <em>or</em>.
            </li>
          </ul>
        </section>
      ) : results && !results.meaningful ? (
        <p className="notice notice--warning" role="status">
          “{q}” has no words to search for: very common words such as “the” or “and” and punctuation are left out. Try a
          more specific word, such as a project or a speaker’s name.
        </p>
      ) : results && total === 0 ? (
        <div className="search-empty" role="status">
          <p>
            <strong>No results for “{q}”.</strong>
          </p>
          <p className="muted">
            Check the spelling, try fewer or more general words, or <Link to="/">browse the events</Link>.
          </p>
        </div>
      ) : results ? (
        <>
          <p className="search-summary" role="status">
            {plural(results.events.length, 'event')} and {plural(results.sessions.length, 'session')} for “{q}”
          </p>
          {results.events.length ? (
            <section aria-labelledby="search-events">
              <h2 id="search-events">Events</h2>
              <ul className="search-results">
                {results.events.map((event) => (
                  <EventResultItem key={event.slug} event={event} />
                ))}
              </ul>
            </section>
          ) : null}
          {groups.length ? (
            <section aria-labelledby="search-sessions">
              <h2 id="search-sessions">Sessions</h2>
              {groups.map((group) => (
                <section
                  key={group.event.slug}
                  className="search-group"
                  aria-label={`Sessions of ${group.event.title}`}
                >
                  <h3 className="search-group__title">
                    <Link to={eventPath(group.event.slug)}>{group.event.title}</Link>
                  </h3>
                  <ul className="search-results">
                    {group.sessions.map((session) => (
                      <SessionResultItem key={session.id} session={session} />
                    ))}
                  </ul>
                </section>
              ))}
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
