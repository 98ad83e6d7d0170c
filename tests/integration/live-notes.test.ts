import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { restoreNoteRevision, saveNotes } from '~/models/notes/edits.server'
import {
  appendLiveUpdate,
  cutLiveRevision,
  LIVE_TEXT,
  readLiveUpdates,
  type LiveUpdates,
} from '~/models/notes/live-document.server'
import {
  addRevision,
  eventWorklogId,
  getNotes,
  listNoteRevisions,
  lockNote,
  setNoteLocked,
  type NoteAuthor,
} from '~/models/notes/notes.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'

// The stored live document of a note (live-document.server.ts) and the whole-text changes made outside the live
// editor (edits.server.ts), on the real database: PGlite, or PostgreSQL with TEST_DATABASE_URL.

let organizerId: number
const ada: NoteAuthor = { name: 'Ada' }

/** A note of its own for each test: the worklog of a fresh event. */
async function newNote(): Promise<number> {
  const event = await makeEvent(organizerId)
  return eventWorklogId(event.id)
}

/** A note whose current revision holds `body` and whose live document was never started (as after migrating). */
async function noteWithUnseededRevision(body: string): Promise<number> {
  const noteId = await newNote()
  await db.transaction().execute(async (trx) => {
    const note = await lockNote(trx, noteId)
    await addRevision(
      trx,
      note,
      { number: 1, body, authors: [ada], base: 0, merged: false, restoredFrom: null },
      new Date(),
    )
  })
  const row = await db
    .selectFrom('notes')
    .select(['live_state', 'last_seq'])
    .where('id', '=', noteId)
    .executeTakeFirstOrThrow()
  expect(row).toEqual({ live_state: null, last_seq: 0 })
  return noteId
}

function apply(doc: Y.Doc, read: LiveUpdates) {
  if (read.state) Y.applyUpdate(doc, read.state)
  for (const update of read.updates) Y.applyUpdate(doc, update)
}

/** A client's document, synced with everything stored. */
async function syncedDoc(noteId: number): Promise<{ doc: Y.Doc; seq: number }> {
  const doc = new Y.Doc()
  const read = await readLiveUpdates(noteId, 0)
  apply(doc, read)
  return { doc, seq: read.seq }
}

const textOf = (doc: Y.Doc) => doc.getText(LIVE_TEXT).toString()

async function storedText(noteId: number): Promise<string> {
  return textOf((await syncedDoc(noteId)).doc)
}

/** Makes a change in `doc` and answers it as the update a client would send. */
function edit(doc: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  change(doc.getText(LIVE_TEXT))
  return Y.encodeStateAsUpdate(doc, before)
}

async function updateRows(noteId: number) {
  return db
    .selectFrom('note_updates')
    .select(['seq', 'author_names'])
    .where('note_id', '=', noteId)
    .orderBy('seq')
    .execute()
}

beforeAll(async () => {
  organizerId = (await makeUser({ name: 'Olga Organizer' })).id
})

describe('the live document', () => {
  it('is seeded from the current revision once, even for two concurrent first readers', async () => {
    const noteId = await noteWithUnseededRevision('Hello, notes')
    const [first, second] = await Promise.all([readLiveUpdates(noteId), readLiveUpdates(noteId)])
    // Both readers hold the same seed: one document built from both shows the text once.
    const both = new Y.Doc()
    apply(both, first)
    apply(both, second)
    expect(textOf(both)).toBe('Hello, notes')
    expect(first.state).toEqual(second.state)
    expect(await storedText(noteId)).toBe('Hello, notes')
    // Seeding is not an update: nothing was appended, and no revision was added.
    expect(await updateRows(noteId)).toEqual([])
    expect((await listNoteRevisions(noteId)).map((r) => r.number)).toEqual([1])
  })

  it('answers exactly the updates appended after a given seq', async () => {
    const noteId = await newNote()
    const { doc, seq: start } = await syncedDoc(noteId)
    expect(textOf(doc)).toBe('')
    const one = edit(doc, (t) => t.insert(0, 'one'))
    const two = edit(doc, (t) => t.insert(3, ' two'))
    const three = edit(doc, (t) => t.insert(7, ' three'))
    const a = await appendLiveUpdate(noteId, one, ['Ada'])
    expect(a).toEqual({ appended: true, seq: start + 1 })
    const b = await appendLiveUpdate(noteId, two, ['Ada'])
    const c = await appendLiveUpdate(noteId, three, ['Ben'])
    expect(b).toEqual({ appended: true, seq: start + 2 })
    expect(c).toEqual({ appended: true, seq: start + 3 })

    const after = await readLiveUpdates(noteId, start + 1)
    expect(after.state).toBeUndefined()
    expect(after.updates).toEqual([two, three])
    expect(after.seq).toBe(start + 3)
    const none = await readLiveUpdates(noteId, start + 3)
    expect(none).toEqual({ state: undefined, updates: [], seq: start + 3 })

    // A client that had seen `one` catches up to the full text with what it was answered.
    const behind = new Y.Doc()
    apply(behind, await readLiveUpdates(noteId, 0))
    expect(textOf(behind)).toBe('one two three')
  })

  it('refuses appends to a locked note, storing nothing, and takes them again once unlocked', async () => {
    const noteId = await newNote()
    const { doc, seq } = await syncedDoc(noteId)
    await setNoteLocked(noteId, true)
    const refused = await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(0, 'sneaky')),
      ['Ada'],
    )
    expect(refused).toEqual({ appended: false, reason: 'locked' })
    expect(await updateRows(noteId)).toEqual([])
    expect((await readLiveUpdates(noteId, seq)).updates).toEqual([])
    expect(await storedText(noteId)).toBe('')

    await setNoteLocked(noteId, false)
    const fresh = (await syncedDoc(noteId)).doc
    expect(
      await appendLiveUpdate(
        noteId,
        edit(fresh, (t) => t.insert(0, 'fine')),
        ['Ada'],
      ),
    ).toEqual({
      appended: true,
      seq: seq + 1,
    })
    expect(await storedText(noteId)).toBe('fine')
  })
})

