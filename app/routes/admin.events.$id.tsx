import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { StatusBadge } from '~/components/event-bits'
import { requireManagedEvent } from '~/access/event.server'
import { eventPath } from '~/utils/paths'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return { event: { id: event.id, slug: event.slug, title: event.title, status: event.status } }
}

export default function ManageEventLayout() {
  const { event } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin">Your events</Link>
      </p>
      <div className="page-heading">
        <h1>
          {event.title} <StatusBadge status={event.status} />
        </h1>
        {event.status !== 'draft' ? (
          <Link to={eventPath(event.slug)} className="button button--secondary">
            View public page
          </Link>
        ) : null}
      </div>
      <nav aria-label="Manage event" className="tabs">
        <ul>
          <li>
            <NavLink to="." end>
              Details
            </NavLink>
          </li>
          <li>
            <NavLink to="sessions">Agenda</NavLink>
          </li>
          <li>
            <NavLink to="topics">Topics</NavLink>
          </li>
          <li>
            <NavLink to="recordings">Recordings</NavLink>
          </li>
          <li>
            <NavLink to="registrations">Registrations</NavLink>
          </li>
          <li>
            <NavLink to="questions">Questions</NavLink>
          </li>
          <li>
            <NavLink to="organizers">Organizers</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
