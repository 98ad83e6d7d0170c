import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { SessionForm } from '~/components/session-form'
import { requireManagedEvent } from '~/access/event.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { parseAction } from '~/utils/action.server'
import { instantToWallTime } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'New session — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const start = instantToWallTime(event.starts_at, event.time_zone)
  return { timeZone: event.time_zone, defaults: { kind: 'discussion', startsAt: start, status: 'scheduled' } }
}

/** The session form's one button: adds the session to the working agenda. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, sessionInputSchema(event.time_zone))
  if (parsed.failure) return parsed.failure
  await createSession(event.id, parsed.value)
  return redirect(`/admin/events/${event.id}/sessions`)
}

export default function NewSessionPage() {
  const { timeZone, defaults } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <p className="breadcrumb">
        <Link to="..">Agenda</Link>
      </p>
      <h2>New session</h2>
      <SessionForm
        timeZone={timeZone}
        defaultValue={defaults}
        lastResult={actionData?.result}
        submitLabel="Add session"
      />
    </>
  )
}
