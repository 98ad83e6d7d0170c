import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { changelogView } from '~/models/agenda/changelog'
import { listScheduleVersions } from '~/models/agenda/schedule.server'
import { requirePublicEvent } from '~/access/public.server'
import { eventPath, sessionPath } from '~/utils/paths'
import { showsPublicContent } from '~/models/operations/public-content.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  return {
    event: { slug: event.slug, title: event.title },
    versions: changelogView(await listScheduleVersions(event.id), event.time_zone),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agenda changes — ${data.event.title}` : 'Agenda changes — Convene' },
  ...(data
    ? [
        {
          tagName: 'link',
          rel: 'alternate',
          type: 'application/atom+xml',
          href: eventPath(data.event.slug, 'changes.atom'),
        },
      ]
    : []),
]

export default function ChangesPage() {
  const { event, versions } = useLoaderData<typeof loader>()
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug, 'agenda')}>Agenda of {event.title}</Link>
      </p>
      <h1>Agenda changes</h1>
      <p className="lead">
        Every published version of the agenda and what changed in it. Follow it in a feed reader:{' '}
        <a href={eventPath(event.slug, 'changes.atom')}>Atom feed</a>.
      </p>
      {versions.length ? (
        <ol className="changelog" reversed>
          {versions.map((v) => (
            <li key={v.version} id={`version-${v.version}`} className="card">
              <h2>
                Version {v.version} <span className="muted small">published {v.publishedAt}</span>
              </h2>
              {v.changes.length ? (
                <ul>
                  {v.changes.map((c, i) => (
                    <li key={i}>
                      {c.text} <Link to={sessionPath(event.slug, c.sessionId)}>Session</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Republished without changes.</p>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">The agenda has not been published yet.</p>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
