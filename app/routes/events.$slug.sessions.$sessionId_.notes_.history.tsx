import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { diffNoteLines, type DiffLine } from '~/models/notes/merge'
import { fieldErrors, NotesRestoreSchema } from '~/models/notes/schema'
import { getNoteRevision, listNoteRevisions, NotesError, restoreNoteRevision } from '~/models/notes/notes.server'
import { requireEditableNotes, requireReadableNotes } from '~/access/notes.server'
import { validateCsrf } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { plural } from '~/utils/format'
import { sessionPath } from '~/utils/paths'

/** Unchanged lines shown around each change; longer unchanged runs are folded. */
const CONTEXT = 3

type DiffRow = DiffLine | { kind: 'folded'; count: number }

function withContext(lines: DiffLine[]): DiffRow[] {
  const keep = lines.map(() => false)
  lines.forEach((line, i) => {
    if (line.kind === 'unchanged') return
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT); j++) keep[j] = true
  })
  const rows: DiffRow[] = []
  lines.forEach((line, i) => {
    if (keep[i]) rows.push(line)
    else {
      const last = rows.at(-1)
      if (last?.kind === 'folded') last.count++
      else rows.push({ kind: 'folded', count: 1 })
    }
  })
  return rows
}

function revisionParam(value: string | null): number | null {
  if (value === null || value === '') return null
  const n = Number(value)
  return Number.isSafeInteger(n) && n >= 0 ? n : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session, notes, canEdit } = await requireReadableNotes(request, params)
  const revisions = await listNoteRevisions(session.session_id)
  const url = new URL(request.url)
  const latest = notes.revision
  const to = Math.min(revisionParam(url.searchParams.get('to')) ?? latest, latest)
  const from = Math.min(revisionParam(url.searchParams.get('from')) ?? Math.max(to - 1, 0), latest)
  let compare = null
  if (latest > 0) {
    const [before, after] = await Promise.all([
      from ? getNoteRevision(session.session_id, from) : undefined,
      to ? getNoteRevision(session.session_id, to) : undefined,
    ])
    const lines = diffNoteLines(before?.body_md ?? '', after?.body_md ?? '')
    compare = {
      from,
      to,
      added: lines.filter((l) => l.kind === 'added').length,
      removed: lines.filter((l) => l.kind === 'removed').length,
      rows: withContext(lines),
    }
  }
  return {
    event: { slug: event.slug, title: event.title },
    session: { id: session.session_id, title: session.title },
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
  { title: data ? `History of the notes: ${data.session.title} — Convene` : 'History of the notes — Convene' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, author } = await requireEditableNotes(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const parsed = NotesRestoreSchema.safeParse({ revision: formData.get('revision') ?? undefined })
  if (!parsed.success) return data({ ok: false, message: null, errors: fieldErrors(parsed.error) }, { status: 400 })
  try {
    const { revision } = await restoreNoteRevision(session.session_id, parsed.data.revision, author)
    return { ok: true, message: `Revision ${parsed.data.revision} restored as revision ${revision}.`, errors: null }
  } catch (error) {
    if (error instanceof NotesError) {
      return data({ ok: false, message: null, errors: { revision: [error.message] } }, { status: 404 })
    }
    throw error
  }
}

const KIND_LABELS = { added: 'Added', removed: 'Removed', unchanged: 'Unchanged' } as const
const KIND_SIGNS = { added: '+', removed: '−', unchanged: ' ' } as const


function DiffTable({ compare }: { compare: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['compare']> }) {
  const label = `${compare.from ? `revision ${compare.from}` : 'no notes'} to revision ${compare.to}`
  return (
    <div className="stack">
      <p>
        From {label}: {plural(compare.added, 'line')} added, {plural(compare.removed, 'line')} removed.
      </p>
      {compare.rows.length ? (
        <table className="diff-table">
          <caption className="visually-hidden">Changes from {label}, line by line</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">
                Line <span className="visually-hidden">number</span> before
              </th>
              <th scope="col">
                Line <span className="visually-hidden">number</span> after
              </th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {compare.rows.map((row, i) =>
              row.kind === 'folded' ? (
                <tr key={i} className="diff-row diff-row--folded">
                  <th scope="row">Unchanged</th>
                  <td colSpan={3}>… {plural(row.count, 'unchanged line')} …</td>
                </tr>
              ) : (
                <tr key={i} className={`diff-row diff-row--${row.kind}`}>
                  <th scope="row">
                    <span aria-hidden="true" className="diff-sign">
                      {KIND_SIGNS[row.kind]}
                    </span>{' '}
                    {KIND_LABELS[row.kind]}
                  </th>
                  <td className="diff-number">{row.oldNumber ?? ''}</td>
                  <td className="diff-number">{row.newNumber ?? ''}</td>
                  <td className="diff-text">
                    {row.kind === 'added' ? (
                      <ins>{row.text || ' '}</ins>
                    ) : row.kind === 'removed' ? (
                      <del>{row.text || ' '}</del>
                    ) : (
                      row.text
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : (
        <p className="empty">These revisions have the same text.</p>
      )}
    </div>
  )
}

export default function NotesHistoryPage() {
  const { event, session, latest, revisions, compare, canEdit, hidden } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const sessionUrl = sessionPath(event.slug, session.id)
  return (
    <article className="notes-page">
      <p className="breadcrumb">
        <Link to={sessionUrl}>{session.title}</Link>
      </p>
      <h1>History of the notes</h1>
      <p className="lead">
        Every save of the shared notes of “{session.title}” at {event.title}.
        {hidden ? ' The notes are hidden: only organizers see them.' : ''}
      </p>
      {canEdit ? (
        <p>
          <Link to={`${sessionUrl}/notes`} className="button button--secondary">
            Edit notes
          </Link>
        </p>
      ) : null}
      {actionData?.message ? (
        <p className="notice notice--success" role="status">
          {actionData.message}
        </p>
      ) : null}
      {actionData?.errors ? (
        <div className="notice notice--warning" role="alert">
          <ul>
            {Object.values(actionData.errors)
              .flat()
              .map((e) => (
                <li key={e}>{e}</li>
              ))}
          </ul>
        </div>
      ) : null}
      {revisions.length === 0 ? (
        <p className="empty">No notes yet: nothing has been saved.</p>
      ) : (
        <>
          <section aria-labelledby="revisions-heading">
            <h2 id="revisions-heading">Revisions</h2>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Revision</th>
                    <th scope="col">Saved</th>
                    <th scope="col">By</th>
                    <th scope="col">Size</th>
                    <th scope="col">Note</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {revisions.map((r) => (
                    <tr key={r.number}>
                      <th scope="row">
                        {r.number}
                        {r.number === latest ? <span className="muted"> (current)</span> : null}
                      </th>
                      <td>{r.savedAt}</td>
                      <td>{r.author}</td>
                      <td>{plural(r.size, 'character')}</td>
                      <td>
                        {r.restoredFrom
                          ? `Restored from revision ${r.restoredFrom}`
                          : r.merged
                          ? `Merged: started from revision ${r.baseNumber}`
                          : ''}
                      </td>
                      <td>
                        <div className="inline-list">
                          <Link to={`?from=${r.number - 1}&to=${r.number}`}>
                            Changes <span className="visually-hidden">in revision {r.number}</span>
                          </Link>
                          {canEdit && r.number !== latest ? (
                            <Form method="post" className="inline-form">
                              <AuthenticityTokenInput />
                              <input type="hidden" name="revision" value={r.number} />
                              <button type="submit" className="button button--secondary button--small">
                                Restore <span className="visually-hidden">revision {r.number}</span>
                              </button>
                            </Form>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="compare-heading">
            <h2 id="compare-heading">Compare two revisions</h2>
            <Form method="get" className="compare-form">
              <div className="field">
                <label htmlFor="compare-from">From</label>
                <select id="compare-from" name="from" defaultValue={compare?.from ?? 0} key={`from-${compare?.from}`}>
                  <option value={0}>No notes (before revision 1)</option>
                  {revisions.map((r) => (
                    <option key={r.number} value={r.number}>
                      Revision {r.number} by {r.author}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="compare-to">To</label>
                <select id="compare-to" name="to" defaultValue={compare?.to ?? latest} key={`to-${compare?.to}`}>
                  {revisions.map((r) => (
                    <option key={r.number} value={r.number}>
                      Revision {r.number} by {r.author}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button button--secondary">
                Compare
              </button>
            </Form>
            {compare ? <DiffTable compare={compare} /> : null}
          </section>
        </>
      )}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
