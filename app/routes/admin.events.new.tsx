import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { EventForm } from '~/components/event-form'
import { createEventFromForm } from '~/models/events/form.server'
import { requireUser } from '~/access/user.server'
import { validateCsrf } from '~/utils/session.server'
import { timeZoneNames } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'New event — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return { timeZones: timeZoneNames() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const result = await createEventFromForm(formData, user.id)
  if (!result.ok) return data({ result: result.reply }, { status: 400 })
  return redirect(`/admin/events/${result.event.id}?saved=created`)
}

export default function NewEventPage() {
  const { timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin">Your events</Link>
      </p>
      <h1>New event</h1>
      <p className="lead">It starts as a draft: only organizers see it until you publish it.</p>
      <EventForm
        defaultValue={{ status: 'draft', locationKind: 'in_person', timeZone: 'UTC' }}
        lastResult={actionData?.result}
        timeZones={timeZones}
        submitLabel="Create event"
      />
    </>
  )
}
