import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LiveNotesEditor } from '~/components/live-notes/live-notes-editor'
import { requireEditableNotes, requireNotesManager, requireReadableNotes } from '~/access/notes.server'
import { renderNotesMarkdown } from '~/models/notes/markdown'
import { NotesEditorSchema } from '~/models/notes/schema'
import { parseAction } from '~/utils/action.server'
import { formatDateTime } from '~/utils/time'
import { notesHomePath, notesPath } from '~/utils/paths'
import { answerKey, changeAccess, refusedEditorForm, saveFromEditor } from './actions.server'
import { ConflictNotice, ConflictVersions } from './conflict'
import type { EditorResult } from './editor-result'
import { NotesEditor } from './notes-editor'
import { LockCard, VisibilityCard } from './visibility-card'

// One page for every shared note: a session's (/events/:slug/sessions/:id/notes) and the event's worklog
// (/events/:slug/notes, registered in app/routes.ts). With JavaScript it is the live editor, or a live view for
// those who may only read; without, the form that saves and merges.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session, notes, access, canEdit, readOnlyReason } = await requireReadableNotes(request, params)
  return {
    event: { slug: event.slug, title: event.title },
    session: session ? { id: session.session_id, title: session.title } : null,
    notes: {
      id: notes.noteId,
      revision: notes.revision,
      body: notes.body,
      author: notes.author,
      savedAt: notes.updatedAt ? formatDateTime(notes.updatedAt, event.time_zone) : null,
      hidden: notes.hidden,
      locked: notes.locked,
    },
    canEdit,
    readOnlyReason,
    canManage: access.canManage,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Notes: ${data.session?.title ?? `${data.event.title} worklog`} — Convene` : 'Notes — Convene' },
  { name: 'robots', content: 'noindex' },
]

/**
 * A save of the text (intent "save", by those who may edit) or, for organizers, a change of visibility or of the
 * lock; each answers an EditorResult.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const key = answerKey()
  const readable = await requireReadableNotes(request, params)
  const parsed = await parseAction(request, NotesEditorSchema)
  if (parsed.failure) return refusedEditorForm(parsed.submission, key)
  switch (parsed.value.intent) {
    case 'visibility':
    case 'lock':
      return changeAccess(requireNotesManager(readable), parsed.value, key)
    case 'save':
      return saveFromEditor(await requireEditableNotes(request, params), parsed.value, key)
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function NotesEditorPage() {
  const data = useLoaderData<typeof loader>()
  const { event, session, notes, canEdit, canManage, readOnlyReason } = data
  const actionData: EditorResult | undefined = useActionData<typeof action>()
  const hydrated = useHydrated()
  const homeUrl = notesHomePath(event.slug, session?.id ?? null)
  const conflict = actionData?.kind === 'conflict' ? actionData : null
  return (
    <article className="notes-page">
      <NotesHeading data={data} homeUrl={homeUrl} />
      {actionData && 'message' in actionData ? <SaveMessage result={actionData} homeUrl={homeUrl} /> : null}
      {conflict ? <ConflictNotice conflict={conflict} /> : null}
      {hydrated ? (
        <LiveNotesEditor
          key={notes.id}
          noteId={notes.id}
          initialText={notes.body}
          canWrite={canEdit}
          readOnlyReason={readOnlyReason ?? undefined}
          label="Notes"
        />
      ) : canEdit ? (
        <NotesEditor initial={{ text: notes.body, baseRevision: notes.revision }} result={actionData} />
      ) : (
        <ReadOnlyNotes body={notes.body} reason={readOnlyReason} />
      )}
      {conflict ? <ConflictVersions conflict={conflict} /> : null}
      {canManage ? (
        <div className="notes-admin">
          <VisibilityCard hidden={notes.hidden} />
          <LockCard locked={notes.locked} />
        </div>
      ) : null}
    </article>
  )
}

function NotesHeading({ data, homeUrl }: { data: LoaderData; homeUrl: string }) {
  const { event, session, notes, canEdit } = data
  const what = session ? `the shared notes of “${session.title}” at ${event.title}` : `the worklog of ${event.title}`
  return (
    <>
      <p className="breadcrumb">
        <Link to={homeUrl}>{session?.title ?? event.title}</Link>
      </p>
      <h1>{canEdit ? (session ? 'Edit the notes' : 'Edit the worklog') : session ? 'Notes' : 'Worklog'}</h1>
      <p className="lead">
        {canEdit
          ? `Write ${what} together: everyone editing sees the others’ changes as they type.`
          : `Follow ${what} as ${session ? 'they are' : 'it is'} written.`}{' '}
        {notes.hidden
          ? `${session ? 'They are' : 'It is'} hidden: only organizers see ${session ? 'them' : 'it'}.`
          : `Everyone who can see the agenda can read ${session ? 'them' : 'it'}.`}
        {notes.locked
          ? ` ${session ? 'They are' : 'It is'} locked: nobody can change ${session ? 'them' : 'it'} now.`
          : ''}
      </p>
      <p className="muted">
        {notes.revision
          ? `Revision ${notes.revision}, by ${notes.author} on ${notes.savedAt}.`
          : 'No revision yet: one is kept after each burst of editing.'}{' '}
        {notes.revision ? <Link to={notesPath(event.slug, session?.id ?? null, 'history')}>History</Link> : null}
      </p>
    </>
  )
}

/** The notes as text, for a visitor who may only read and has no JavaScript (with it, they follow live). */
function ReadOnlyNotes({ body, reason }: { body: string; reason: string | null }) {
  return (
    <>
      {reason ? <p className="notice">{reason}</p> : null}
      {body ? (
        <div className="session-notes__body markdown" dangerouslySetInnerHTML={{ __html: renderNotesMarkdown(body) }} />
      ) : (
        <p className="empty">No notes yet.</p>
      )}
    </>
  )
}

function SaveMessage({ result, homeUrl }: { result: Extract<EditorResult, { message: string }>; homeUrl: string }) {
  return (
    <p
      className={`notice ${result.kind === 'saved' && result.merged ? 'notice--warning' : 'notice--success'}`}
      role="status"
    >
      {result.message} <Link to={homeUrl}>Back</Link>
    </p>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
