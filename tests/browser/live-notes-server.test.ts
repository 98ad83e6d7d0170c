import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { CloseCode, MAX_UPDATE_BURST, MessageType } from '~/models/notes/live-protocol'
import { startConveneServer, type ConveneProcess } from '../support/convene-process'
import {
  connectLive,
  logInAsDemoOrganizer,
  noteIdAt,
  postNotesForm,
  refusal,
  type LiveClient,
} from '../support/live-notes-client'
import { createTestDatabaseEnv } from '../support/test-database'

// The live notes WebSocket (server/live-notes/) as Node clients speak it: who is refused and how, what is too
// much, convergence, and what survives a killed server. Servers of their own where the notes are changed, locked
// or hidden, or the process is killed; the shared server only for two people typing on a worklog no other test reads.

type Server = ConveneProcess & { baseUrl: string }

async function serverEnv(dataDir: string) {
  const database = await createTestDatabaseEnv(dataDir)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database.env,
    LOG_LEVEL: 'warn',
    SESSION_SECRET: randomBytes(32).toString('hex'),
  }
  if (!database.env.DATABASE_URL) delete env.DATABASE_URL
  delete env.SMTP_URL
  return { env, drop: database.drop }
}

/** The ids of the first published sessions of a demo event, from its agenda page. */
async function sessionIds(baseUrl: string, slug: string): Promise<number[]> {
  const html = await (await fetch(`${baseUrl}/events/${slug}/agenda`)).text()
  return [...new Set([...html.matchAll(new RegExp(`/events/${slug}/sessions/(\\d+)`, 'g'))].map((m) => Number(m[1])))]
}

