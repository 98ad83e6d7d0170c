import { beforeAll, describe, expect, it } from 'vitest'
import * as sessionPage from '~/routes/events.$slug.sessions.$sessionId/route'
import * as editor from '~/routes/events.$slug.sessions.$sessionId_.notes/route'
import * as history from '~/routes/events.$slug.sessions.$sessionId_.notes_.history/route'
import * as notesJson from '~/routes/events.$slug.sessions.$sessionId_.notes[.json]'
import * as manage from '~/routes/r.$token/route'
import type { Event } from '#db/schema'
import * as edits from '~/models/notes/edits.server'
import * as notes from '~/models/notes/notes.server'
import { NotesError, type SaveOutcome } from '~/models/notes/notes.server'
import { NOT_ALLOWED_TO_EDIT } from '~/access/notes.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { seedDemoAgenda } from '../../db/seed/agenda'
import { seedDemoNotes } from '../../db/seed/notes'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

let event: Event
let sessionIds: number[]
let organizerCookie: string
let otherOrganizerCookie: string
let confirmedCookie: string
let waitlistedCookie: string
let confirmedRegistrationId: number

async function newPublishedSession(title: string): Promise<number> {
  const schema = sessionInputSchema(event.time_zone)
  const session = await createSession(
    event.id,
    schema.parse({ title, kind: 'discussion', startsAt: '2030-05-04T10:00', endsAt: '2030-05-04T11:00' }),
  )
  await publishSchedule(event.id, 'Org')
  return session.id
}

/** Registers someone and opens their manage link, which leaves the attendee cookie in "their browser". */
async function attendeeCookie(name: string, email: string) {
  const schema = registrationSchema({ locationKind: 'in_person' }, [])
  const { registration } = await registerForEvent(event.id, schema.parse({ name, email }))
  const opened = await callRoute(manage.loader, getRequest(`/r/${registration.manage_token}`), {
    token: registration.manage_token,
  })
  return { registration, cookie: opened.headers.get('set-cookie')!.split(';')[0]! }
}

// The models take a note's id; these tests name notes by their session, as the pages do.
const noteOf = (sessionId: number) => notes.sessionNoteId(event.id, sessionId)
const getNotes = async (sessionId: number) => notes.getNotes(await noteOf(sessionId))
const listNoteRevisions = async (sessionId: number) => notes.listNoteRevisions(await noteOf(sessionId))
const getNoteRevision = async (sessionId: number, n: number) => notes.getNoteRevision(await noteOf(sessionId), n)
const setNotesHidden = async (sessionId: number, hidden: boolean) =>
  notes.setNotesHidden(await noteOf(sessionId), hidden)
const saveNotes = async (
  sessionId: number,
  ...rest: Parameters<typeof edits.saveNotes> extends [number, ...infer R] ? R : never
) => edits.saveNotes(await noteOf(sessionId), ...rest)
const restoreNoteRevision = async (
  sessionId: number,
  ...rest: Parameters<typeof edits.restoreNoteRevision> extends [number, ...infer R] ? R : never
) => edits.restoreNoteRevision(await noteOf(sessionId), ...rest)

const params = (sessionId: number) => ({ slug: event.slug, sessionId: String(sessionId) })
const notesUrl = (sessionId: number, rest = '') => `/events/${event.slug}/sessions/${sessionId}/notes${rest}`

async function saveThroughEditor(sessionId: number, fields: Record<string, string | number>, cookie?: string) {
  return callRoute(
    editor.action,
    await formRequest(notesUrl(sessionId), { intent: 'save', ...fields }, cookie ? { cookie } : {}),
    params(sessionId),
  )
}

beforeAll(async () => {
  const organizer = await makeUser({ name: 'Olga Organizer' })
  const otherOrganizer = await makeUser()
  organizerCookie = await sessionCookieFor(organizer.id)
  otherOrganizerCookie = await sessionCookieFor(otherOrganizer.id)
  event = await makeEvent(organizer.id, { capacity: 1 })
  await makeEvent(otherOrganizer.id)
  sessionIds = []
  for (const title of ['Dispatching', 'Array API', 'Hidden things', 'Concurrency', 'Routes']) {
    sessionIds.push(await newPublishedSession(title))
  }
  const confirmed = await attendeeCookie('Carla Confirmed', 'carla@example.org')
  expect(confirmed.registration.status).toBe('confirmed')
  confirmedCookie = confirmed.cookie
  confirmedRegistrationId = confirmed.registration.id
  const waitlisted = await attendeeCookie('Walter Waiting', 'walter@example.org')
  expect(waitlisted.registration.status).toBe('waitlisted')
  waitlistedCookie = waitlisted.cookie
})

