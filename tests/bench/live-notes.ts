/**
 * "live notes": BENCH_NOTES_EDITORS (30) editors on one note, each typing BENCH_NOTES_RATE (5) characters a second
 * for BENCH_NOTES_SECONDS (30), through Convene's live notes WebSocket, beside a bare `ws` relay (every message
 * forwarded to the others, nothing stored) with the same clients, A then B. Prints the propagation latency (from
 * a keystroke's update being sent to its arrival in each other editor's document, p50 and p99), the latency of
 * the acknowledgement (stored in the database), the server's CPU, and its memory with the note open. Checks that
 * every editor, and the stored document, ends with the same text.
 *
 * The editors all run in this process (one Yjs document each): at 150 keystrokes a second fanned out to 29 others
 * that is ~4,400 updates a second to apply here, far from what one event loop can do, and the same for both
 * sides.
 */
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { connectLive, logInAsDemoOrganizer, noteIdAt, type LiveClient } from '../support/live-notes-client'
import { number, type SummaryRow } from './compare'
import { createBenchDatabase, prepareData } from './database'
import {
  cleanupOnInterrupt,
  figure,
  note,
  positiveIntFromEnv,
  yesNo,
  type BenchSection,
  type SectionResult,
} from './section'
import { startServer } from './server'

const DAY_MS = 24 * 60 * 60 * 1000

/** A relay that stores nothing: each binary message to every other socket. Plain JavaScript, run with `eval`. */
const RELAY_SOURCE = `
const { WebSocketServer } = require('ws')
const { parentPort } = require('node:worker_threads')
const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false })
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const other of server.clients) if (other !== socket && other.readyState === 1) other.send(data, { binary: isBinary })
  })
})
server.on('listening', () => parentPort.postMessage({ port: server.address().port }))
`

type Editor = { doc: Y.Doc; send: (update: Uint8Array) => void; close: () => void }

type Measured = { latencies: number[]; ackLatencies: number[]; texts: string[] }

/** When each inserted item (client id, clock) was sent, so that its arrival elsewhere can be timed. */
class SendTimes {
  private readonly times = new Map<string, number>()
  record(update: Uint8Array, at: number) {
    for (const struct of Y.decodeUpdate(update).structs) this.times.set(`${struct.id.client}:${struct.id.clock}`, at)
  }
  arrived(update: Uint8Array, at: number, into: number[]) {
    for (const struct of Y.decodeUpdate(update).structs) {
      const sent = this.times.get(`${struct.id.client}:${struct.id.clock}`)
      if (sent !== undefined) into.push(at - sent)
    }
  }
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const ms = (value: number) => `${number(value, 1)} ms`

/** Types `rate` characters a second into each editor for `seconds`, each at the end of a line of its own. */
async function type(editors: Editor[], rate: number, seconds: number) {
  const lines = editors.map((_editor, i) => `editor ${i}: `)
  editors.forEach((editor, i) => {
    const text = editor.doc.getText('markdown')
    if (i === 0) text.insert(text.length, lines.map((line) => `${line}\n`).join(''))
  })
  // Wait until every editor has every line (the first editor's insert went to all).
  await until(() =>
    editors.every((e) =>
      e.doc
        .getText('markdown')
        .toString()
        .includes(`editor ${editors.length - 1}: `),
    ),
  )
  const deadline = performance.now() + seconds * 1000
  const interval = 1000 / rate
  await Promise.all(
    editors.map(async (editor, i) => {
      const text = editor.doc.getText('markdown')
      let typed = 0
      // Spread the editors over one interval, as people do not type in step.
      await pause((interval * i) / editors.length)
      while (performance.now() < deadline) {
        const content = text.toString()
        const at = content.indexOf(lines[i]!) + lines[i]!.length + typed
        text.insert(at, String.fromCharCode(97 + (typed % 26)))
        typed++
        await pause(interval)
      }
    }),
  )
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `condition` every 20 ms, up to 30 s. */
async function until(condition: () => boolean, timeoutMs = 30_000) {
  const started = performance.now()
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting for the editors to converge')
    await pause(20)
  }
}

function cpuSeconds(pid: number): number {
  // utime + stime, in clock ticks (100 a second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!
  return Number(line.replace(/\D/g, '')) * 1024
}

async function convene(
  baseUrl: string,
  noteId: number,
  cookie: string,
  count: number,
): Promise<{ editors: Editor[]; clients: LiveClient[]; measured: Measured }> {
  const measured: Measured = { latencies: [], ackLatencies: [], texts: [] }
  const times = new SendTimes()
  const clients = await Promise.all(Array.from({ length: count }, () => connectLive(baseUrl, noteId, { cookie })))
  await Promise.all(clients.map((c) => c.synced))
  const editors = clients.map((client) => {
    const sentAt: number[] = []
    client.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const now = performance.now()
      if (origin === 'server') times.arrived(update, now, measured.latencies)
      else {
        times.record(update, now)
        sentAt.push(now)
      }
    })
    let acked = client.acked()
    client.socket.on('message', () => {
      const now = performance.now()
      // The step 2 of the connection was acknowledged before typing began; each further ack covers sends.
      while (acked < client.acked()) {
        acked++
        const sent = sentAt[acked - 2]
        if (sent !== undefined) measured.ackLatencies.push(now - sent)
      }
    })
    return { doc: client.doc, send: () => {}, close: () => client.close() }
  })
  return { editors, clients, measured }
}

