import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { EventForm } from '~/components/event-form'
import { createEvent } from '~/models/events/event.server'
import { EventInputSchema } from '~/models/events/schema'
import { requireUser } from '~/access/user.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { timeZoneNames } from '~/utils/time'

export const meta: MetaFunction = () => [{ title: 'New event — Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return { timeZones: timeZoneNames() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const parsed = await parseAction(request, EventInputSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  return answerDomainErrors(
    async () => redirect(`/admin/events/${(await createEvent(value, user.id)).id}?saved=created`),
    submission,
    { slug_taken: 'slug' },
  )
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
