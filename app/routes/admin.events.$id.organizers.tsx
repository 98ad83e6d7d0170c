import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { ErrorList, InputField } from '~/components/forms'
import { addEventOrganizer, listEventOrganizers, removeEventOrganizer } from '~/models/events/event.server'
import { requireManagedEvent } from '~/access/event.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'

const OrganizerActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add'), email: z.email({ error: 'Enter the email of a Convene account' }) }),
  z.object({ intent: z.literal('remove'), userId: z.number().int().positive() }),
])

export const meta: MetaFunction = () => [{ title: 'Organizers — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, user } = await requireManagedEvent(request, params)
  return { organizers: await listEventOrganizers(event.id), currentUserId: user.id }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, OrganizerActionSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  return answerDomainErrors(
    async () => {
      if (value.intent === 'add') await addEventOrganizer(event.id, value.email)
      else await removeEventOrganizer(event.id, value.userId)
      return { ok: true, message: undefined, result: submission.reply({ resetForm: true }) }
    },
    submission,
    // An unknown account is the email field's problem; keeping the last organizer is the form's.
    { unknown_account: 'email' },
  )
}

export default function OrganizersPage() {
  const { organizers, currentUserId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<{ email: string }>({ id: 'add-organizer', lastResult: actionData?.result })
  return (
    <div className="stack">
      <section className="card" aria-labelledby="organizers-heading">
        <h2 id="organizers-heading">Organizers</h2>
        <ErrorList errors={form.errors} />
        <ul className="plain-list">
          {organizers.map((o) => (
            <li key={o.id} className="row-between">
              <span>
                {o.name} <span className="muted">{o.email}</span>
                {o.id === currentUserId ? <span className="muted"> (you)</span> : null}
              </span>
              {organizers.length > 1 ? (
                <Form method="post">
                  <AuthenticityTokenInput />
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={o.id} />
                  <button type="submit" className="button button--small button--secondary">
                    Remove <span className="visually-hidden">{o.name}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <Form method="post" {...getFormProps(form)} className="card stack">
        <h2>Add an organizer</h2>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="add" />
        <InputField meta={fields.email} label="Email of their Convene account" type="email" />
        <div>
          <button type="submit" className="button">
            Add organizer
          </button>
        </div>
      </Form>
    </div>
  )
}
