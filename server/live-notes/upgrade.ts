import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { requireLiveNote } from '~/access/notes.server'
import { LIVE_NOTE_PATH_PATTERN, MAX_MESSAGE_BYTES } from '~/models/notes/live-protocol'
import { logger } from '~/utils/logger.server'
import type { LiveNoteRooms } from './rooms'

// The live notes WebSocket, on the pages' own server and port: an upgrade of GET /collab/notes/:id. It is
// authorized as the notes pages are — the same cookies, through the same guard (requireLiveNote) — and refused
// with a plain HTTP answer before any WebSocket exists when the Origin is another site's or the guard says no.
// Other upgrades are not ours: in development Vite's HMR socket is on a port of its own.

/** ws closes a connection whose message passes this (1009) before we see it; smaller ones get our own reason. */
const HARD_PAYLOAD_LIMIT = 4 * MAX_MESSAGE_BYTES

function refuseUpgrade(socket: Duplex, status: number, message: string) {
  const body = `${message}\n`
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  )
}

function statusText(status: number): string {
  return { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error'
}

/** The host the browser addressed, as the pages' cross-origin check reads it (X-Forwarded-Host, else Host). */
function addressedHost(req: IncomingMessage): string | undefined {
  const forwarded = req.headers['x-forwarded-host']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  return first || req.headers.host
}

/** A browser always sends Origin with a WebSocket: one naming another host (or none at all) is refused. */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (!origin) return false
  try {
    return new URL(origin).host === addressedHost(req)
  } catch {
    return false
  }
}

function fetchRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else if (value !== undefined) headers.set(key, value)
  }
  return new Request(new URL(req.url ?? '/', `http://${addressedHost(req) ?? 'localhost'}`), { headers })
}

/** Serves live notes WebSockets on `server`. */
export function serveLiveNotes(server: Server, rooms: LiveNoteRooms): void {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: HARD_PAYLOAD_LIMIT, perMessageDeflate: false })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const path = (req.url ?? '').split('?')[0] ?? ''
    const match = LIVE_NOTE_PATH_PATTERN.exec(path)
    if (!match) return refuseUpgrade(socket, 404, 'There is no WebSocket at this address.')
    if (!isSameOrigin(req)) {
      return refuseUpgrade(socket, 403, 'This connection was opened from another site. Open the notes on Convene.')
    }
    void requireLiveNote(fetchRequest(req), Number(match[1]))
      .then((access) => {
        sockets.handleUpgrade(req, socket, head, (ws) => void rooms.join(ws, access))
      })
      .catch(async (thrown: unknown) => {
        if (thrown instanceof Response) return refuseUpgrade(socket, thrown.status, await thrown.text())
        logger.error({ err: thrown }, 'live notes: the connection could not be authorized')
        refuseUpgrade(socket, 503, 'The notes cannot be opened right now. Please try again in a few seconds.')
      })
  })
}