describe('notes model', () => {
  it('saves revisions, merges concurrent edits, hands conflicts back and restores', async () => {
    const id = sessionIds[0]!
    expect(await getNotes(id)).toMatchObject({ revision: 0, body: '', hidden: false, updatedAt: null })
    const ada = { name: 'Ada' }
    const bob = { name: 'Bob', userId: null }
    const base = '# Dispatching\n\n- first point\n\n## Decisions\n\n- none yet\n'
    expect(await saveNotes(id, { body: base, baseRevision: 0 }, ada)).toEqual({
      status: 'saved',
      revision: 1,
      merged: false,
      body: base,
    })
    expect(await saveNotes(id, { body: base, baseRevision: 1 }, ada)).toEqual({ status: 'unchanged', revision: 1 })

    // Ada and Bob both start from revision 1; Bob saves first; Ada's other lines merge.
    const bobs = base.replace('- none yet', '- use entry points')
    expect(await saveNotes(id, { body: bobs, baseRevision: 1 }, bob)).toMatchObject({ status: 'saved', revision: 2 })
    const adas = base.replace('- first point', '- first point, with details')
    const merged = await saveNotes(id, { body: adas, baseRevision: 1 }, ada)
    expect(merged).toEqual({
      status: 'saved',
      revision: 3,
      merged: true,
      body: '# Dispatching\n\n- first point, with details\n\n## Decisions\n\n- use entry points\n',
    })
    expect(await getNoteRevision(id, 3)).toMatchObject({ merged: true, base_number: 1, author_name: 'Ada' })

    // Carl also started from revision 1 and changed Bob's line: nothing is saved, both versions come back.
    const carls = base.replace('- none yet', '- use uarray')
    const conflict = await saveNotes(id, { body: carls, baseRevision: 1 }, { name: 'Carl' })
    expect(conflict.status).toBe('conflict')
    const c = conflict as Extract<SaveOutcome, { status: 'conflict' }>
    expect(c.current).toMatchObject({ revision: 3, author: 'Ada', body: (merged as { body: string }).body })
    expect(c.conflictText).toContain(
      '<<<<<<< Your version\n- use uarray\n=======\n- use entry points\n>>>>>>> Revision 3 by Ada',
    )
    expect(c.conflictText).toContain('- first point, with details')
    expect((await getNotes(id)).revision).toBe(3)

    await expect(saveNotes(id, { body: 'x', baseRevision: 9 }, ada)).rejects.toBeInstanceOf(NotesError)

    expect(await restoreNoteRevision(id, 1, { name: 'Dora' })).toEqual({ revision: 4 })
    expect(await getNotes(id)).toMatchObject({ revision: 4, body: base, author: 'Dora' })
    await expect(restoreNoteRevision(id, 42, ada)).rejects.toBeInstanceOf(NotesError)

    const revisions = await listNoteRevisions(id)
    expect(revisions.map((r) => [r.number, r.author_name, r.merged, r.restored_from, r.size])).toEqual([
      [4, 'Dora', false, 1, base.length],
      [3, 'Ada', true, null, (merged as { body: string }).body.length],
      [2, 'Bob', false, null, bobs.length],
      [1, 'Ada', false, null, base.length],
    ])
    expect(revisions[0]!.created_at).toBeInstanceOf(Date)
  })

  it(`loses no edit when many people save at once from the same revision`, async () => {
    const id = sessionIds[3]!
    const SECTIONS = 24
    const sections = Array.from({ length: SECTIONS }, (_, i) => `## Topic ${i}\n\n- nothing yet\n`)
    const base = sections.join('\n')
    await saveNotes(id, { body: base, baseRevision: 0 }, { name: 'Setup' })
    // One author per section writes their own line: all of them can be merged. Six more write into section 0 as
    // well: only one of the seven who touch that line can get in, the others must get a conflict back.
    const authors = [
      ...sections.map((_, i) => ({ name: `Author ${i}`, section: i, line: `- point from author ${i}` })),
      ...Array.from({ length: 6 }, (_, k) => ({ name: `Rival ${k}`, section: 0, line: `- point from rival ${k}` })),
    ]
    const outcomes = await Promise.all(
      authors.map(async (author) => {
        const mine = sections.map((s, i) => (i === author.section ? s.replace('- nothing yet', author.line) : s))
        return { author, outcome: await saveNotes(id, { body: mine.join('\n'), baseRevision: 1 }, author) }
      }),
    )
    const final = await getNotes(id)
    const revisions = await listNoteRevisions(id)
    const saved = outcomes.filter((o) => o.outcome.status === 'saved')
    const conflicts = outcomes.filter((o) => o.outcome.status === 'conflict')
    expect(saved.length + conflicts.length).toBe(authors.length)
    expect(saved).toHaveLength(SECTIONS)
    expect(conflicts).toHaveLength(6)
    // Revisions are numbered without gaps or duplicates, one per save.
    expect(revisions.map((r) => r.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: SECTIONS + 1 }, (_, i) => i + 1),
    )
    expect(final.revision).toBe(SECTIONS + 1)
    for (const { author, outcome } of outcomes) {
      if (outcome.status === 'saved') {
        // In the history under their name, and their line in the final text.
        expect(revisions.find((r) => r.number === outcome.revision)?.author_name).toBe(author.name)
        expect(final.body).toContain(author.line)
      } else if (outcome.status === 'conflict') {
        // Returned to its author with their line in the editor's text; nothing of theirs was stored.
        expect(outcome.conflictText).toContain(author.line)
        expect(outcome.conflictText).toContain('<<<<<<< Your version')
        expect(final.body).not.toContain(author.line)
      }
    }
    // Every save after the first to land was a merge.
    expect(revisions.filter((r) => r.number > 1 && !r.merged)).toHaveLength(1)
    const sectionZeroLines = final.body.split('\n').filter((l) => / from (author 0|rival \d)$/.test(l))
    expect(sectionZeroLines).toHaveLength(1)
  })
})

