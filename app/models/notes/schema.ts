import { z } from 'zod'
import { text } from '~/utils/text'
import { normalizeNotes } from './merge'

export const NOTES_MAX_LENGTH = 100_000

/** A save from the notes editor: the whole text and the revision it was based on. */
export const NotesSaveSchema = z.object({
  body: text({ error: 'Send the text of the notes.' })
    .transform(normalizeNotes)
    .pipe(z.string().max(NOTES_MAX_LENGTH, 'Notes can be at most 100,000 characters long.')),
  baseRevision: z.coerce
    .number({ error: 'The editor did not say which revision it started from. Reload the page.' })
    .int('The editor did not say which revision it started from. Reload the page.')
    .min(0, 'The editor did not say which revision it started from. Reload the page.'),
  /** "Save anyway": the author saw the warnings (images without alt text, conflict markers) and keeps the text. */
  confirm: z
    .string()
    .optional()
    .transform((v) => v === 'yes' || v === 'on'),
})
export type NotesSaveInput = z.output<typeof NotesSaveSchema>

/**
 * What the notes editor page posts: a save of the text (the editor's form), or a change of visibility or of the
 * lock (the organizers' buttons). A browser sends an emptied textarea as an empty value, which conform reads as no value: that
 * is a save of empty notes, not a missing field.
 */
export const NotesEditorSchema = z.discriminatedUnion('intent', [
  NotesSaveSchema.extend({ intent: z.literal('save'), body: NotesSaveSchema.shape.body.default('') }),
  z.object({
    intent: z.literal('visibility'),
    hidden: z
      .string()
      .optional()
      .transform((v) => v === 'true'),
  }),
  z.object({
    intent: z.literal('lock'),
    locked: z
      .string()
      .optional()
      .transform((v) => v === 'true'),
  }),
])
export type NotesEditorInput = z.output<typeof NotesEditorSchema>

/** The history page's restore button: the revision to make current again. */
export const NotesRestoreSchema = z.object({
  revision: z.coerce.number({ error: 'Choose a revision to restore.' }).int().min(1, 'Choose a revision to restore.'),
})
