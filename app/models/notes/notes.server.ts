import { sql, type Transaction } from 'kysely'
import type { Database, Note, NoteRevision } from '#db/schema'
import { db } from '~/utils/db.server'
import { DomainError } from '~/utils/domain-error'
import { NOTE_UPDATES_CHANNEL } from './live-protocol'
import { publicContentChanged } from '../operations/public-content.server'

// Shared notes: a session's, or the event's worklog. Each is a row of `notes`, its texts a list of revisions. The
// live document (live-document.server.ts) is the text as people type it; revisions are cut from it after each burst
// of editing, and every save from the form or restore is applied to it as a change (edits.server.ts). Anything
// that writes a note's revisions or live document queues behind the lock on its `notes` row.

export type NoteAuthor = { name: string; userId?: number | null; registrationId?: number | null }

export type NotesState = {
  noteId: number
  eventId: number
  /** null: the event's worklog. */
  sessionId: number | null
  hidden: boolean
  /** Read-only for everyone until an organizer unlocks it. */
  locked: boolean
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

export class NotesError extends DomainError<'bad_base' | 'no_revision' | 'locked'> {}

/** The note of a session, its row made on first use. */
export async function sessionNoteId(eventId: number, sessionId: number): Promise<number> {
  const existing = await db.selectFrom('notes').select('id').where('session_id', '=', sessionId).executeTakeFirst()
  if (existing) return existing.id
  await db
    .insertInto('notes')
    .values({ event_id: eventId, session_id: sessionId })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute()
  const made = await db.selectFrom('notes').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow()
  return made.id
}

/** The event's worklog (its event-level shared note), its row made on first use. */
export async function eventWorklogId(eventId: number): Promise<number> {
  const find = () =>
    db
      .selectFrom('notes')
      .select('id')
      .where('event_id', '=', eventId)
      .where('session_id', 'is', null)
      .executeTakeFirst()
  const existing = await find()
  if (existing) return existing.id
  await sql`
    insert into notes (event_id) values (${eventId})
    on conflict (event_id) where session_id is null do nothing
  `.execute(db)
  return (await find())!.id
}

export async function getNotes(noteId: number): Promise<NotesState> {
  const row = await db
    .selectFrom('notes as n')
    .leftJoin('note_revisions as r', (join) =>
      join.onRef('r.note_id', '=', 'n.id').onRef('r.number', '=', 'n.current_revision'),
    )
    .select([
      'n.id',
      'n.event_id',
      'n.session_id',
      'n.hidden',
      'n.locked',
      'n.current_revision',
      'n.updated_at',
      'r.author_name',
      'r.body_md',
      'r.created_at',
    ])
    .where('n.id', '=', noteId)
    .executeTakeFirstOrThrow()
  return {
    noteId: row.id,
    eventId: row.event_id,
    sessionId: row.session_id,
    hidden: row.hidden,
    locked: row.locked,
    revision: row.current_revision,
    updatedAt: row.current_revision ? row.created_at : null,
    author: row.author_name,
    body: row.body_md ?? '',
  }
}

/** The notes of these sessions that anyone may read (not hidden), as their latest revisions' texts. */
export async function visibleSessionNotes(sessionIds: number[]): Promise<Map<number, string>> {
  if (!sessionIds.length) return new Map()
  const rows = await db
    .selectFrom('notes')
    .innerJoin('note_revisions', (join) =>
      join
        .onRef('note_revisions.note_id', '=', 'notes.id')
        .onRef('note_revisions.number', '=', 'notes.current_revision'),
    )
    .select(['notes.session_id', 'note_revisions.body_md'])
    .where('notes.session_id', 'in', sessionIds)
    .where('notes.hidden', '=', false)
    .execute()
  return new Map(rows.map((row) => [row.session_id!, row.body_md]))
}

/** Every revision, newest first, without their texts. */
export async function listNoteRevisions(noteId: number): Promise<RevisionSummary[]> {
  return db
    .selectFrom('note_revisions')
    .select(['number', 'author_name', 'created_at', 'base_number', 'merged', 'restored_from'])
    .select(sql<number>`char_length(body_md)`.as('size'))
    .where('note_id', '=', noteId)
    .orderBy('number', 'desc')
    .execute()
}

export async function getNoteRevision(noteId: number, number: number): Promise<NoteRevision | undefined> {
  return db
    .selectFrom('note_revisions')
    .selectAll()
    .where('note_id', '=', noteId)
    .where('number', '=', number)
    .executeTakeFirst()
}

export type LockedNote = Pick<
  Note,
  | 'id'
  | 'event_id'
  | 'session_id'
  | 'locked'
  | 'current_revision'
  | 'live_state'
  | 'live_through'
  | 'last_seq'
  | 'revision_through'
> & {
  currentBody: string
  /** Who wrote the current revision, and when (null before the first). */
  currentAuthor: string | null
  currentAt: Date | null
}

/** Takes the note's lock and reads it with its current revision's text. */
export async function lockNote(trx: Transaction<Database>, noteId: number): Promise<LockedNote> {
  const note = await trx
    .selectFrom('notes')
    .select([
      'id',
      'event_id',
      'session_id',
      'locked',
      'current_revision',
      'live_state',
      'live_through',
      'last_seq',
      'revision_through',
    ])
    .where('id', '=', noteId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const current = note.current_revision
    ? await trx
        .selectFrom('note_revisions')
        .select(['body_md', 'author_name', 'created_at'])
        .where('note_id', '=', noteId)
        .where('number', '=', note.current_revision)
        .executeTakeFirstOrThrow()
    : undefined
  return {
    ...note,
    currentBody: current?.body_md ?? '',
    currentAuthor: current?.author_name ?? null,
    currentAt: current?.created_at ?? null,
  }
}

/** "Ada", "Ada and Ben", "Ada, Ben and Cleo": a revision's authors as the history lists them. */
export function joinAuthorNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** The public pages that show a note: its session's, or the event's (worklog, report). */
async function noteShownChanged(trx: Transaction<Database>, note: Pick<Note, 'event_id' | 'session_id'>) {
  await publicContentChanged(trx, note.session_id ? { sessionId: note.session_id } : { eventId: note.event_id })
}

/** Adds revision `values.number` as the note's current one. The note is locked (lockNote). */
export async function addRevision(
  trx: Transaction<Database>,
  note: Pick<Note, 'id' | 'event_id' | 'session_id'>,
  values: {
    number: number
    body: string
    /** Who wrote it: one author for a save or a restore, everyone who typed for a revision cut from live editing. */
    authors: NoteAuthor[]
    base: number | null
    merged: boolean
    restoredFrom: number | null
  },
  at: Date,
) {
  const names = [...new Set(values.authors.map((a) => a.name))]
  const single = values.authors.length === 1 ? values.authors[0] : undefined
  await trx
    .insertInto('note_revisions')
    .values({
      note_id: note.id,
      number: values.number,
      body_md: values.body,
      author_name: joinAuthorNames(names),
      author_names: names,
      author_user_id: single?.userId ?? null,
      author_registration_id: single?.registrationId ?? null,
      base_number: values.base,
      merged: values.merged,
      restored_from: values.restoredFrom,
      created_at: at,
    })
    .execute()
  await trx
    .updateTable('notes')
    .set({ current_revision: values.number, updated_at: at })
    .where('id', '=', note.id)
    .execute()
  await noteShownChanged(trx, note)
}

/** Tells every live editor of the note that what they may do changed (server/live-notes/rooms.ts). */
async function accessChanged(trx: Transaction<Database>, noteId: number) {
  await sql`select pg_notify(${NOTE_UPDATES_CHANNEL}, ${`${noteId} access`})`.execute(trx)
}

/**
 * Hides a note (shown to the event's organizers only) or shows it again; locks it (read-only for everyone,
 * organizers included, until an organizer unlocks it) or unlocks it. Live editors are told to reconnect.
 */
export async function setNoteAccess(noteId: number, change: { hidden: boolean } | { locked: boolean }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const note = await trx
      .updateTable('notes')
      .set(change)
      .where('id', '=', noteId)
      .returning(['event_id', 'session_id'])
      .executeTakeFirstOrThrow()
    await noteShownChanged(trx, note)
    await accessChanged(trx, noteId)
  })
}

