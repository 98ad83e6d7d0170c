import type { ConflictResult } from './editor-result'

/** Why nothing was saved, and how to resolve the conflict markers in the text below. */
export function ConflictNotice({ conflict }: { conflict: ConflictResult }) {
  return (
    <div className="notice notice--warning" role="alert">
      <h2 className="notice__title">Not saved: {conflict.theirs.author} changed the same lines</h2>
      <p>
        {conflict.theirs.author} saved revision {conflict.theirs.revision} while you were editing, and{' '}
        {conflict.conflicts === 1
          ? 'one part of your changes touches'
          : `${conflict.conflicts} parts of your changes touch`}{' '}
        the same lines. The text below holds both: your lines between{' '}
        <code>&lt;&lt;&lt;&lt;&lt;&lt;&lt; Your version</code> and <code>=======</code>, theirs between{' '}
        <code>=======</code> and <code>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</code>. Keep what you want, remove the markers and
        save again. Nothing you typed is lost: it is also shown under “Your version”.
      </p>
    </div>
  )
}

/** Both sides of a conflict as they were, read-only, to copy from while resolving it. */
export function ConflictVersions({ conflict }: { conflict: ConflictResult }) {
  return (
    <div className="notes-versions">
      <div className="field">
        <label htmlFor="notes-theirs">
          Their version: revision {conflict.theirs.revision} by {conflict.theirs.author}, {conflict.theirs.savedAt}{' '}
          (read-only)
        </label>
        <textarea id="notes-theirs" readOnly rows={12} className="notes-textarea" value={conflict.theirs.body} />
      </div>
      <div className="field">
        <label htmlFor="notes-mine">Your version, as you sent it (read-only)</label>
        <textarea id="notes-mine" readOnly rows={12} className="notes-textarea" value={conflict.mine} />
      </div>
    </div>
  )
}
