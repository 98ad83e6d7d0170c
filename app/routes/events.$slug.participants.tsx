import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listPublicParticipants } from '~/models/registration/registrations.server'
import { requirePublicEvent } from '~/access/public.server'
import { eventPath } from '~/utils/paths'
import { showsPublicContent } from '~/models/operations/public-content.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  // The list grows with every registration: kept a second at most.
  showsPublicContent([{ eventId: event.id }], { live: true })
  return { event: { slug: event.slug, title: event.title }, groups: await listPublicParticipants(event.id) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Participants of ${data.event.title} — Convene` : 'Participants — Convene' },
]

export default function ParticipantsPage() {
  const { event, groups } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <h1>Who is coming</h1>
      <p className="lead">Confirmed participants who chose to be listed, by the projects they work on.</p>
      {groups.length ? (
        <div className="participant-groups">
          {groups.map((g, index) => (
            <section key={g.project} className="card" aria-labelledby={`project-${index}`}>
              <h2 id={`project-${index}`}>
                {g.project} <span className="muted">({g.names.length})</span>
              </h2>
              <ul className="plain-list">
                {g.names.map((name, i) => (
                  <li key={`${name}-${i}`}>{name}</li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      ) : (
        <p className="empty">No one is listed yet.</p>
      )}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
