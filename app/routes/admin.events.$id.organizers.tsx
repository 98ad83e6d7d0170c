import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { ErrorList, InputField } from '~/components/forms'
import { addEventOrganizer, listEventOrganizers, OrganizerError, removeEventOrganizer } from '~/models/events/event.server'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'

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
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const submission = parseWithZod(formData, { schema: OrganizerActionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    if (submission.value.intent === 'add') await addEventOrganizer(event.id, submission.value.email)
    else await removeEventOrganizer(event.id, submission.value.userId)
  } catch (error) {
    if (error instanceof OrganizerError) {
      const key = submission.value.intent === 'add' ? 'email' : ''
      return data(
        {
          result: submission.reply(key ? { fieldErrors: { [key]: [error.message] } } : { formErrors: [error.message] }),
        },
        { status: 400 },
      )
    }
    throw error
  }
  return { result: submission.reply({ resetForm: true }) }
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
