import { sql, type Transaction } from 'kysely'
import type { Database, NoteRevision } from '#db/schema'
import { db } from '~/utils/db.server'
import { mergeNotes, normalizeNotes } from './merge'
import { DomainError } from '~/utils/domain-error'
import { publicContentChanged } from '../operations/public-content.server'

// Shared notes of a session. Every save is a revision; saves on one session queue behind the row lock on its
// session_notes row, so each one sees the revision saved just before it and merges with it if the author started
// from an older one. Nothing is overwritten: a save that cannot be merged is handed back, not stored.

export type NoteAuthor = { name: string; userId?: number | null; registrationId?: number | null }

export type NotesState = {
  sessionId: number
  hidden: boolean
  /** 0 before the first save. */
  revision: number
  updatedAt: Date | null
  author: string | null
  body: string
}

export type RevisionSummary = Pick<
  NoteRevision,
  'number' | 'author_name' | 'created_at' | 'base_number' | 'merged' | 'restored_from'
> & { size: number }

export type SaveOutcome =
  /** A new revision; `merged` when others saved since the author's base and their changes were combined. */
  | { status: 'saved'; revision: number; merged: boolean; body: string }
  /** The text is what is already saved (possibly after merging): no revision was added. */
  | { status: 'unchanged'; revision: number }
  /** Others changed the same lines: nothing was saved; `conflictText` holds both sides between markers. */
  | {
      status: 'conflict'
      conflictText: string
      conflicts: number
      current: { revision: number; body: string; author: string; updatedAt: Date }
    }

export class NotesError extends DomainError<'bad_base' | 'no_revision'> {}

export async function getNotes(sessionId: number): Promise<NotesState> {
  const row = await db
    .selectFrom('session_notes as n')
    .leftJoin('note_revisions as r', (join) =>
      join.onRef('r.session_id', '=', 'n.session_id').onRef('r.number', '=', 'n.current_revision'),
    )
    .select(['n.hidden', 'n.current_revision', 'n.updated_at', 'r.author_name', 'r.body_md'])
    .where('n.session_id', '=', sessionId)
    .executeTakeFirst()
  if (!row) return { sessionId, hidden: false, revision: 0, updatedAt: null, author: null, body: '' }
  return {
    sessionId,
    hidden: row.hidden,
    revision: row.current_revision,
    updatedAt: row.current_revision ? row.updated_at : null,
    author: row.author_name,
    body: row.body_md ?? '',
  }
}

/** Every revision, newest first, without their texts. */
export async function listNoteRevisions(sessionId: number): Promise<RevisionSummary[]> {
  return db
    .selectFrom('note_revisions')
    .select(['number', 'author_name', 'created_at', 'base_number', 'merged', 'restored_from'])
    .select(sql<number>`char_length(body_md)`.as('size'))
    .where('session_id', '=', sessionId)
    .orderBy('number', 'desc')
    .execute()
}

