import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { EventForm } from '~/components/event-form'
import { updateEvent } from '~/models/events/event.server'
import { eventFormDefaults } from '~/models/events/form'
import { EventInputSchema } from '~/models/events/schema'
import { requireManagedEvent } from '~/access/event.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { eventPath } from '~/utils/paths'
import { timeZoneNames } from '~/utils/time'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.title ?? 'event'} — Convene` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return {
    title: event.title,
    slug: event.slug,
    published: event.status === 'published',
    defaults: eventFormDefaults(event),
    timeZones: timeZoneNames(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, EventInputSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  return answerDomainErrors(
    async () => {
      await updateEvent(event.id, value)
      return { ok: true, saved: true, result: undefined }
    },
    submission,
    { slug_taken: 'slug' },
  )
}

export default function EditEventPage() {
  const { defaults, timeZones, published, slug } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const created = searchParams.get('saved') === 'created'
  return (
    <>
      <div aria-live="polite">
        {actionData && 'saved' in actionData && actionData.saved ? <p className="notice notice--success">Changes saved.</p> : null}
        {created && !actionData ? <CreatedNotice published={published} slug={slug} /> : null}
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

/** Says what the organizer chose: a draft only organizers see, or an event that is public now. */
function CreatedNotice({ published, slug }: { published: boolean; slug: string }) {
  return published ? (
    <p className="notice notice--success">
      Event created and published: it is public at <Link to={eventPath(slug)}>{eventPath(slug)}</Link>.
    </p>
  ) : (
    <p className="notice notice--success">Event created as a draft. Publish it when it is ready.</p>
  )
}
