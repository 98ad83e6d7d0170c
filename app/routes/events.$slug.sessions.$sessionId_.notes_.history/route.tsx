import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { NotesRestoreSchema } from '~/models/notes/schema'
import { restoreNoteRevision } from '~/models/notes/edits.server'
import { getNoteRevision, listNoteRevisions } from '~/models/notes/notes.server'
import { requireEditableNotes, requireReadableNotes } from '~/access/notes.server'
import { answerDomainErrors, parseAction } from '~/utils/action.server'
import { formatDateTime } from '~/utils/time'
import { notesHomePath, notesPath } from '~/utils/paths'
import { DiffTable } from './diff-table'
import { CompareForm, RevisionsTable } from './revisions'
import { comparedRevisions, compareView } from './view-model'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session, notes, canEdit } = await requireReadableNotes(request, params)
  const revisions = await listNoteRevisions(notes.noteId)
  const latest = notes.revision
  let compare = null
  if (latest > 0) {
    const { from, to } = comparedRevisions(new URL(request.url).searchParams, latest)
    const [before, after] = await Promise.all([
      from ? getNoteRevision(notes.noteId, from) : undefined,
      to ? getNoteRevision(notes.noteId, to) : undefined,
    ])
    compare = compareView(from, to, before?.body_md ?? '', after?.body_md ?? '')
  }
  return {
    event: { slug: event.slug, title: event.title },
    session: session ? { id: session.session_id, title: session.title } : null,
    latest,
    hidden: notes.hidden,
    canEdit,
    revisions: revisions.map((r) => ({
      number: r.number,
      author: r.author_name,
      savedAt: formatDateTime(r.created_at, event.time_zone),
      size: r.size,
      merged: r.merged,
      baseNumber: r.base_number,
      restoredFrom: r.restored_from,
    })),
    compare,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `History of the notes: ${data.session?.title ?? `${data.event.title} worklog`} — Convene`
      : 'History of the notes — Convene',
  },
]

/** Restores a revision (the only thing this page posts): its text becomes current again, as a new revision. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { notes, author } = await requireEditableNotes(request, params)
  const parsed = await parseAction(request, NotesRestoreSchema)
  if (parsed.failure) return parsed.failure
  const { value } = parsed
  return answerDomainErrors(async () => {
    const { revision } = await restoreNoteRevision(notes.noteId, value.revision, author)
    return { ok: true, message: `Revision ${value.revision} restored as revision ${revision}.` }
  })
}

export default function NotesHistoryPage() {
  const { event, session, latest, revisions, compare, canEdit, hidden } = useLoaderData<typeof loader>()
  const homeUrl = notesHomePath(event.slug, session?.id ?? null)
  const editUrl = notesPath(event.slug, session?.id ?? null)
  return (
    <article className="notes-page">
      <p className="breadcrumb">
        <Link to={homeUrl}>{session?.title ?? event.title}</Link>
      </p>
      <h1>{session ? 'History of the notes' : 'History of the worklog'}</h1>
      <p className="lead">
        Every revision of {session ? `the shared notes of “${session.title}”` : 'the worklog'} at {event.title}: each
        save, and each burst of live editing.
        {hidden ? ' The notes are hidden: only organizers see them.' : ''}
      </p>
      {canEdit ? (
        <p>
          <Link to={editUrl} className="button button--secondary">
            Edit notes
          </Link>
        </p>
      ) : null}
      <RestoreMessage />
      {revisions.length === 0 ? (
        <p className="empty">No notes yet: nothing has been saved.</p>
      ) : (
        <>
          <section aria-labelledby="revisions-heading">
            <h2 id="revisions-heading">Revisions</h2>
            <RevisionsTable revisions={revisions} latest={latest} canEdit={canEdit} />
          </section>
          <section aria-labelledby="compare-heading">
            <h2 id="compare-heading">Compare two revisions</h2>
            <CompareForm revisions={revisions} latest={latest} compare={compare} />
            {compare ? <DiffTable compare={compare} /> : null}
          </section>
        </>
      )}
    </article>
  )
}

/** What the last restore answered: done, or why not. */
function RestoreMessage() {
  const actionData = useActionData<typeof action>()
  if (!actionData?.message) return null
  return actionData.ok ? (
    <p className="notice notice--success" role="status">
      {actionData.message}
    </p>
  ) : (
    <div className="notice notice--warning" role="alert">
      <ul>
        <li>{actionData.message}</li>
      </ul>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