export const setNotesHidden = (noteId: number, hidden: boolean) => setNoteAccess(noteId, { hidden })
export const setNoteLocked = (noteId: number, locked: boolean) => setNoteAccess(noteId, { locked })

/** Where a note is shown: its event's slug and its session (null for the event's worklog). */
export async function noteLocation(noteId: number): Promise<{ slug: string; sessionId: number | null } | undefined> {
  return db
    .selectFrom('notes')
    .innerJoin('events', 'events.id', 'notes.event_id')
    .select(['events.slug', 'notes.session_id as sessionId'])
    .where('notes.id', '=', noteId)
    .executeTakeFirst()
}

/**
 * A note for the page that shows it, without making its row: a session's (`sessionId`) or the event's worklog
 * (null). Nothing written yet: empty, noteId 0.
 */
export async function findNotes(eventId: number, sessionId: number | null): Promise<NotesState> {
  const note = await db
    .selectFrom('notes')
    .select('id')
    .where('event_id', '=', eventId)
    .$call((q) => (sessionId === null ? q.where('session_id', 'is', null) : q.where('session_id', '=', sessionId)))
    .executeTakeFirst()
  if (note) return getNotes(note.id)
  return {
    noteId: 0,
    eventId,
    sessionId,
    hidden: false,
    locked: false,
    revision: 0,
    updatedAt: null,
    author: null,
    body: '',
  }
}
