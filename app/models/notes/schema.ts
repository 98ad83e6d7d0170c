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

export const NotesRestoreSchema = z.object({
  revision: z.coerce.number({ error: 'Choose a revision to restore.' }).int().min(1, 'Choose a revision to restore.'),
})

/** Field messages of a failed parse, by field name, as the forms show them. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '')
    ;(errors[key] ??= []).push(issue.message)
  }
  return errors
}