describe('cutting a revision from live editing', () => {
  it('adds a revision with the typed text and every author, compacts, and adds nothing when unchanged', async () => {
    const noteId = await newNote()
    const { doc } = await syncedDoc(noteId)
    await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(0, 'Agenda\n')),
      ['Ada'],
    )
    await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(7, '- dispatching\n')),
      ['Ben'],
    )
    const { seq: oldSeq } = await readLiveUpdates(noteId, 0)
    const beforeCut = await readLiveUpdates(noteId, 1)
    expect(beforeCut.updates).toHaveLength(1)

    const cut = await cutLiveRevision(noteId)
    expect(cut).toEqual({ revision: 1, cut: true })
    const notes = await getNotes(noteId)
    expect(notes).toMatchObject({ revision: 1, body: 'Agenda\n- dispatching\n', author: 'Ada and Ben' })
    const revision = await db
      .selectFrom('note_revisions')
      .select(['author_names', 'merged', 'restored_from'])
      .where('note_id', '=', noteId)
      .executeTakeFirstOrThrow()
    expect(revision).toEqual({ author_names: ['Ada', 'Ben'], merged: false, restored_from: null })

    // Compacted: the updates are folded into the state; a reader behind gets the state, whatever it had seen.
    expect(await updateRows(noteId)).toEqual([])
    const behind = await readLiveUpdates(noteId, 1)
    expect(behind.state).toBeDefined()
    expect(behind.updates).toEqual([])
    const rebuilt = new Y.Doc()
    apply(rebuilt, behind)
    expect(textOf(rebuilt)).toBe('Agenda\n- dispatching\n')
    const upToDate = await readLiveUpdates(noteId, oldSeq)
    expect(upToDate.updates).toEqual([])
    expect(upToDate.seq).toBe(oldSeq)

    // Nothing typed since: nothing to cut.
    expect(await cutLiveRevision(noteId)).toEqual({ revision: 1, cut: false })
    // Typed and typed back: the text is the revision's, so no revision either (but it is compacted).
    const client = (await syncedDoc(noteId)).doc
    await appendLiveUpdate(
      noteId,
      edit(client, (t) => t.insert(0, 'x')),
      ['Cleo'],
    )
    await appendLiveUpdate(
      noteId,
      edit(client, (t) => t.delete(0, 1)),
      ['Cleo'],
    )
    expect(await cutLiveRevision(noteId)).toEqual({ revision: 1, cut: false })
    expect(await updateRows(noteId)).toEqual([])
    expect((await listNoteRevisions(noteId)).map((r) => r.number)).toEqual([1])
    expect(await storedText(noteId)).toBe('Agenda\n- dispatching\n')
  })

  it('names only those who typed since the last revision', async () => {
    const noteId = await newNote()
    const { doc } = await syncedDoc(noteId)
    await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(0, 'first')),
      ['Ada'],
    )
    await cutLiveRevision(noteId)
    await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(5, ' second')),
      ['Ben', 'Cleo'],
    )
    expect(await cutLiveRevision(noteId)).toEqual({ revision: 2, cut: true })
    expect(await getNotes(noteId)).toMatchObject({ revision: 2, body: 'first second', author: 'Ben and Cleo' })
  })
})