describe('notes routes', () => {
  it('lets organizers and confirmed attendees edit, and no one else', async () => {
    const id = sessionIds[4]!
    // Others may follow the notes on the editor's page, read-only, and may not save.
    for (const cookie of [undefined, waitlistedCookie, otherOrganizerCookie]) {
      const follower = await callRoute(editor.loader, getRequest(notesUrl(id), cookie), params(id))
      expect(follower).toMatchObject({ status: 200, data: { canEdit: false, readOnlyReason: NOT_ALLOWED_TO_EDIT } })
      expect((await saveThroughEditor(id, { body: 'Hi', baseRevision: 0 }, cookie)).status).toBe(403)
    }
    expect((await getNotes(id)).revision).toBe(0)
    // CSRF is checked on every save.
    const noCsrf = await callRoute(
      editor.action,
      await formRequest(notesUrl(id), { body: 'Hi', baseRevision: 0 }, { cookie: organizerCookie, csrf: false }),
      params(id),
    )
    expect(noCsrf.status).toBe(403)

    const page = await callRoute(editor.loader, getRequest(notesUrl(id), confirmedCookie), params(id))
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ notes: { revision: 0, body: '' }, canManage: false })
    const saved = await saveThroughEditor(
      id,
      { body: '# Notes\r\n\r\n- [ ] @ada: draft the SPEC\r\n', baseRevision: 0 },
      confirmedCookie,
    )
    expect(saved).toMatchObject({
      status: 200,
      data: { kind: 'saved', merged: false, message: 'Saved as revision 1.' },
    })
    expect(await getNoteRevision(id, 1)).toMatchObject({
      body_md: '# Notes\n\n- [ ] @ada: draft the SPEC\n',
      author_name: 'Carla Confirmed',
      author_registration_id: confirmedRegistrationId,
      author_user_id: null,
    })
    const byOrganizer = await saveThroughEditor(
      id,
      { body: '# Notes\n\n- [x] @ada: draft the SPEC\n', baseRevision: 1 },
      organizerCookie,
    )
    expect(byOrganizer.data).toMatchObject({ kind: 'saved' })
    expect(await getNoteRevision(id, 2)).toMatchObject({
      author_name: 'Olga Organizer',
      author_user_id: expect.any(Number),
    })

    // Bad input: 400 with a message for the field, and the text kept.
    const bad = await saveThroughEditor(id, { body: 'Lost?' }, organizerCookie)
    expect(bad.status).toBe(400)
    expect(bad.data).toMatchObject({ kind: 'invalid', text: 'Lost?', errors: { baseRevision: [expect.any(String)] } })
  })

  it('saves an emptied editor as empty notes', async () => {
    const id = await newPublishedSession('Emptied')
    await saveThroughEditor(id, { body: 'Something to remove\n', baseRevision: 0 }, organizerCookie)
    // A browser sends the emptied textarea as an empty value: that is a save of no text, not a missing field.
    const emptied = await saveThroughEditor(id, { body: '', baseRevision: 1 }, organizerCookie)
    expect(emptied).toMatchObject({ status: 200, data: { kind: 'saved', text: '', message: 'Saved as revision 2.' } })
    expect(await getNotes(id)).toMatchObject({ revision: 2, body: '' })
  })

  it('refuses images without alt text unless the author confirms', async () => {
    const id = sessionIds[4]!
    const current = (await getNotes(id)).revision
    const body = 'Whiteboard:\n\n![](whiteboard.png)\n'
    const refused = await saveThroughEditor(id, { body, baseRevision: current }, organizerCookie)
    expect(refused.status).toBe(400)
    expect(refused.data).toMatchObject({
      kind: 'warnings',
      text: body,
      errors: { body: [expect.stringMatching(/An image has no alt text \(whiteboard\.png\).*Save anyway/)] },
    })
    expect((await getNotes(id)).revision).toBe(current)
    const confirmed = await saveThroughEditor(id, { body, baseRevision: current, confirm: 'yes' }, organizerCookie)
    expect(confirmed.data).toMatchObject({ kind: 'saved' })
    const fixed = await saveThroughEditor(
      id,
      { body: 'Whiteboard:\n\n![Photo of the whiteboard with the plan](whiteboard.png)\n', baseRevision: current + 1 },
      organizerCookie,
    )
    expect(fixed.data).toMatchObject({ kind: 'saved' })
  })

  it('merges or hands back a conflict through the editor, keeping the author’s text', async () => {
    const id = sessionIds[4]!
    const base = (await getNotes(id)).revision
    const start = (await getNotes(id)).body
    await saveThroughEditor(id, { body: `${start}\nOrganizer line\n`, baseRevision: base }, organizerCookie)
    const conflict = await saveThroughEditor(
      id,
      { body: `${start}\nAttendee line\n`, baseRevision: base },
      confirmedCookie,
    )
    expect(conflict.status).toBe(409)
    expect(conflict.data).toMatchObject({
      kind: 'conflict',
      mine: `${start}\nAttendee line\n`,
      baseRevision: base + 1,
      theirs: { revision: base + 1, author: 'Olga Organizer', body: `${start}\nOrganizer line\n` },
    })
    const text = (conflict.data as { text: string }).text
    expect(text).toContain('<<<<<<< Your version\nAttendee line\n=======\nOrganizer line\n>>>>>>> Revision')
    // Saving the markers as they are is refused until resolved (or confirmed).
    const markers = await saveThroughEditor(id, { body: text, baseRevision: base + 1 }, confirmedCookie)
    expect(markers.status).toBe(400)
    const resolved = await saveThroughEditor(
      id,
      { body: `${start}\nOrganizer line\nAttendee line\n`, baseRevision: base + 1 },
      confirmedCookie,
    )
    expect(resolved.data).toMatchObject({ kind: 'saved', merged: false })
    // A clean merge through the editor says so.
    const older = base + 2
    await saveThroughEditor(
      id,
      { body: `Top line\n\n\n${start}\nOrganizer line\nAttendee line\n`, baseRevision: older },
      organizerCookie,
    )
    const mergedSave = await saveThroughEditor(
      id,
      { body: `${start}\nOrganizer line\nAttendee line\n\n\nBottom line\n`, baseRevision: older },
      confirmedCookie,
    )
    expect(mergedSave.data).toMatchObject({ kind: 'saved', merged: true, message: expect.stringMatching(/merged/) })
    expect((await getNotes(id)).body).toBe(`Top line\n\n\n${start}\nOrganizer line\nAttendee line\n\n\nBottom line\n`)
  })

  it('shows rendered, sanitized notes on the session page with edit and history links for editors', async () => {
    const id = sessionIds[1]!
    const anonymousBefore = await callRoute(
      sessionPage.loader,
      getRequest(`/events/${event.slug}/sessions/${id}`),
      params(id),
    )
    expect(anonymousBefore.data).toMatchObject({ notes: { html: '', revision: 0, canEdit: false } })
    await saveNotes(
      id,
      {
        body: '## Outcome\n\n- [ ] @ralf: draft the SPEC\n\n<script>alert(1)</script>\n[x](javascript:alert(1))',
        baseRevision: 0,
      },
      { name: 'Ada' },
    )
    const anonymous = await callRoute(
      sessionPage.loader,
      getRequest(`/events/${event.slug}/sessions/${id}`),
      params(id),
    )
    const notes = (anonymous.data as { notes: { html: string; revision: number; author: string; canEdit: boolean } })
      .notes
    expect(notes).toMatchObject({ revision: 1, author: 'Ada', canEdit: false })
    expect(notes.html).toContain('<h2>Outcome</h2>')
    expect(notes.html).toContain('<input type="checkbox" disabled aria-label="To do"> @ralf: draft the SPEC')
    expect(notes.html).not.toMatch(/<script|javascript:/)
    for (const [cookie, canEdit] of [
      [confirmedCookie, true],
      [organizerCookie, true],
      [waitlistedCookie, false],
      [otherOrganizerCookie, false],
    ] as const) {
      const page = await callRoute(
        sessionPage.loader,
        getRequest(`/events/${event.slug}/sessions/${id}`, cookie),
        params(id),
      )
      expect((page.data as { notes: { canEdit: boolean } }).notes.canEdit).toBe(canEdit)
    }
    const poll = await callRoute(notesJson.loader, getRequest(notesUrl(id, '.json')), params(id))
    expect(poll.status).toBe(200)
    expect(poll.data).toEqual({ revision: 1, updatedAt: expect.stringMatching(/^\d{4}-/), author: 'Ada' })
    expect(poll.headers.get('cache-control')).toBe('private, no-store')
    expect(
      (await callRoute(notesJson.loader, getRequest('/x'), { slug: event.slug, sessionId: '999999' })).status,
    ).toBe(404)
  })

  it('hidden notes are for organizers only', async () => {
    const id = sessionIds[2]!
    await saveNotes(id, { body: 'Private details', baseRevision: 0 }, { name: 'Ada' })
    // Only organizers may hide.
    const byAttendee = await callRoute(
      editor.action,
      await formRequest(notesUrl(id), { intent: 'visibility', hidden: 'true' }, { cookie: confirmedCookie }),
      params(id),
    )
    expect(byAttendee.status).toBe(403)
    const hide = await callRoute(
      editor.action,
      await formRequest(notesUrl(id), { intent: 'visibility', hidden: 'true' }, { cookie: organizerCookie }),
      params(id),
    )
    expect(hide.data).toMatchObject({ kind: 'visibility' })
    expect((await getNotes(id)).hidden).toBe(true)

    for (const cookie of [undefined, confirmedCookie, otherOrganizerCookie]) {
      const page = await callRoute(
        sessionPage.loader,
        getRequest(`/events/${event.slug}/sessions/${id}`, cookie),
        params(id),
      )
      expect(page.status).toBe(200)
      expect((page.data as { notes: unknown }).notes).toBeNull()
      expect(JSON.stringify(page.data)).not.toContain('Private details')
      expect((await callRoute(history.loader, getRequest(notesUrl(id, '/history'), cookie), params(id))).status).toBe(
        404,
      )
      expect((await callRoute(notesJson.loader, getRequest(notesUrl(id, '.json'), cookie), params(id))).status).toBe(
        404,
      )
      expect((await callRoute(editor.loader, getRequest(notesUrl(id), cookie), params(id))).status).toBe(404)
      expect((await saveThroughEditor(id, { body: 'x', baseRevision: 1 }, cookie)).status).toBe(404)
    }
    const organizerPage = await callRoute(
      sessionPage.loader,
      getRequest(`/events/${event.slug}/sessions/${id}`, organizerCookie),
      params(id),
    )
    expect((organizerPage.data as { notes: { hidden: boolean; html: string } }).notes).toMatchObject({
      hidden: true,
      html: expect.stringContaining('Private details'),
    })
    expect(
      (await callRoute(history.loader, getRequest(notesUrl(id, '/history'), organizerCookie), params(id))).status,
    ).toBe(200)
    await setNotesHidden(id, false)
    expect((await callRoute(history.loader, getRequest(notesUrl(id, '/history')), params(id))).status).toBe(200)
  })

  it('history lists revisions, compares any two, and restores as a new revision', async () => {
    const id = sessionIds[1]!
    await saveNotes(
      id,
      { body: (await getNotes(id)).body.replace('## Outcome', '## Outcomes\n\nAgreed on a SPEC.'), baseRevision: 1 },
      { name: 'Bob' },
    )
    const page = await callRoute(history.loader, getRequest(notesUrl(id, '/history')), params(id))
    const data = page.data as {
      revisions: { number: number; author: string; size: number; savedAt: string }[]
      compare: { from: number; to: number; added: number; removed: number; rows: { kind: string; text?: string }[] }
      canEdit: boolean
    }
    expect(data.canEdit).toBe(false)
    expect(data.revisions.map((r) => [r.number, r.author])).toEqual([
      [2, 'Bob'],
      [1, 'Ada'],
    ])
    expect(data.revisions[0]!.savedAt).toMatch(/\d{4}, \d{2}:\d{2}/)
    // By default: the latest revision against the one before.
    expect(data.compare).toMatchObject({ from: 1, to: 2, added: 3, removed: 1 })
    expect(data.compare.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'removed', text: '## Outcome' }),
        expect.objectContaining({ kind: 'added', text: '## Outcomes' }),
        expect.objectContaining({ kind: 'added', text: 'Agreed on a SPEC.' }),
      ]),
    )
    const fromNothing = await callRoute(history.loader, getRequest(notesUrl(id, '/history?from=0&to=1')), params(id))
    expect((fromNothing.data as typeof data).compare).toMatchObject({ from: 0, to: 1, removed: 0 })

    // Restoring needs an editor, CSRF and an existing revision.
    const restoreRequest = (cookie?: string, revision: number | string = 1) =>
      formRequest(notesUrl(id, '/history'), { revision }, cookie ? { cookie } : {})
    expect((await callRoute(history.action, await restoreRequest(), params(id))).status).toBe(403)
    expect((await callRoute(history.action, await restoreRequest(waitlistedCookie), params(id))).status).toBe(403)
    expect((await callRoute(history.action, await restoreRequest(otherOrganizerCookie), params(id))).status).toBe(403)
    expect((await callRoute(history.action, await restoreRequest(confirmedCookie, 'x'), params(id))).status).toBe(400)
    expect((await callRoute(history.action, await restoreRequest(confirmedCookie, 77), params(id))).status).toBe(404)
    const restored = await callRoute(history.action, await restoreRequest(confirmedCookie), params(id))
    expect(restored.data).toMatchObject({ ok: true, message: 'Revision 1 restored as revision 3.' })
    expect(await getNoteRevision(id, 3)).toMatchObject({ restored_from: 1, author_name: 'Carla Confirmed' })
    expect((await getNotes(id)).body).toBe((await getNoteRevision(id, 1))!.body_md)
    const after = await callRoute(history.loader, getRequest(notesUrl(id, '/history'), confirmedCookie), params(id))
    expect((after.data as typeof data).compare).toMatchObject({ from: 2, to: 3, added: 1, removed: 3 })
    expect((after.data as typeof data).canEdit).toBe(true)
  })
})

