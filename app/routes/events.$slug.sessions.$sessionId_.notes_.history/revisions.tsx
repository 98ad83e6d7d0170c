import { Form, Link } from '@remix-run/react'
import { ConfirmAction } from '~/components/confirm-action'
import { plural } from '~/utils/format'

export type RevisionRow = {
  number: number
  author: string
  savedAt: string
  size: number
  merged: boolean
  baseNumber: number | null
  restoredFrom: number | null
}

/** Every revision, newest first, each with a link to its changes and (for editors) a button to restore it. */
export function RevisionsTable({
  revisions,
  latest,
  canEdit,
}: {
  revisions: RevisionRow[]
  latest: number
  canEdit: boolean
}) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--cards revisions-table">
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
              <td data-label="Saved">{r.savedAt}</td>
              <td data-label="By">{r.author}</td>
              <td data-label="Size">{plural(r.size, 'character')}</td>
              <td data-label="Note">{revisionNote(r)}</td>
              <td className="cell--actions">
                <div className="inline-list">
                  <Link to={`?from=${r.number - 1}&to=${r.number}`}>
                    Changes <span className="visually-hidden">in revision {r.number}</span>
                  </Link>
                  {canEdit && r.number !== latest ? <RestoreButton revision={r.number} /> : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function revisionNote(r: RevisionRow): string {
  if (r.restoredFrom) return `Restored from revision ${r.restoredFrom}`
  if (r.merged) return `Merged: started from revision ${r.baseNumber}`
  return ''
}

/** Restoring replaces the current text (as a new revision), so it asks first. */
function RestoreButton({ revision }: { revision: number }) {
  return (
    <ConfirmAction
      label="Restore"
      hiddenLabel={`revision ${revision}`}
      question={`Make revision ${revision} the current text?`}
      confirmLabel="Restore"
      summaryClassName="button button--secondary button--small"
      fields={<input type="hidden" name="revision" value={revision} />}
    />
  )
}

/** Two revisions to compare, chosen by number; "no notes" compares with the empty text before revision 1. */
export function CompareForm({
  revisions,
  latest,
  compare,
}: {
  revisions: RevisionRow[]
  latest: number
  compare: { from: number; to: number } | null
}) {
  return (
    <Form method="get" className="compare-form">
      <div className="field">
        <label htmlFor="compare-from">From</label>
        <select id="compare-from" name="from" defaultValue={compare?.from ?? 0} key={`from-${compare?.from}`}>
          <option value={0}>No notes (before revision 1)</option>
          <RevisionOptions revisions={revisions} />
        </select>
      </div>
      <div className="field">
        <label htmlFor="compare-to">To</label>
        <select id="compare-to" name="to" defaultValue={compare?.to ?? latest} key={`to-${compare?.to}`}>
          <RevisionOptions revisions={revisions} />
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Compare
      </button>
    </Form>
  )
}

function RevisionOptions({ revisions }: { revisions: RevisionRow[] }) {
  return (
    <>
      {revisions.map((r) => (
        <option key={r.number} value={r.number}>
          Revision {r.number} by {r.author}
        </option>
      ))}
    </>
  )
}
