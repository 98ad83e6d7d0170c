import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { requireNotesManager, type EditableNotesContext, type NotesContext } from '~/access/notes.server'
import { noteWarnings } from '~/models/notes/merge'
import { saveNotes } from '~/models/notes/edits.server'
import { NotesError, setNoteAccess, type SaveOutcome } from '~/models/notes/notes.server'
import type { NotesEditorInput } from '~/models/notes/schema'
import { formatDateTime } from '~/utils/time'
import type { EditorResult } from './editor-result'

type SaveInput = Extract<NotesEditorInput, { intent: 'save' }>
type VisibilityInput = Extract<NotesEditorInput, { intent: 'visibility' }>
type LockInput = Extract<NotesEditorInput, { intent: 'lock' }>

/** Every answer goes through here, so the page's type of action data is exactly EditorResult. */
export function answer(result: EditorResult, status = 200) {
  return data(result, { status })
}

/** A key of its own for each answer. */
export function answerKey(): string {
  return `${Date.now()}-${Math.random()}`
}

/**
 * The answer to a form NotesEditorSchema refused: kind "invalid" with conform's messages by the field, and the text
 * the author sent, so the editor keeps it.
 */
export function refusedEditorForm(submission: Submission<unknown>, key: string) {
  const errors = submission.status === 'success' ? null : submission.error
  const { body, baseRevision } = submission.payload
  return answer(
    {
      kind: 'invalid',
      key,
      errors: messagesByField(errors),
      text: typeof body === 'string' ? body : '',
      baseRevision: Number(baseRevision) || 0,
    },
    400,
  )
}

function messagesByField(errors: Record<string, string[] | null> | null): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors ?? {}).filter((entry): entry is [string, string[]] => !!entry[1]))
}

/**
 * An organizer's switch: hides the notes from everyone but the organizers or shows them again (intent
 * "visibility"), locks them read-only for everyone or unlocks them (intent "lock"). Organizers only.
 */
export async function changeAccess(context: NotesContext, input: VisibilityInput | LockInput, key: string) {
  const { notes } = requireNotesManager(context)
  const change = input.intent === 'visibility' ? { hidden: input.hidden } : { locked: input.locked }
  await setNoteAccess(notes.noteId, change)
  const message =
    'hidden' in change
      ? change.hidden
        ? 'The notes are now hidden: only organizers see them.'
        : 'The notes are visible to everyone again.'
      : change.locked
      ? 'The notes are now locked: nobody can change them until an organizer unlocks them.'
      : 'The notes are unlocked: they can be edited again.'
  return answer({ kind: 'visibility', key, message })
}

/**
 * Saves the editor's text as the visitor, merged with what others saved since its base revision. Warnings (images
 * without alt text, conflict markers) hold the save back until the author confirms it.
 */
export async function saveFromEditor({ author, notes, event }: EditableNotesContext, input: SaveInput, key: string) {
  const warnings = noteWarnings(input.body)
  if (warnings.length && !input.confirm) {
    return answer(
      { kind: 'warnings', key, errors: { body: warnings }, text: input.body, baseRevision: input.baseRevision },
      400,
    )
  }
  try {
    return answerOutcome(await saveNotes(notes.noteId, input, author), input.body, key, event.time_zone)
  } catch (error) {
    if (error instanceof NotesError) {
      return answer(
        {
          kind: 'invalid',
          key,
          errors: { baseRevision: [error.message] },
          text: input.body,
          baseRevision: notes.revision,
        },
        400,
      )
    }
    throw error
  }
}

/** What the editor is told of a save: the text it now shows, the revision that text is based on, and a message. */
function answerOutcome(outcome: SaveOutcome, mine: string, key: string, timeZone: string) {
  if (outcome.status === 'conflict') {
    return answer(
      {
        kind: 'conflict',
        key,
        text: outcome.conflictText,
        mine,
        baseRevision: outcome.current.revision,
        conflicts: outcome.conflicts,
        theirs: {
          revision: outcome.current.revision,
          author: outcome.current.author,
          body: outcome.current.body,
          savedAt: formatDateTime(outcome.current.updatedAt, timeZone),
        },
      },
      409,
    )
  }
  if (outcome.status === 'unchanged') {
    return answer({
      kind: 'unchanged',
      key,
      baseRevision: outcome.revision,
      message: `Nothing to save: revision ${outcome.revision} already has this text.`,
    })
  }
  // The saved text (merged, possibly) and its revision go back with the answer, so the editor shows them at
  // once, not only after the page's data is reloaded.
  return answer({
    kind: 'saved',
    key,
    text: outcome.body,
    baseRevision: outcome.revision,
    merged: outcome.merged,
    message: outcome.merged
      ? `Someone else saved while you were editing. Your changes were merged with theirs and saved as revision ${outcome.revision}: check the text below.`
      : `Saved as revision ${outcome.revision}.`,
  })
}
