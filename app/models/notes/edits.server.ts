import { changeLiveText } from './live-document.server'
import { mergeNotes, normalizeNotes } from './merge'
import { NotesError, type NoteAuthor, type SaveOutcome } from './notes.server'

// Whole-text changes of a note from outside the live editor: a save from the form (the editor without
// JavaScript) and a restore from the history. Both are applied to the live document as a change, never as a
// replacement, and cut as a revision at once (live-document.server.ts).

/**
 * Saves the author's text, written from revision `baseRevision`. When the note changed since (others saved, or
 * typed live), their changes and the author's are merged (three-way, line by line): a clean merge is applied and
 * saved as a merged revision, a conflicting one is returned without changing anything.
 */
export async function saveNotes(
  noteId: number,
  input: { body: string; baseRevision: number },
  author: NoteAuthor,
  options: { at?: Date } = {},
): Promise<SaveOutcome> {
  const mine = normalizeNotes(input.body)
  const outcome = await changeLiveText<SaveOutcome>(
    noteId,
    author,
    async (live, note, trx) => {
      if (note.locked) throw new NotesError('These notes are locked: nobody can change them now.', 'locked')
      const revision = note.current_revision
      if (input.baseRevision > revision) {
        throw new NotesError(`Revision ${input.baseRevision} does not exist yet: reload the editor.`, 'bad_base')
      }
      if (mine === live) return { result: { status: 'unchanged', revision } }
      // Nothing changed since the author's base: their text is the note's.
      if (input.baseRevision === revision && live === note.currentBody) return { text: mine, base: revision }
      const base =
        input.baseRevision === revision
          ? { body_md: note.currentBody }
          : input.baseRevision
          ? await trx
              .selectFrom('note_revisions')
              .select('body_md')
              .where('note_id', '=', noteId)
              .where('number', '=', input.baseRevision)
              .executeTakeFirst()
          : { body_md: '' }
      if (!base) throw new NotesError(`There is no revision ${input.baseRevision} of these notes.`, 'bad_base')
      // What the author's text meets: the latest revision, or what others are typing live beyond it.
      const theirs =
        live === note.currentBody
          ? { author: note.currentAuthor ?? '', at: note.currentAt ?? new Date(), label: `Revision ${revision}` }
          : { author: 'live editing', at: options.at ?? new Date(), label: 'The live notes' }
      const merged = mergeNotes(
        base.body_md,
        mine,
        live,
        theirs.author ? `${theirs.label} by ${theirs.author}` : theirs.label,
      )
      if (!merged.clean) {
        return {
          result: {
            status: 'conflict',
            conflictText: merged.text,
            conflicts: merged.conflicts,
            current: { revision, body: live, author: theirs.author, updatedAt: theirs.at },
          },
        }
      }
      if (merged.text === live) return { result: { status: 'unchanged', revision } }
      return { text: merged.text, merged: true, base: input.baseRevision }
    },
    options.at,
  )
  if ('result' in outcome) return outcome.result
  if (!outcome.changed) return { status: 'unchanged', revision: outcome.revision }
  const merged = outcome.text !== mine
  return { status: 'saved', revision: outcome.revision, merged, body: outcome.text }
}

/** Makes an old revision's text current again, in the live document too, as a new revision that says so. */
export async function restoreNoteRevision(
  noteId: number,
  number: number,
  author: NoteAuthor,
  options: { at?: Date } = {},
): Promise<{ revision: number }> {
  const outcome = await changeLiveText<never>(
    noteId,
    author,
    async (_live, note, trx) => {
      if (note.locked) throw new NotesError('These notes are locked: nobody can change them now.', 'locked')
      const old = await trx
        .selectFrom('note_revisions')
        .select('body_md')
        .where('note_id', '=', noteId)
        .where('number', '=', number)
        .executeTakeFirst()
      if (!old) throw new NotesError(`There is no revision ${number} of these notes.`, 'no_revision')
      return { text: old.body_md, base: note.current_revision, restoredFrom: number }
    },
    options.at,
  )
  if ('result' in outcome) throw new Error('unreachable')
  return { revision: outcome.revision }
}