/** One message of the protocol: its type, then the payload as y-protocols frames it. */
function frame(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

async function connected(connecting: Promise<LiveClient>): Promise<LiveClient> {
  const client = await connecting
  await client.synced
  return client
}

/** Types `count` markers `<prefix><n>;` at the end, one insert per message, at `perSecond`. */
function typeMarkers(client: LiveClient, prefix: string, count: number, perSecond = 25): Promise<void> {
  return new Promise((resolve) => {
    let n = 0
    const timer = setInterval(() => {
      if (n >= count || client.socket.readyState !== client.socket.OPEN) {
        clearInterval(timer)
        return resolve()
      }
      n++
      client.change((t) => t.insert(t.length, `${prefix}${n};`), `${prefix}${n}`)
    }, 1000 / perSecond)
  })
}

/** The markers typed (`a1;`, `b7;`…), not whatever else the note held (the demo worklog has semicolons too). */
const markers = (text: string) =>
  text
    .split(';')
    .map((part) => part.slice(part.lastIndexOf('\n') + 1))
    .filter((part) => /^[ab][\w-]*\d$/.test(part))
const ackedLabels = (client: LiveClient) =>
  client.labels.slice(0, client.acked()).filter((label): label is string => label !== undefined && label !== 'step 2')

describe('refusals, on a server of its own', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-live-refusals-'))
  let drop = async () => {}
  let server: Server
  let organizer: { cookie: string; csrf: string }
  let publicNote: number
  let hiddenNote: number
  let lockedNote: number
  const slug = 'alt-text-accessibility'

  beforeAll(async () => {
    const { env, drop: dropDatabase } = await serverEnv(dataDir)
    drop = dropDatabase
    server = await startConveneServer(env)
    organizer = await logInAsDemoOrganizer(server.baseUrl)
    const [, hiddenSession, lockedSession] = await sessionIds(server.baseUrl, slug)
    publicNote = await noteIdAt(server.baseUrl, `/events/${slug}/notes`)
    const hiddenPath = `/events/${slug}/sessions/${hiddenSession}/notes`
    const lockedPath = `/events/${slug}/sessions/${lockedSession}/notes`
    hiddenNote = await noteIdAt(server.baseUrl, hiddenPath, organizer.cookie)
    lockedNote = await noteIdAt(server.baseUrl, lockedPath, organizer.cookie)
    expect(await postNotesForm(server.baseUrl, hiddenPath, organizer, { intent: 'visibility', hidden: 'true' })).toBe(
      200,
    )
    expect(await postNotesForm(server.baseUrl, lockedPath, organizer, { intent: 'lock', locked: 'true' })).toBe(200)
    expect(new Set([publicNote, hiddenNote, lockedNote]).size).toBe(3)
  })

  afterAll(async () => {
    await server?.stop()
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const stillServing = async () => {
    expect(server.child.exitCode).toBeNull()
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
    const client = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    expect((await client.welcome).canWrite).toBe(true)
    client.close()
  }

  it('answers 404 to a visitor without a cookie on hidden notes, and lets the organizer in', async () => {
    const refused = await refusal(connectLive(server.baseUrl, hiddenNote))
    expect(refused).toEqual({ status: 404, body: 'There are no notes here.\n' })
    const client = await connected(connectLive(server.baseUrl, hiddenNote, { cookie: organizer.cookie }))
    expect(await client.welcome).toMatchObject({ noteId: hiddenNote, name: 'Demo Organizer', canWrite: true })
    client.close()
    await stillServing()
  })

  it('answers 404 for a note that does not exist, and for addresses that are not a note', async () => {
    expect(await refusal(connectLive(server.baseUrl, 987654, { cookie: organizer.cookie }))).toEqual({
      status: 404,
      body: 'There are no notes here.\n',
    })
    const notANote = await refusal(connectLive(server.baseUrl, 0 as number, { cookie: organizer.cookie }))
    expect(notANote).toEqual({ status: 404, body: 'There is no WebSocket at this address.\n' })
    await stillServing()
  })

  it('lets a confirmed attendee write their own event’s notes, and only follow another event’s', async () => {
    // A confirmed (online) registration for the Domain Stacks summit, opened in "this browser": its cookie.
    const registered = await fetch(`${server.baseUrl}/api/v1/events/domain-stacks-summit/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ola Online',
        email: 'ola@example.org',
        attendanceMode: 'remote',
        answers: { q1: 'Geosciences' },
      }),
    })
    const { status, manageUrl } = (await registered.json()) as { status: string; manageUrl: string }
    expect(status).toBe('confirmed')
    const opened = await fetch(manageUrl.replace(/^https?:\/\/[^/]+/, server.baseUrl), { redirect: 'manual' })
    const cookie = opened.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ')
    expect(cookie).not.toBe('')

    const ownNote = await noteIdAt(server.baseUrl, '/events/domain-stacks-summit/notes', cookie)
    const own = await connected(connectLive(server.baseUrl, ownNote, { cookie }))
    expect(await own.welcome).toMatchObject({ name: 'Ola Online', canWrite: true })
    own.change((t) => t.insert(0, 'Ola was here. '))
    await expect.poll(() => own.acked()).toBe(own.sent())
    own.close()

    // Another event's notes: public ones she may follow, not write; hidden ones do not exist for her.
    const other = await connected(connectLive(server.baseUrl, publicNote, { cookie }))
    expect(await other.welcome).toMatchObject({ canWrite: false })
    other.change((t) => t.insert(0, 'Ola elsewhere. '))
    expect((await other.closed).code).toBe(CloseCode.readOnly)
    expect(await refusal(connectLive(server.baseUrl, hiddenNote, { cookie }))).toEqual({
      status: 404,
      body: 'There are no notes here.\n',
    })
    await stillServing()
  })

  it('answers 403 to an upgrade from another site, even with the organizer’s cookie', async () => {
    const refused = await refusal(
      connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie, origin: 'https://evil.example' }),
    )
    expect(refused.status).toBe(403)
    expect(refused.body).toMatch(/another site/)
    await stillServing()
  })

  it('lets a visitor follow public notes read-only, and closes with 4403 when they write', async () => {
    const writer = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    writer.change((t) => t.insert(0, 'organizer was here. '))
    await expect.poll(() => writer.acked()).toBe(writer.sent())

    const follower = await connected(connectLive(server.baseUrl, publicNote))
    expect(await follower.welcome).toMatchObject({ canWrite: false, name: 'Guest' })
    expect((await follower.welcome).readOnlyReason).toMatch(/Only the organizers and confirmed attendees/)
    expect(follower.text()).toContain('organizer was here. ')
    // It follows what others type.
    writer.change((t) => t.insert(0, 'more. '))
    await expect.poll(() => follower.text()).toContain('more. organizer was here.')

    follower.change((t) => t.insert(0, 'vandal '))
    const closed = await follower.closed
    expect(closed.code).toBe(CloseCode.readOnly)
    // The close says it short (a close reason holds 123 bytes); the page shows the welcome's reason in full.
    expect(closed).toEqual({ code: CloseCode.readOnly, reason: 'These notes are read-only for you.' })
    // Nothing of it reached anyone.
    const check = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    expect(check.text()).not.toContain('vandal')
    check.close()
    writer.close()
    await stillServing()
  })

  it('refuses the organizer’s writes on locked notes (read-only welcome, 4403)', async () => {
    const client = await connected(connectLive(server.baseUrl, lockedNote, { cookie: organizer.cookie }))
    const welcome = await client.welcome
    expect(welcome.canWrite).toBe(false)
    expect(welcome.readOnlyReason).toMatch(/locked/)
    client.change((t) => t.insert(0, 'edit while locked'))
    const closed = await client.closed
    expect(closed).toEqual({ code: CloseCode.readOnly, reason: 'These notes are read-only for you.' })
    const check = await connected(connectLive(server.baseUrl, lockedNote, { cookie: organizer.cookie }))
    expect(check.text()).not.toContain('edit while locked')
    check.close()
    await stillServing()
  })

  it('closes a 2 MB change with 4413 and a reason, and goes on serving', async () => {
    const client = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    client.change((t) => t.insert(0, 'x'.repeat(2 * 1024 * 1024)))
    const closed = await client.closed
    expect(closed.code).toBe(CloseCode.tooLarge)
    expect(closed.reason).toMatch(/too large/)
    const check = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    expect(check.text()).not.toContain('xxxxxxxx')
    check.close()
    await stillServing()
  })

  it('closes a flood of updates with 4429, and goes on serving', async () => {
    const client = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    for (let i = 0; i < MAX_UPDATE_BURST + 50; i++) client.change((t) => t.insert(0, '.'))
    const closed = await client.closed
    expect(closed.code).toBe(CloseCode.tooManyUpdates)
    expect(closed.reason).toMatch(/Too many changes/)
    await stillServing()
  })

  it('closes a change Yjs cannot read with 4400, stores nothing of it, and the note still opens', async () => {
    const crafty = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    const before = crafty.text()
    // Sync framing (message 0, update 2) around bytes that are no Yjs update.
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    encoding.writeVarUint(encoder, 2)
    encoding.writeVarUint8Array(encoder, new Uint8Array([1, 1, 5, 0, 4, 9, 9, 9, 9, 9]))
    crafty.socket.send(encoding.toUint8Array(encoder))
    expect(await crafty.closed).toEqual({ code: CloseCode.badMessage, reason: 'This change is not a Yjs update.' })
    const next = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    expect(next.text()).toBe(before)
    next.close()
    await stillServing()
  })

  it('closes a flood of cursor moves with 4429, and an oversized cursor state with 4413', async () => {
    const awarenessFrame = (awareness: Awareness) =>
      frame(MessageType.awareness, encodeAwarenessUpdate(awareness, [awareness.clientID]))
    const flooder = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    const cursor = new Awareness(flooder.doc)
    for (let i = 0; i < MAX_UPDATE_BURST + 50; i++) {
      cursor.setLocalStateField('user', { name: 'Demo Organizer', color: '#1f77b4', colorLight: '#1f77b433', i })
      flooder.socket.send(awarenessFrame(cursor))
    }
    expect(await flooder.closed).toEqual({ code: CloseCode.tooManyUpdates, reason: expect.stringMatching(/cursor/) })
    cursor.destroy()

    const bloater = await connected(connectLive(server.baseUrl, publicNote, { cookie: organizer.cookie }))
    const big = new Awareness(bloater.doc)
    big.setLocalStateField('user', { name: 'Demo Organizer', color: '#1f77b4', colorLight: 'x'.repeat(20_000) })
    bloater.socket.send(awarenessFrame(big))
    expect(await bloater.closed).toEqual({ code: CloseCode.tooLarge, reason: expect.stringMatching(/too large/) })
    big.destroy()
    await stillServing()
  })
})

describe('two people typing on the shared server', () => {
  it('converge on the same text, every change acknowledged', async () => {
    const baseUrl = inject('baseUrl')
    const organizer = await logInAsDemoOrganizer(baseUrl)
    const noteId = await noteIdAt(baseUrl, '/events/domain-stacks-summit/notes', organizer.cookie)
    const [alice, bob] = await Promise.all([
      connected(connectLive(baseUrl, noteId, { cookie: organizer.cookie })),
      connected(connectLive(baseUrl, noteId, { cookie: organizer.cookie })),
    ])
    const run = randomBytes(3).toString('hex')
    await Promise.all([typeMarkers(alice, `a${run}-`, 20), typeMarkers(bob, `b${run}-`, 20)])
    await expect.poll(() => alice.acked(), { timeout: 10_000 }).toBe(alice.sent())
    await expect.poll(() => bob.acked(), { timeout: 10_000 }).toBe(bob.sent())
    expect(alice.sent()).toBe(21) // the sync step 2 and 20 changes
    await expect.poll(() => alice.text(), { timeout: 5_000 }).toBe(bob.text())
    const mine = markers(alice.text()).filter((m) => m.includes(run))
    expect(mine).toHaveLength(40)
    expect(new Set(mine).size).toBe(40)
    alice.close()
    bob.close()
  })
})

describe('a server killed (SIGKILL) while two people type', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-live-kill-'))
  let drop = async () => {}
  let env: NodeJS.ProcessEnv
  let server: Server | undefined

  beforeAll(async () => {
    ;({ env, drop } = await serverEnv(dataDir))
  })
  afterAll(async () => {
    await server?.stop()
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps every acknowledged change, none twice, after a restart on the same database', async () => {
    server = await startConveneServer(env)
    const organizer = await logInAsDemoOrganizer(server.baseUrl)
    const notesPath = '/events/sparse-array-summit/notes'
    const noteId = await noteIdAt(server.baseUrl, notesPath, organizer.cookie)
    const [alice, bob] = await Promise.all([
      connected(connectLive(server.baseUrl, noteId, { cookie: organizer.cookie })),
      connected(connectLive(server.baseUrl, noteId, { cookie: organizer.cookie })),
    ])
    const typing = Promise.all([typeMarkers(alice, 'a', 1000), typeMarkers(bob, 'b', 1000)])
    await expect
      .poll(() => Math.min(ackedLabels(alice).length, ackedLabels(bob).length), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(15)

    const exited = new Promise((resolve) => server!.child.once('exit', resolve))
    server.child.kill('SIGKILL')
    await exited
    await typing // each stops once its socket is closed
    await Promise.all([alice.closed, bob.closed])
    const acknowledged = [...ackedLabels(alice), ...ackedLabels(bob)]
    expect(acknowledged.length).toBeGreaterThanOrEqual(30)

    server = await startConveneServer(env)
    const again = await logInAsDemoOrganizer(server.baseUrl)
    const reader = await connected(connectLive(server.baseUrl, noteId, { cookie: again.cookie }))
    const stored = markers(reader.text())
    for (const label of acknowledged) expect(stored).toContain(label)
    expect(stored.length).toBe(new Set(stored).size)
    // Nothing appears that was never typed.
    const typed = new Set([...alice.labels, ...bob.labels])
    for (const marker of stored) expect(typed.has(marker)).toBe(true)
    reader.close()
  }, 120_000)
})

describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-live-two-'))
  let drop = async () => {}
  const servers: Server[] = []

  beforeAll(async () => {
    const { env, drop: dropDatabase } = await serverEnv(dataDir)
    drop = dropDatabase
    // One after the other: the first migrates and seeds the demo, the second finds it done.
    servers.push(await startConveneServer(env))
    servers.push(await startConveneServer(env))
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('one client on each: both edit, both converge within a second of the last ack', async () => {
    const [one, two] = servers as [Server, Server]
    const loginOne = await logInAsDemoOrganizer(one.baseUrl)
    const loginTwo = await logInAsDemoOrganizer(two.baseUrl)
    const noteId = await noteIdAt(one.baseUrl, '/events/api-dispatching-summit/notes', loginOne.cookie)
    expect(await noteIdAt(two.baseUrl, '/events/api-dispatching-summit/notes', loginTwo.cookie)).toBe(noteId)
    const alice = await connected(connectLive(one.baseUrl, noteId, { cookie: loginOne.cookie }))
    const bob = await connected(connectLive(two.baseUrl, noteId, { cookie: loginTwo.cookie }))
    await Promise.all([typeMarkers(alice, 'a', 15), typeMarkers(bob, 'b', 15)])
    await expect.poll(() => alice.acked(), { timeout: 10_000 }).toBe(alice.sent())
    await expect.poll(() => bob.acked(), { timeout: 10_000 }).toBe(bob.sent())
    await expect
      .poll(() => alice.text() === bob.text() && markers(alice.text()).length === 30, { timeout: 1000 })
      .toBe(true)
    expect(new Set(markers(alice.text())).size).toBe(30)
    alice.close()
    bob.close()
  })
})
