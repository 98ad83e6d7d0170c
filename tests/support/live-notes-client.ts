import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { decode } from 'turbo-stream'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { liveNotePath, MessageType, type LiveNoteWelcome } from '~/models/notes/live-protocol'

// A live notes client as the browser's provider speaks the protocol (app/models/notes/live-protocol.ts), over a
// Node WebSocket, for tests of the server: once welcomed it syncs, sends every local change as one update message, and counts
// what the server acknowledged as stored.

export type Refusal = { status: number; body: string }

export type LiveClient = {
  doc: Y.Doc
  text: () => string
  welcome: Promise<LiveNoteWelcome>
  /** Resolves once the server's answer to our sync step 1 arrived. */
  synced: Promise<void>
  /** How many of our sync step 2 and update messages the server said it stored. */
  acked: () => number
  /** How many sync step 2 and update messages we sent. */
  sent: () => number
  /** Labels of the update messages, in the order sent (index i: message i + 1 of the connection). */
  labels: (string | undefined)[]
  closed: Promise<{ code: number; reason: string }>
  socket: WebSocket
  /** Makes a change, sent as one update message labelled `label`. */
  change: (change: (text: Y.Text) => void, label?: string) => void
  close: () => void
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Opens a live connection to note `noteId`; rejects with the HTTP answer when the upgrade is refused. */
export function connectLive(
  baseUrl: string,
  noteId: number,
  options: { cookie?: string; origin?: string } = {},
): Promise<LiveClient> {
  const url = `${baseUrl.replace(/^http/, 'ws')}${liveNotePath(noteId)}`
  const headers: Record<string, string> = { origin: options.origin ?? baseUrl }
  if (options.cookie) headers.cookie = options.cookie
  const socket = new WebSocket(url, { headers, perMessageDeflate: false })
  const doc = new Y.Doc()
  const labels: (string | undefined)[] = []
  let sent = 0
  let acked = 0
  let pendingLabel: string | undefined
  let resolveWelcome!: (welcome: LiveNoteWelcome) => void
  let resolveSynced!: () => void
  const welcome = new Promise<LiveNoteWelcome>((resolve) => (resolveWelcome = resolve))
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const sendCounted = (message: Uint8Array, label?: string) => {
    if (socket.readyState !== WebSocket.OPEN) return
    sent++
    labels.push(label)
    socket.send(message)
  }
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'server') return
    sendCounted(
      frame((e) => {
        encoding.writeVarUint(e, MessageType.sync)
        syncProtocol.writeUpdate(e, update)
      }),
      pendingLabel,
    )
  })
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.welcome) {
      // The server reads what a connection sends only once it has welcomed it (as the app's provider does).
      socket.send(
        frame((e) => {
          encoding.writeVarUint(e, MessageType.sync)
          syncProtocol.writeSyncStep1(e, doc)
        }),
      )
      return resolveWelcome(JSON.parse(decoding.readVarString(decoder)))
    }
    if (type === MessageType.ack) {
      acked = Math.max(acked, decoding.readVarUint(decoder))
      return
    }
    if (type !== MessageType.sync) return
    const reply = encoding.createEncoder()
    encoding.writeVarUint(reply, MessageType.sync)
    const kind = syncProtocol.readSyncMessage(decoder, reply, doc, 'server')
    if (kind === syncProtocol.messageYjsSyncStep1) sendCounted(encoding.toUint8Array(reply), 'step 2')
    if (kind === syncProtocol.messageYjsSyncStep2) resolveSynced()
  })
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => reject({ status: res.statusCode ?? 0, body } satisfies Refusal))
    })
    socket.once('error', reject)
    socket.once('open', () => {
      resolve({
        doc,
        text: () => doc.getText('markdown').toString(),
        welcome,
        synced,
        acked: () => acked,
        sent: () => sent,
        labels,
        closed,
        socket,
        change: (change, label) => {
          pendingLabel = label
          doc.transact(() => change(doc.getText('markdown')))
          pendingLabel = undefined
        },
        close: () => socket.close(),
      })
    })
  })
}

/** The refusal of an upgrade (the HTTP answer), or a failure when the connection was accepted. */
export async function refusal(connecting: Promise<LiveClient>): Promise<Refusal> {
  try {
    const client = await connecting
    client.close()
  } catch (thrown) {
    return thrown as Refusal
  }
  throw new Error('the connection was accepted')
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!)
}

/** The root and route data of a page, as the app's single fetch answers it. */
export async function pageData(
  baseUrl: string,
  path: string,
  cookie?: string,
): Promise<{
  status: number
  data: Record<string, { data?: Record<string, unknown> } | undefined>
  cookies: string[]
}> {
  const response = await fetch(`${baseUrl}${path}.data`, { headers: cookie ? { cookie } : {} })
  const decoded = await decode(response.body!)
  await decoded.done
  return {
    status: response.status,
    data: decoded.value as Record<string, { data?: Record<string, unknown> } | undefined>,
    cookies: cookiesOf(response),
  }
}

/** Logs the demo organizer in through the login form: the cookies to send (session and CSRF) and a CSRF token. */
export async function logInAsDemoOrganizer(baseUrl: string): Promise<{ cookie: string; csrf: string }> {
  const login = await pageData(baseUrl, '/login')
  const csrf = login.data.root!.data!.csrfToken as string
  const csrfCookie = login.cookies.find((c) => c.startsWith('convene_csrf='))!
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'organizer@example.org', password: 'convene-demo', csrf, redirectTo: '/admin' }),
  })
  if (response.status !== 302) throw new Error(`login answered ${response.status}: ${await response.text()}`)
  const cookie = [csrfCookie, ...cookiesOf(response)].join('; ')
  return { cookie, csrf }
}

/** The id of the note shown at `notesPath` (a session's /notes or an event's worklog). */
export async function noteIdAt(baseUrl: string, notesPath: string, cookie?: string): Promise<number> {
  const { data } = await pageData(baseUrl, notesPath, cookie)
  const route = Object.values(data).find((entry) => entry?.data?.notes)
  return (route!.data!.notes as { id: number }).id
}

/** Posts one of the organizers' buttons of the notes page (lock, visibility). */
export async function postNotesForm(
  baseUrl: string,
  notesPath: string,
  organizer: { cookie: string; csrf: string },
  fields: Record<string, string>,
): Promise<number> {
  const response = await fetch(`${baseUrl}${notesPath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: organizer.cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrf: organizer.csrf }),
  })
  await response.arrayBuffer()
  return response.status
}
