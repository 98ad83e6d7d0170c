import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { SessionForm } from '~/components/session-form'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'
import { instantToWallTime } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'New session — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const start = instantToWallTime(event.starts_at, event.time_zone)
  return { timeZone: event.time_zone, defaults: { kind: 'discussion', startsAt: start, status: 'scheduled' } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const submission = parseWithZod(formData, { schema: sessionInputSchema(event.time_zone) })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await createSession(event.id, submission.value)
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
