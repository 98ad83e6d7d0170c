import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { EventForm } from '~/components/event-form'
import { eventFormDefaults, updateEventFromForm } from '~/models/events/form.server'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'
import { timeZoneNames } from '~/utils/time'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.title ?? 'event'} — Convene` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return { title: event.title, defaults: eventFormDefaults(event), timeZones: timeZoneNames() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const result = await updateEventFromForm(formData, event.id)
  if (!result.ok) return data({ result: result.reply, saved: false }, { status: 400 })
  return { result: null, saved: true }
}

export default function EditEventPage() {
  const { defaults, timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const created = searchParams.get('saved') === 'created'
  return (
    <>
      <div aria-live="polite">
        {actionData?.saved ? <p className="notice notice--success">Changes saved.</p> : null}
        {created && !actionData ? (
          <p className="notice notice--success">Event created as a draft. Publish it when it is ready.</p>
        ) : null}
      </div>
      <EventForm
        key={`${defaults.slug}-${defaults.status}`}
        defaultValue={defaults}
        lastResult={actionData?.result}
        timeZones={timeZones}
        submitLabel="Save changes"
      />
    </>
  )
}