describe('demo notes', () => {
  it('seeds two or three revisions with action items for a past summit, once', async () => {
    const organizer = await makeUser()
    const demo = await makeEvent(organizer.id, {
      slug: 'api-dispatching-summit',
      timeZone: 'America/Los_Angeles',
      startsAt: '2024-06-03T09:00',
      endsAt: '2024-06-05T17:00',
    })
    await seedDemoAgenda(demo)
    const seeded = await seedDemoNotes(demo.id)
    expect(seeded).toBeGreaterThanOrEqual(3)
    expect(await seedDemoNotes(demo.id)).toBe(0)
    const { listPublishedSessions } = await import('~/models/agenda/schedule.server')
    const sessions = await listPublishedSessions(demo.id)
    const withNotes = []
    for (const s of sessions) {
      const notes = await getNotes(s.session_id)
      if (notes.revision) withNotes.push({ title: s.title, notes, revisions: await listNoteRevisions(s.session_id) })
    }
    expect(withNotes).toHaveLength(seeded)
    for (const { notes, revisions } of withNotes) {
      expect(revisions.length).toBeGreaterThanOrEqual(2)
      expect(revisions.length).toBeLessThanOrEqual(3)
      expect(notes.body).toMatch(/^- \[[ x]\] @\w+: /m)
    }
    expect(withNotes.map((n) => n.notes.body).join('\n')).toContain('- [ ] @ralf: draft the SPEC')
    // And the summit's worklog, once.
    const worklog = await notes.getNotes(await notes.eventWorklogId(demo.id))
    expect(worklog).toMatchObject({ revision: 1, author: 'Amara Okafor' })
    expect(worklog.body).toContain('## Day 3')
  })
})