describe('saving from the form while others type live', () => {
  const base = 'one\n\ntwo\n\nthree\n'

  async function noteWithRevision(): Promise<number> {
    const noteId = await newNote()
    expect(await saveNotes(noteId, { body: base, baseRevision: 0 }, ada)).toMatchObject({
      status: 'saved',
      revision: 1,
    })
    return noteId
  }

  it('merges the form’s change with the live edits made since its revision, into the live document too', async () => {
    const noteId = await noteWithRevision()
    const { doc } = await syncedDoc(noteId)
    expect(textOf(doc)).toBe(base)
    // Someone types live at the first line; the revision is not cut yet.
    const typed = await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(3, ' LIVE')),
      ['Ben'],
    )
    if (!typed.appended) throw new Error('not appended')
    expect((await getNotes(noteId)).revision).toBe(1)

    // The form was opened at revision 1 and changes the last line.
    const outcome = await saveNotes(noteId, { body: 'one\n\ntwo\n\nthree FORM\n', baseRevision: 1 }, ada)
    const merged = 'one LIVE\n\ntwo\n\nthree FORM\n'
    expect(outcome).toEqual({ status: 'saved', revision: 2, merged: true, body: merged })
    expect(await storedText(noteId)).toBe(merged)
    const notes = await getNotes(noteId)
    expect(notes).toMatchObject({ revision: 2, body: merged })
    // The revision names the form's author and the one who typed live.
    expect(notes.author).toBe('Ada and Ben')
    const revision = await db
      .selectFrom('note_revisions')
      .select(['merged', 'base_number'])
      .where('note_id', '=', noteId)
      .where('number', '=', 2)
      .executeTakeFirstOrThrow()
    expect(revision).toEqual({ merged: true, base_number: 1 })

    // A client that was live all along gets the form's change as an update, and keeps its own.
    // (The save compacted the document: what it missed comes as the state.)
    const missed = await readLiveUpdates(noteId, typed.seq)
    expect(missed.seq).toBeGreaterThan(typed.seq)
    apply(doc, missed)
    expect(textOf(doc)).toBe(merged)
  })

  it('answers a conflict with the live edits and changes nothing', async () => {
    const noteId = await noteWithRevision()
    const { doc } = await syncedDoc(noteId)
    await appendLiveUpdate(
      noteId,
      edit(doc, (t) => t.insert(8, ' LIVE')),
      ['Ben'],
    )
    const liveText = 'one\n\ntwo LIVE\n\nthree\n'
    expect(await storedText(noteId)).toBe(liveText)
    const { seq } = await readLiveUpdates(noteId, 0)

    const outcome = await saveNotes(noteId, { body: 'one\n\ntwo FORM\n\nthree\n', baseRevision: 1 }, ada)
    expect(outcome).toMatchObject({ status: 'conflict', current: { revision: 1, body: liveText } })
    expect(outcome.status === 'conflict' && outcome.conflictText).toContain('two FORM')
    expect(outcome.status === 'conflict' && outcome.conflictText).toContain('two LIVE')
    expect(await storedText(noteId)).toBe(liveText)
    expect((await readLiveUpdates(noteId, 0)).seq).toBe(seq)
    expect((await updateRows(noteId)).map((r) => r.seq)).toEqual([seq])
    expect(await getNotes(noteId)).toMatchObject({ revision: 1, body: base })
  })

  it('refuses a save to a locked note and changes nothing', async () => {
    const noteId = await noteWithRevision()
    await setNoteLocked(noteId, true)
    await expect(saveNotes(noteId, { body: 'changed', baseRevision: 1 }, ada)).rejects.toMatchObject({ code: 'locked' })
    expect(await storedText(noteId)).toBe(base)
    expect((await getNotes(noteId)).revision).toBe(1)
  })
})

describe('restoring a revision', () => {
  it('applies the old text to the live document as a change, keeping a concurrent live edit elsewhere', async () => {
    const noteId = await newNote()
    await saveNotes(noteId, { body: 'alpha\nbeta\ngamma\n', baseRevision: 0 }, ada)
    await saveNotes(noteId, { body: 'alpha\nBETA\ngamma\n', baseRevision: 1 }, ada)
    expect(await storedText(noteId)).toBe('alpha\nBETA\ngamma\n')

    // A live client synced before the restore, and typing at the start of the last line meanwhile.
    const { doc: client, seq } = await syncedDoc(noteId)
    const typed = edit(client, (t) => t.insert('alpha\nBETA\n'.length, '>'))

    expect(await restoreNoteRevision(noteId, 1, { name: 'Olga' })).toEqual({ revision: 3 })
    expect(await storedText(noteId)).toBe('alpha\nbeta\ngamma\n')
    expect(await getNotes(noteId)).toMatchObject({ revision: 3, body: 'alpha\nbeta\ngamma\n', author: 'Olga' })
    const [newest] = await listNoteRevisions(noteId)
    expect(newest).toMatchObject({ number: 3, restored_from: 1, base_number: 2 })

    // The client's change reaches the server after the restore: it stays where it was typed.
    expect(await appendLiveUpdate(noteId, typed, ['Ben'])).toMatchObject({ appended: true })
    expect(await storedText(noteId)).toBe('alpha\nbeta\n>gamma\n')
    // And the client, catching up on what it missed, shows the same.
    apply(client, await readLiveUpdates(noteId, seq))
    expect(textOf(client)).toBe('alpha\nbeta\n>gamma\n')
  })

  it('restores a revision whose text is the current one as a revision that says so', async () => {
    const noteId = await newNote()
    await saveNotes(noteId, { body: 'same', baseRevision: 0 }, ada)
    expect(await restoreNoteRevision(noteId, 1, ada)).toEqual({ revision: 2 })
    expect(await storedText(noteId)).toBe('same')
    await expect(restoreNoteRevision(noteId, 9, ada)).rejects.toMatchObject({ code: 'no_revision' })
  })
})