async function bareRelay(baseUrl: string, count: number): Promise<{ editors: Editor[]; measured: Measured }> {
  const measured: Measured = { latencies: [], ackLatencies: [], texts: [] }
  const times = new SendTimes()
  const editors = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Editor>((resolve, reject) => {
          const socket = new WebSocket(baseUrl, { perMessageDeflate: false })
          const doc = new Y.Doc()
          const send = (update: Uint8Array) => {
            const encoder = encoding.createEncoder()
            encoding.writeVarUint(encoder, 0)
            syncProtocol.writeUpdate(encoder, update)
            socket.send(encoding.toUint8Array(encoder))
          }
          doc.on('update', (update: Uint8Array, origin: unknown) => {
            const now = performance.now()
            if (origin === 'relay') times.arrived(update, now, measured.latencies)
            else {
              times.record(update, now)
              send(update)
            }
          })
          socket.on('message', (data: Buffer) => {
            const decoder = decoding.createDecoder(new Uint8Array(data))
            decoding.readVarUint(decoder)
            syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'relay')
          })
          socket.once('error', reject)
          socket.once('open', () => resolve({ doc, send, close: () => socket.close() }))
        }),
    ),
  )
  return { editors, measured }
}

function startRelay(): Promise<{ url: string; worker: Worker; stop: () => Promise<void> }> {
  const worker = new Worker(RELAY_SOURCE, { eval: true })
  const stop = async () => {
    forget()
    await worker.terminate()
  }
  const forget = cleanupOnInterrupt(stop)
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('message', (message: { port: number }) =>
      resolve({ url: `ws://127.0.0.1:${message.port}`, worker, stop }),
    )
  })
}

