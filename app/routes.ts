import { route, type RouteConfig } from '@remix-run/route-config'
import { flatRoutes } from '@remix-run/fs-routes'

// The file-system routes, plus the event's worklog: the same pages as a session's notes, at the event's address
// (one module for both, so the two kinds of note cannot drift apart).
export default [
  ...(await flatRoutes()),
  route('events/:slug/notes', 'routes/events.$slug.sessions.$sessionId_.notes/route.tsx', {
    id: 'routes/events.$slug.notes',
  }),
  route('events/:slug/notes/history', 'routes/events.$slug.sessions.$sessionId_.notes_.history/route.tsx', {
    id: 'routes/events.$slug.notes_.history',
  }),
] satisfies RouteConfig
