import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { eventWorklogId, listNoteRevisions } from '~/models/notes/notes.server'
import { LiveNoteRooms } from '../../server/live-notes/rooms'
import { makeEvent, makeUser } from '../support/factories'
import { connectLive, type LiveClient } from '../support/live-notes-client'

// When the rooms cut revisions from live editing (server/live-notes/rooms.ts), with short timings, on the real
// database. The WebSocket is served without the upgrade's guard (tests/browser/live-notes-server.test.ts covers
// it): every connection here is Ada's, who may write.

let server: Server
let baseUrl: string
let organizerId: number
const rooms = new LiveNoteRooms({ idleCutMs: 150, continuousCutMs: 600 })
const clients: LiveClient[] = []

beforeAll(async () => {
  organizerId = (await makeUser()).id
  server = createServer()
  const sockets = new WebSocketServer({ server })
  sockets.on('connection', (socket, req) => {
    const noteId = Number(req.url?.split('/').at(-1))
    void rooms.join(socket, { noteId, name: 'Ada', color: '#1f77b4', canWrite: true })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const client of clients) client.close()
  await rooms.stop()
  await new Promise((resolve) => server.close(resolve))
})

async function openNote(): Promise<{ noteId: number; client: LiveClient }> {
  const noteId = await eventWorklogId((await makeEvent(organizerId)).id)
  const client = await connectLive(baseUrl, noteId)
  clients.push(client)
  await client.synced
  return { noteId, client }
}

async function typeAndWait(client: LiveClient, text: string) {
  client.change((t) => t.insert(t.length, text))
  await expect.poll(() => client.acked()).toBe(client.sent())
}

describe('live note rooms', () => {
  it('cut a revision once nobody has typed for a while, with the editor still there', async () => {
    const { noteId, client } = await openNote()
    await typeAndWait(client, 'Decided: ship it.')
    await expect.poll(() => listNoteRevisions(noteId), { timeout: 5_000 }).toHaveLength(1)
    expect((await listNoteRevisions(noteId))[0]).toMatchObject({ number: 1, author_name: 'Ada' })
    expect(client.socket.readyState).toBe(client.socket.OPEN)
  })

  it('cut revisions during continuous typing, before it pauses', async () => {
    const { noteId, client } = await openNote()
    // Each keystroke waits for its acknowledgement, well within the idle time: the typing never pauses long
    // enough for an idle cut, so a revision can only come from the continuous-typing rule.
    const started = performance.now()
    let typed = 0
    while ((await listNoteRevisions(noteId)).length === 0) {
      await typeAndWait(client, String(typed++ % 10))
      if (performance.now() - started > 10_000) throw new Error('no revision cut during 10 s of typing')
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(600)
  })

  it('cut the revision when the last editor leaves', async () => {
    const slow = new LiveNoteRooms({ idleCutMs: 60_000, continuousCutMs: 600_000 })
    const noteId = await eventWorklogId((await makeEvent(organizerId)).id)
    const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => sockets.once('listening', resolve))
    sockets.on('connection', (socket) => {
      void slow.join(socket, { noteId, name: 'Ben', color: '#d62728', canWrite: true })
    })
    const client = await connectLive(`http://127.0.0.1:${(sockets.address() as AddressInfo).port}`, noteId)
    await client.synced
    await typeAndWait(client, 'Minutes by Ben.')
    expect(await listNoteRevisions(noteId)).toHaveLength(0)
    client.close()
    await expect.poll(() => listNoteRevisions(noteId), { timeout: 5_000 }).toHaveLength(1)
    expect((await listNoteRevisions(noteId))[0]).toMatchObject({ author_name: 'Ben' })
    await slow.stop()
    await new Promise((resolve) => sockets.close(resolve))
  })
})