async function run(): Promise<SectionResult> {
  const count = positiveIntFromEnv('BENCH_NOTES_EDITORS', 30)
  const rate = positiveIntFromEnv('BENCH_NOTES_RATE', 5)
  const seconds = positiveIntFromEnv('BENCH_NOTES_SECONDS', 30)
  const openNotes = positiveIntFromEnv('BENCH_NOTES_OPEN', 50)
  const database = await createBenchDatabase()
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined
  try {
    figure('database', `${database.kind} (${database.description})`)
    figure('editors × keystrokes', `${count} editors × ${rate} characters a second × ${seconds} s, on one note`)
    await prepareData(database, async ({ createUser, createEvent, EventInputSchema }) => {
      // The demo organizer's account (db/seed/demo.ts, not imported: app modules must load after prepareData).
      const organizer = await createUser({
        email: 'organizer@example.org',
        name: 'Demo Organizer',
        password: 'convene-demo',
      })
      const now = Date.now()
      // One event for the 30 editors, and `openNotes` more whose worklogs are opened at once for the memory figure.
      for (const slug of ['live-notes-bench', ...Array.from({ length: openNotes }, (_n, i) => `live-notes-open-${i}`)])
        await createEvent(
          EventInputSchema.parse({
            slug,
            title: 'Live notes bench',
            timeZone: 'UTC',
            startsAt: new Date(now + DAY_MS).toISOString(),
            endsAt: new Date(now + 2 * DAY_MS).toISOString(),
            status: 'published',
            locationKind: 'online',
            onlineUrl: 'https://meet.example.org/bench',
          }),
          organizer.id,
        )
    })
    server = await startServer(database)
    const { cookie } = await logInAsDemoOrganizer(server.baseUrl)
    const noteId = await noteIdAt(server.baseUrl, '/events/live-notes-bench/notes', cookie)
    const pid = server.pid
    const rssBefore = rssBytes(pid)

    // A: Convene.
    const a = await convene(server.baseUrl, noteId, cookie, count)
    const rssOpen = rssBytes(pid)
    const cpuBefore = cpuSeconds(pid)
    const started = performance.now()
    await type(a.editors, rate, seconds)
    await until(() => a.clients.every((c) => c.acked() === c.sent()))
    await until(() => new Set(a.editors.map((e) => e.doc.getText('markdown').toString())).size === 1)
    const elapsed = (performance.now() - started) / 1000
    const cpu = cpuSeconds(pid) - cpuBefore
    const rssTyped = rssBytes(pid)
    const finalText = a.editors[0]!.doc.getText('markdown').toString()
    for (const editor of a.editors) editor.close()
    // What is stored, read by a fresh editor once everyone left.
    const check = await connectLive(server.baseUrl, noteId, { cookie })
    await check.synced
    const stored = check.text()
    check.close()
    const converged = stored === finalText
    const keystrokes = a.measured.ackLatencies.length

    // Memory: `openNotes` notes open at once, each with one editor and a text the size the typing left.
    const otherIds = await Promise.all(
      Array.from({ length: openNotes }, (_n, i) =>
        noteIdAt(server!.baseUrl, `/events/live-notes-open-${i}/notes`, cookie),
      ),
    )
    const rssClosed = rssBytes(pid)
    const open = await Promise.all(otherIds.map((id) => connectLive(server!.baseUrl, id, { cookie })))
    await Promise.all(open.map((c) => c.synced))
    for (const client of open) client.change((t) => t.insert(0, finalText))
    await until(() => open.every((c) => c.acked() === c.sent()))
    const perNote = (rssBytes(pid) - rssClosed) / openNotes
    for (const client of open) client.close()

    // B: the bare relay, same clients and typing.
    relay = await startRelay()
    const b = await bareRelay(relay.url, count)
    await type(b.editors, rate, seconds)
    await until(() => new Set(b.editors.map((e) => e.doc.getText('markdown').toString())).size === 1)
    for (const editor of b.editors) editor.close()

    const p = (values: number[], q: number) => percentile(values, q)
    figure(
      '  Convene: propagation p50 / p99',
      `${ms(p(a.measured.latencies, 50))} / ${ms(p(a.measured.latencies, 99))}`,
    )
    figure(
      '  bare ws relay: propagation p50 / p99',
      `${ms(p(b.measured.latencies, 50))} / ${ms(p(b.measured.latencies, 99))}`,
    )
    figure(
      '  Convene: stored and acknowledged p50 / p99',
      `${ms(p(a.measured.ackLatencies, 50))} / ${ms(p(a.measured.ackLatencies, 99))}`,
    )
    figure('  keystrokes acknowledged', `${number(keystrokes)} in ${number(elapsed, 1)} s`)
    figure(
      '  server CPU while typing',
      `${number((100 * cpu) / elapsed, 1)} % of one core (${number((1000 * cpu) / keystrokes, 2)} ms a keystroke)`,
    )
    const mb = (bytes: number) => `${bytes < 0 ? '−' : '+'}${number(Math.abs(bytes) / 1024 / 1024, 1)} MB`
    figure(
      '  server RSS: note open, after typing',
      `${mb(rssOpen - rssBefore)}, ${mb(rssTyped - rssBefore)} (${count} connections; garbage collection moves it)`,
    )
    figure(
      '  memory per open note',
      `${number(perNote / 1024)} KB (RSS growth over ${openNotes} notes open at once, one editor each, ` +
        `${number(finalText.length)} characters)`,
    )
    figure('  document', `${number(finalText.length)} characters`)
    figure('  every editor and the stored note agree', yesNo(converged))
    if (server.problems.length) {
      figure('server warnings/errors logged', server.problems.length)
      for (const line of server.problems.slice(0, 3)) note(`  ${line.slice(0, 300)}`)
    }
    const rows: SummaryRow[] = [
      {
        figure: 'live notes: propagation p50',
        convene: ms(p(a.measured.latencies, 50)),
        bare: ms(p(b.measured.latencies, 50)),
        target: '< 1 s',
        met: p(a.measured.latencies, 50) < 1000,
      },
      {
        figure: 'live notes: propagation p99',
        convene: ms(p(a.measured.latencies, 99)),
        bare: ms(p(b.measured.latencies, 99)),
        target: '< 1 s',
        met: p(a.measured.latencies, 99) < 1000,
      },
    ]
    return { ok: converged, rows }
  } finally {
    await relay?.stop()
    await server?.stop()
    await database.drop()
  }
}

export const liveNotes: BenchSection = { id: 'live-notes', name: 'live notes', run }
