import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { linkedRecordingsForEvent } from '~/models/recordings/links.server'
import { listPublishedSessions } from '~/models/agenda/schedule.server'
import { publishedSessionToJson, sessionRecordingsToJson, sessionToJson } from '~/models/agenda/session-json'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, scheduleWarnings } from '~/models/agenda/session.server'
import { apiError, methodNotAllowed, readJsonBody, zodIssues } from '~/utils/api.server'
import { requireApiManagedEvent, requireApiPublicEvent } from '~/access/api.server'

/** The published agenda (public). */
export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requireApiPublicEvent(params)
  const [sessions, recordings] = await Promise.all([
    listPublishedSessions(event.id),
    linkedRecordingsForEvent(event.id),
  ])
  return Response.json({
    sessions: sessions.map((s) => ({
      ...publishedSessionToJson(s, event.time_zone),
      ...sessionRecordingsToJson(recordings.get(s.session_id) ?? []),
    })),
  })
}

/** Adds a session to the working agenda (organizer token); it goes public with the next publish. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const { event } = await requireApiManagedEvent(request, params)
  const parsed = sessionInputSchema(event.time_zone).safeParse(await readJsonBody(request))
  if (!parsed.success) return apiError(400, 'The session is not valid.', zodIssues(parsed.error))
  const session = await createSession(event.id, parsed.data)
  return Response.json(sessionToJson(session, event.time_zone, await scheduleWarnings(event)), { status: 201 })
}