export async function getNoteRevision(sessionId: number, number: number): Promise<NoteRevision | undefined> {
  return db
    .selectFrom('note_revisions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('number', '=', number)
    .executeTakeFirst()
}

/** Takes the session's notes lock (creating its row on the first save) and reads the current revision. */
async function lockNotes(trx: Transaction<Database>, sessionId: number) {
  await trx
    .insertInto('session_notes')
    .values({ session_id: sessionId })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute()
  const notes = await trx
    .selectFrom('session_notes')
    .select(['current_revision'])
    .where('session_id', '=', sessionId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const current = notes.current_revision
    ? await trx
        .selectFrom('note_revisions')
        .select(['number', 'body_md', 'author_name', 'created_at'])
        .where('session_id', '=', sessionId)
        .where('number', '=', notes.current_revision)
        .executeTakeFirstOrThrow()
    : undefined
  return { revision: notes.current_revision, current }
}

async function addRevision(
  trx: Transaction<Database>,
  sessionId: number,
  values: {
    number: number
    body: string
    author: NoteAuthor
    base: number | null
    merged: boolean
    restoredFrom: number | null
  },
  at: Date,
) {
  await trx
    .insertInto('note_revisions')
    .values({
      session_id: sessionId,
      number: values.number,
      body_md: values.body,
      author_name: values.author.name,
      author_user_id: values.author.userId ?? null,
      author_registration_id: values.author.registrationId ?? null,
      base_number: values.base,
      merged: values.merged,
      restored_from: values.restoredFrom,
      created_at: at,
    })
    .execute()
  await trx
    .updateTable('session_notes')
    .set({ current_revision: values.number, updated_at: at })
    .where('session_id', '=', sessionId)
    .execute()
  // The session page and the event's report show the notes.
  await publicContentChanged(trx, { sessionId })
}

/**
 * Saves the author's text, written from revision `baseRevision`. When others saved since, their changes and the
 * author's are merged (three-way, line by line): a clean merge is saved as a merged revision, a conflicting one is
 * returned without saving anything.
 */
export async function saveNotes(
  sessionId: number,
  input: { body: string; baseRevision: number },
  author: NoteAuthor,
  options: { at?: Date } = {},
): Promise<SaveOutcome> {
  const mine = normalizeNotes(input.body)
  return db.transaction().execute(async (trx) => {
    const { revision, current } = await lockNotes(trx, sessionId)
    const theirs = current?.body_md ?? ''
    if (input.baseRevision > revision) {
      throw new NotesError(`Revision ${input.baseRevision} does not exist yet: reload the editor.`, 'bad_base')
    }
    let text = mine
    let merged = false
    if (input.baseRevision < revision) {
      const base = input.baseRevision
        ? await trx
            .selectFrom('note_revisions')
            .select('body_md')
            .where('session_id', '=', sessionId)
            .where('number', '=', input.baseRevision)
            .executeTakeFirst()
        : { body_md: '' }
      if (!base) throw new NotesError(`There is no revision ${input.baseRevision} of these notes.`, 'bad_base')
      const result = mergeNotes(base.body_md, mine, theirs, `Revision ${revision} by ${current?.author_name}`)
      if (!result.clean) {
        return {
          status: 'conflict',
          conflictText: result.text,
          conflicts: result.conflicts,
          current: {
            revision,
            body: theirs,
            author: current?.author_name ?? '',
            updatedAt: current?.created_at ?? new Date(),
          },
        }
      }
      text = result.text
      merged = true
    }
    if (revision > 0 && text === theirs) return { status: 'unchanged', revision }
    if (revision === 0 && text === '') return { status: 'unchanged', revision }
    const number = revision + 1
    await addRevision(
      trx,
      sessionId,
      { number, body: text, author, base: input.baseRevision, merged, restoredFrom: null },
      options.at ?? new Date(),
    )
    return { status: 'saved', revision: number, merged, body: text }
  })
}

/** Makes an old revision's text current again, as a new revision that says where it came from. */
export async function restoreNoteRevision(
  sessionId: number,
  number: number,
  author: NoteAuthor,
  options: { at?: Date } = {},
): Promise<{ revision: number }> {
  return db.transaction().execute(async (trx) => {
    const { revision } = await lockNotes(trx, sessionId)
    const old = await trx
      .selectFrom('note_revisions')
      .select('body_md')
      .where('session_id', '=', sessionId)
      .where('number', '=', number)
      .executeTakeFirst()
    if (!old) throw new NotesError(`There is no revision ${number} of these notes.`, 'no_revision')
    const next = revision + 1
    await addRevision(
      trx,
      sessionId,
      { number: next, body: old.body_md, author, base: revision, merged: false, restoredFrom: number },
      options.at ?? new Date(),
    )
    return { revision: next }
  })
}

/** Hidden notes are shown to the event's organizers only. */
export async function setNotesHidden(sessionId: number, hidden: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('session_notes')
      .values({ session_id: sessionId, hidden })
      .onConflict((oc) => oc.column('session_id').doUpdateSet({ hidden }))
      .execute()
    await publicContentChanged(trx, { sessionId })
  })
}
