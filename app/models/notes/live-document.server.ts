import { diffChars } from 'diff'
import { sql, type Kysely, type Transaction } from 'kysely'
import * as Y from 'yjs'
import type { Database } from '#db/schema'
import { db } from '~/utils/db.server'
import { NOTE_UPDATES_CHANNEL } from './live-protocol'
import { addRevision, lockNote, type LockedNote, type NoteAuthor } from './notes.server'

// A note's live document: the Yjs document people type into together (docs/decisions/018-live-notes.md). Stored
// as one compacted state on the note's row (live_state, holding every update up to live_through) plus the updates
// appended since (note_updates, numbered by seq). Appends take the note's row lock for their one statement, so seqs
// commit in order and a reader that has seen seq n misses nothing by asking for seq > n. Every append is announced
// on NOTE_UPDATES_CHANNEL ("<note id> <seq>"), which each web process LISTENs to (server/live-notes/).

/** The shared type holding the note's markdown in every live document. */
export const LIVE_TEXT = 'markdown'

export type LiveUpdates = {
  /** The compacted state, when the updates the caller has not seen were folded into it (or on first load). */
  state?: Uint8Array
  updates: Uint8Array[]
  /** The seq of the newest update these include. */
  seq: number
}

function bytes(value: Uint8Array): Uint8Array {
  // pg hands bytea back as a Buffer, PGlite as a Uint8Array: Yjs reads both, but compare and store one kind.
  return value instanceof Uint8Array && value.constructor === Uint8Array ? value : new Uint8Array(value)
}

/** The text a document holds. */
export function liveText(doc: Y.Doc): string {
  return doc.getText(LIVE_TEXT).toString()
}

/** A document from a stored state and the updates after it. */
export function documentFrom(state: Uint8Array | null | undefined, updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  if (state) Y.applyUpdate(doc, state)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

/** The first state of a live document: one update inserting the current revision's markdown. */
function seedState(markdown: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText(LIVE_TEXT).insert(0, markdown)
  return Y.encodeStateAsUpdate(doc)
}

/**
 * Seeds the live document from the current revision's markdown, once and on the server only: a note whose live
 * document was never started gets one update holding that text, under the note's lock, so two processes (or two
 * first visitors) can never both insert it.
 */
async function seedLiveDocument(noteId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const note = await lockNote(trx, noteId)
    if (note.live_state !== null || note.last_seq > 0) return
    await trx
      .updateTable('notes')
      .set({ live_state: seedState(note.currentBody), live_through: 0, revision_through: 0 })
      .where('id', '=', noteId)
      .execute()
  })
}

/** What a process needs to hold the note's live document: its state and every update since, from seq `after`. */
export async function readLiveUpdates(noteId: number, after = 0): Promise<LiveUpdates> {
  let note = await db
    .selectFrom('notes')
    .select(['live_state', 'live_through', 'last_seq'])
    .where('id', '=', noteId)
    .executeTakeFirstOrThrow()
  if (note.live_state === null && note.last_seq === 0) {
    await seedLiveDocument(noteId)
    note = await db
      .selectFrom('notes')
      .select(['live_state', 'live_through', 'last_seq'])
      .where('id', '=', noteId)
      .executeTakeFirstOrThrow()
  }
  // Updates up to live_through were folded into live_state (and deleted): a reader behind it takes the state.
  const from = Math.max(after, note.live_through)
  const rows = await db
    .selectFrom('note_updates')
    .select(['seq', 'update'])
    .where('note_id', '=', noteId)
    .where('seq', '>', from)
    .orderBy('seq')
    .execute()
  return {
    state: note.live_state && (after < note.live_through || after === 0) ? bytes(note.live_state) : undefined,
    updates: rows.map((row) => bytes(row.update)),
    seq: rows.at(-1)?.seq ?? Math.max(from, after),
  }
}

export type AppendOutcome = { appended: true; seq: number } | { appended: false; reason: 'locked' }

/**
 * Appends one update (several people's changes merged, when they came together) and announces it, in one
 * statement: the note's row lock is held for that statement only. Refused, storing nothing, when the note is
 * locked.
 */
export async function appendLiveUpdate(
  noteId: number,
  update: Uint8Array,
  authorNames: string[],
  executor: Kysely<Database> | Transaction<Database> = db,
): Promise<AppendOutcome> {
  const { rows } = await sql<{ seq: number }>`
    with bumped as (
      update notes set last_seq = last_seq + 1 where id = ${noteId} and not locked returning id, last_seq
    ),
    appended as (
      insert into note_updates (note_id, seq, update, author_names)
      select id, last_seq, ${update}, ${authorNames}::text[] from bumped
      returning seq
    )
    select seq, pg_notify(${NOTE_UPDATES_CHANNEL}, ${noteId} || ' ' || seq) from appended
  `.execute(executor)
  const row = rows[0]
  return row ? { appended: true, seq: Number(row.seq) } : { appended: false, reason: 'locked' }
}

/** The live document of a locked note, with the names of who typed since its last revision, in order. */
async function lockedDocument(trx: Transaction<Database>, note: LockedNote) {
  const rows = await trx
    .selectFrom('note_updates')
    .select(['seq', 'update', 'author_names'])
    .where('note_id', '=', note.id)
    .where('seq', '>', note.live_through)
    .orderBy('seq')
    .execute()
  const doc = documentFrom(
    note.live_state && bytes(note.live_state),
    rows.map((row) => bytes(row.update)),
  )
  const typedSince = rows.filter((row) => row.seq > note.revision_through).flatMap((row) => row.author_names)
  return { doc, typedSince: [...new Set(typedSince)] }
}

