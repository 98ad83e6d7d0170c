import { Link } from '@remix-run/react'

type Notes = {
  html: string
  revision: number
  author: string | null
  savedAt: string | null
  hidden: boolean
  canEdit: boolean
}

/** The shared notes, rendered, with links to edit them (for editors) and to their history. */
export function SessionNotes({ notes, notesUrl }: { notes: Notes; notesUrl: string }) {
  return (
    <section aria-labelledby="notes-heading" className="session-notes">
      <div className="row-between">
        <h2 id="notes-heading">Shared notes</h2>
        {notes.canEdit || notes.revision ? (
          <ul className="inline-list">
            {notes.canEdit ? (
              <li>
                <Link to={notesUrl} className="button button--secondary button--small">
                  Edit notes
                </Link>
              </li>
            ) : null}
            {notes.revision ? (
              <li>
                <Link to={`${notesUrl}/history`}>History</Link>
              </li>
            ) : null}
          </ul>
        ) : null}
      </div>
      {notes.hidden ? <p className="notice notice--warning">Hidden: only the organizers see these notes.</p> : null}
      {notes.html ? (
        <div className="prose session-notes__body" dangerouslySetInnerHTML={{ __html: notes.html }} />
      ) : (
        <p className="empty">No notes yet.</p>
      )}
      {notes.revision ? (
        <p className="muted small">
          Revision {notes.revision}, saved by {notes.author} on {notes.savedAt}.
        </p>
      ) : null}
    </section>
  )
}
