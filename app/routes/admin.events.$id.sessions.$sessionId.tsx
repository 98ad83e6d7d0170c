import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { sessionFormDefaults } from '~/models/agenda/session-form'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { deleteSession, scheduleWarnings, SessionError, updateSession, warningsFor } from '~/models/agenda/session.server'
import { SessionForm } from '~/components/session-form'
import { requireManagedSession } from '~/access/session.server'
import { validateCsrf } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Edit session — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session } = await requireManagedSession(request, params)
  return {
    timeZone: event.time_zone,
    defaults: sessionFormDefaults(session, event.time_zone),
    warnings: warningsFor(await scheduleWarnings(event), session.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, session } = await requireManagedSession(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  if (formData.get('intent') === 'delete') {
    try {
      await deleteSession(event.id, session.id)
    } catch (error) {
      if (error instanceof SessionError)
        return data({ result: null, saved: false, message: error.message }, { status: 409 })
      throw error
    }
    return redirect(`/admin/events/${event.id}/sessions`)
  }
  const submission = parseWithZod(formData, { schema: sessionInputSchema(event.time_zone) })
  if (submission.status !== 'success')
    return data({ result: submission.reply(), saved: false, message: null }, { status: 400 })
  await updateSession(event.id, session.id, submission.value)
  return { result: null, saved: true, message: 'Saved. Publish the agenda to show the change.' }
}

export default function EditSessionPage() {
  const { timeZone, defaults, warnings } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <p className="breadcrumb">
        <Link to="..">Agenda</Link>
      </p>
      <h2>{defaults.title}</h2>
      {actionData?.message ? (
        <p className={`notice ${actionData.saved ? 'notice--success' : 'notice--warning'}`} role="status">
          {actionData.message}
        </p>
      ) : null}
      {warnings.length ? (
        <ul className="notice notice--warning">
          {warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      ) : null}
      <SessionForm
        key={JSON.stringify(defaults)}
        timeZone={timeZone}
        defaultValue={defaults}
        lastResult={actionData?.result}
        submitLabel="Save session"
      />
      <Form method="post" className="card danger-zone stack">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="delete" />
        <p>
          Delete a session that was never published. Published sessions are cancelled instead (set the status above), so
          calendars learn of it.
        </p>
        <div>
          <button type="submit" className="button button--danger">
            Delete session
          </button>
        </div>
      </Form>
    </>
  )
}
