import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireEditableNotes } from '~/access/notes.server'
import { NotesEditorSchema } from '~/models/notes/schema'
import { parseAction } from '~/utils/action.server'
import { formatDateTime } from '~/utils/time'
import { sessionPath } from '~/utils/paths'
import { answerKey, changeVisibility, refusedEditorForm, saveFromEditor } from './actions.server'
import { ConflictNotice, ConflictVersions } from './conflict'
import type { EditorResult } from './editor-result'
import { NotesEditor } from './notes-editor'
import { VisibilityCard } from './visibility-card'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session, notes, access } = await requireEditableNotes(request, params)
  return {
    event: { slug: event.slug, title: event.title },
    session: { id: session.session_id, title: session.title },
    notes: {
      revision: notes.revision,
      body: notes.body,
      author: notes.author,
      savedAt: notes.updatedAt ? formatDateTime(notes.updatedAt, event.time_zone) : null,
      hidden: notes.hidden,
    },
    canManage: access.canManage,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit notes: ${data.session.title} — Convene` : 'Edit notes — Convene' },
  { name: 'robots', content: 'noindex' },
]

/** A save of the text (intent "save") or, for organizers, a change of visibility; each answers an EditorResult. */
export async function action({ request, params }: ActionFunctionArgs) {
  const context = await requireEditableNotes(request, params)
  const key = answerKey()
  const parsed = await parseAction(request, NotesEditorSchema)
  if (parsed.failure) return refusedEditorForm(parsed.submission, key)
  switch (parsed.value.intent) {
    case 'visibility':
      return changeVisibility(context, parsed.value, key)
    case 'save':
      return saveFromEditor(context, parsed.value, key)
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function NotesEditorPage() {
  const { event, session, notes, canManage } = useLoaderData<typeof loader>()
  const actionData: EditorResult | undefined = useActionData<typeof action>()
  const sessionUrl = sessionPath(event.slug, session.id)
  const conflict = actionData?.kind === 'conflict' ? actionData : null
  return (
    <article className="notes-page">
      <NotesHeading event={event} session={session} notes={notes} sessionUrl={sessionUrl} />
      {actionData && 'message' in actionData ? <SaveMessage result={actionData} sessionUrl={sessionUrl} /> : null}
      {conflict ? <ConflictNotice conflict={conflict} /> : null}
      <NotesEditor
        initial={{ text: notes.body, baseRevision: notes.revision }}
        result={actionData}
        pollUrl={`${sessionUrl}/notes.json`}
        historyUrl={`${sessionUrl}/notes/history`}
      />
      {conflict ? <ConflictVersions conflict={conflict} /> : null}
      {canManage ? <VisibilityCard hidden={notes.hidden} /> : null}
    </article>
  )
}

function NotesHeading({
  event,
  session,
  notes,
  sessionUrl,
}: Pick<LoaderData, 'event' | 'session' | 'notes'> & { sessionUrl: string }) {
  return (
    <>
      <p className="breadcrumb">
        <Link to={sessionUrl}>{session.title}</Link>
      </p>
      <h1>Edit the notes</h1>
      <p className="lead">
        Shared notes of “{session.title}” at {event.title}. Everyone who can see the agenda can read them
        {notes.hidden ? ' (now hidden: only organizers see them)' : ''}.
      </p>
      <p className="muted">
        {notes.revision
          ? `Revision ${notes.revision}, saved by ${notes.author} on ${notes.savedAt}.`
          : 'Nobody has written notes for this session yet.'}{' '}
        {notes.revision ? <Link to={`${sessionUrl}/notes/history`}>History</Link> : null}
      </p>
    </>
  )
}

function SaveMessage({
  result,
  sessionUrl,
}: {
  result: Extract<EditorResult, { message: string }>
  sessionUrl: string
}) {
  return (
    <p
      className={`notice ${result.kind === 'saved' && result.merged ? 'notice--warning' : 'notice--success'}`}
      role="status"
    >
      {result.message} <Link to={sessionUrl}>Back to the session</Link>
    </p>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
