import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ConfirmAction } from '~/components/confirm-action'
import { SessionForm } from '~/components/session-form'
import { requireManagedSession } from '~/access/session.server'
import { sessionFormDefaults } from '~/models/agenda/session-form'
import { sessionEditSchema, type SessionInput } from '~/models/agenda/session-schema'
import { deleteSession, scheduleWarnings, updateSession, warningsFor } from '~/models/agenda/session.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { getPublishedSession } from '~/models/agenda/schedule.server'
import { attachmentsPath } from '~/models/attachments/limits'

export const meta: MetaFunction = () => [{ title: 'Edit session — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session } = await requireManagedSession(request, params)
  return {
    timeZone: event.time_zone,
    defaults: sessionFormDefaults(session, event.time_zone),
    warnings: warningsFor(await scheduleWarnings(event), session.id),
    // Attachments live on the public session: there is a page for them once the session is on the public agenda.
    attachmentsHref:
      event.status !== 'draft' && (await getPublishedSession(event.id, session.id))
        ? attachmentsPath(event.slug, session.id)
        : null,
  }
}

type Target = { eventId: number; sessionId: number }

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, session } = await requireManagedSession(request, params)
  const parsed = await parseAction(request, sessionEditSchema(event.time_zone))
  if (parsed.failure) return parsed.failure
  const target = { eventId: event.id, sessionId: session.id }
  return parsed.value.intent === 'delete' ? remove(target) : save(target, parsed.value)
}

/** Saves the form into the working agenda; the public sees it once the agenda is published. */
async function save({ eventId, sessionId }: Target, input: SessionInput) {
  return answerDomainErrors(async () => {
    await updateSession(eventId, sessionId, input)
    return { ok: true, message: 'Saved. Publish the agenda to show the change.' }
  })
}

/** Deletes a session that was never published (409 for a published one: it is cancelled instead). */
async function remove({ eventId, sessionId }: Target) {
  return answerDomainErrors(async () => {
    await deleteSession(eventId, sessionId)
    return redirect(`/admin/events/${eventId}/sessions`)
  })
}

export default function EditSessionPage() {
  const { timeZone, defaults, warnings, attachmentsHref } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // A refused form shows its errors by the fields; the notice is for what was done, or why it could not be.
  const notice = actionData && !('result' in actionData && actionData.result) ? actionData : null
  return (
    <>
      <p className="breadcrumb">
        <Link to="..">Agenda</Link>
      </p>
      <h2>{defaults.title}</h2>
      <p>
        {attachmentsHref ? (
          <Link to={attachmentsHref}>Slides and attachments</Link>
        ) : (
          <span className="muted">
            Slides and attachments can be added once the session is on the published agenda.
          </span>
        )}
      </p>
      {notice?.message ? (
        <p className={`notice ${notice.ok ? 'notice--success' : 'notice--warning'}`} role="status">
          {notice.message}
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
        lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
        submitLabel="Save session"
      />
      <DeleteSessionForm title={defaults.title ?? 'this session'} />
    </>
  )
}

function DeleteSessionForm({ title }: { title: string }) {
  return (
    <section className="card danger-zone stack" aria-label="Delete session">
      <p>
        Delete a session that was never published. Published sessions are cancelled instead (set the status above), so
        calendars learn of it.
      </p>
      <ConfirmAction
        label="Delete session"
        question={`Delete “${title}” for good?`}
        confirmLabel="Delete"
        fields={<input type="hidden" name="intent" value="delete" />}
      />
    </section>
  )
}