/**
 * Applies `text` to the document as the smallest change from what it holds (a character diff), never as a
 * replacement, so what others type meanwhile at other places survives. Answers the update, or undefined when the
 * text is already what it holds.
 */
export function changeTextTo(doc: Y.Doc, text: string): Uint8Array | undefined {
  const ytext = doc.getText(LIVE_TEXT)
  const before = Y.encodeStateVector(doc)
  const parts = diffChars(ytext.toString(), text)
  if (parts.every((part) => !part.added && !part.removed)) return undefined
  doc.transact(() => {
    let at = 0
    for (const part of parts) {
      if (part.removed) ytext.delete(at, part.value.length)
      else if (part.added) {
        ytext.insert(at, part.value)
        at += part.value.length
      } else at += part.value.length
    }
  })
  return Y.encodeStateAsUpdate(doc, before)
}

/**
 * Folds every update into the stored state and, when the text differs from the current revision's, adds the
 * revision. The note is locked (lockNote). `revision` says how the revision came about; its authors are the
 * given ones (a save, a restore) or everyone who typed since the last revision.
 */
async function foldAndCut(
  trx: Transaction<Database>,
  note: LockedNote,
  doc: Y.Doc,
  revision: { authors?: NoteAuthor[]; typedSince: string[]; base?: number; merged?: boolean; restoredFrom?: number },
  at: Date,
): Promise<{ revision: number; cut: boolean; text: string }> {
  const text = liveText(doc)
  await trx
    .updateTable('notes')
    .set({
      live_state: Y.encodeStateAsUpdate(doc),
      live_through: note.last_seq,
      revision_through: note.last_seq,
    })
    .where('id', '=', note.id)
    .execute()
  await trx.deleteFrom('note_updates').where('note_id', '=', note.id).where('seq', '<=', note.last_seq).execute()
  const unchanged = note.current_revision > 0 ? text === note.currentBody : text === ''
  if (unchanged && revision.restoredFrom === undefined) return { revision: note.current_revision, cut: false, text }
  const typed = revision.typedSince.map((name) => ({ name }))
  const authors = revision.authors
    ? [...revision.authors, ...typed.filter((t) => !revision.authors!.some((a) => a.name === t.name))]
    : typed
  const number = note.current_revision + 1
  await addRevision(
    trx,
    note,
    {
      number,
      body: text,
      authors: authors.length ? authors : [{ name: 'Unknown' }],
      base: revision.base ?? note.current_revision,
      merged: revision.merged ?? false,
      restoredFrom: revision.restoredFrom ?? null,
    },
    at,
  )
  return { revision: number, cut: true, text }
}

/**
 * Cuts a revision from live editing: after a burst of typing (idle a while, every ~10 minutes of continuous
 * typing, when the last editor leaves). Nothing is added when the text is the current revision's. Compacts the
 * stored document as it goes.
 */
export async function cutLiveRevision(noteId: number, at = new Date()): Promise<{ revision: number; cut: boolean }> {
  return db.transaction().execute(async (trx) => {
    const note = await lockNote(trx, noteId)
    if (note.last_seq === note.revision_through && note.live_through === note.last_seq) {
      return { revision: note.current_revision, cut: false }
    }
    const { doc, typedSince } = await lockedDocument(trx, note)
    const { revision, cut } = await foldAndCut(trx, note, doc, { typedSince }, at)
    return { revision, cut }
  })
}

/**
 * A change of the whole text from outside the live editor (a save from the form, a restore), in one
 * transaction: `decide` gets the live text and the locked note and answers the text to apply, or a value to hand
 * back as it is (a conflict, nothing to do). The text is applied to the live document as a diff and cut as a
 * revision at once.
 */
export async function changeLiveText<R>(
  noteId: number,
  author: NoteAuthor,
  decide: (
    live: string,
    note: LockedNote,
    trx: Transaction<Database>,
  ) => Promise<{ text: string; merged?: boolean; base?: number; restoredFrom?: number } | { result: R }>,
  at = new Date(),
): Promise<{ revision: number; text: string; changed: boolean } | { result: R }> {
  return db.transaction().execute(async (trx) => {
    const note = await lockNote(trx, noteId)
    if (note.live_state === null && note.last_seq === 0) {
      // Never edited live: its live document starts from the current revision, as seedLiveDocument does.
      note.live_state = seedState(note.currentBody)
    }
    const { doc, typedSince } = await lockedDocument(trx, note)
    const decided = await decide(liveText(doc), note, trx)
    if ('result' in decided) return decided
    const update = changeTextTo(doc, decided.text)
    if (update) {
      // The note's lock is this transaction's already; decide refused a locked note.
      const appended = await appendLiveUpdate(note.id, update, [author.name], trx)
      if (appended.appended) note.last_seq = appended.seq
    }
    const { revision, cut, text } = await foldAndCut(
      trx,
      note,
      doc,
      {
        authors: [author],
        typedSince,
        base: decided.base,
        merged: decided.merged,
        restoredFrom: decided.restoredFrom,
      },
      at,
    )
    return { revision, text, changed: cut }
  })
}
