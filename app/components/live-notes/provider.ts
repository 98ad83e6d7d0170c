import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import type * as Y from 'yjs'
import {
  CloseCode,
  FINAL_CLOSE_CODES,
  MessageType,
  liveNotePath,
  reconnectDelayMs,
  type LiveNoteUser,
  type LiveNoteWelcome,
} from '~/models/notes/live-protocol'

export type LiveNoteState = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused'

export type LiveNoteStatus = {
  state: LiveNoteState
  /** The words for the page's status line. */
  message: string
  /** With 'refused': the close code, so the page can tell a final refusal from a refused change. */
  code?: number
  /** Why the server let this connection only follow, when it did (the welcome's reason). */
  readOnlyReason?: string
}

/** The note's WebSocket on this page's origin (ws: beside http:, wss: beside https:). */
export function liveNoteUrl(noteId: number): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}${liveNotePath(noteId)}`
}

const REFUSALS: Record<number, string> = {
  [CloseCode.readOnly]: 'These notes can no longer be edited here.',
  [CloseCode.accessChanged]: 'What you may do with these notes has changed.',
  [CloseCode.tooLarge]: 'That change would make the notes larger than 1 MB, so it was not saved.',
}

/**
 * Keeps a Y.Doc in step with the server's room of one note, over y-protocols' sync and awareness messages plus
 * Convene's ack and welcome (app/models/notes/live-protocol.ts). Ours rather than y-websocket's provider because
 * the protocol needs what that one lacks: "saved" means stored in the database (the server's ack), reconnects
 * are jittered, and some close codes mean "do not come back".
 *
 * Remote changes are applied with the provider as their transaction origin, which is how the doc's update handler
 * tells them from local edits: only the latter are sent, so nothing echoes back to the server.
 */
export class LiveNoteProvider {
  readonly awareness: Awareness
  /** The server's welcome on the current (or last) connection; null until the first one arrives. */
  welcome: LiveNoteWelcome | null = null

  private socket: WebSocket | null = null
  private status: LiveNoteStatus = { state: 'connecting', message: 'Connecting…' }
  private readonly listeners = new Set<(status: LiveNoteStatus) => void>()
  private attempt = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined
  /** Sync step 2 and update messages sent on this connection, and how many of them the server has stored. */
  private sent = 0
  private acked = 0
  /** The welcome has arrived on this connection: the server now reads what we send (see connect). */
  private welcomed = false
  /** The server's sync step 2 has arrived on this connection: the doc holds everything the server has. */
  private synced = false
  /** …on any connection so far. Until then the doc is empty, and no editor should show it. */
  private everSynced = false
  /** A connection was lost (or never made) since the last sync: waiting is then "offline", not "connecting". */
  private lost = false
  /** Whether our awareness state (a `user`) is out there, so leaving is announced only by someone who came. */
  private published = false
  /** No more connections: refused for good, or destroyed. */
  private stopped = false
  private destroyed = false

  constructor(readonly doc: Y.Doc, private readonly url: string) {
    this.awareness = new Awareness(doc)
    doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
    window.addEventListener('online', this.onOnline)
    window.addEventListener('offline', this.onOffline)
    this.connect()
  }

  getStatus(): LiveNoteStatus {
    return this.status
  }

  /** Calls `listener` on every change of status; returns the function that stops it. */
  onStatus(listener: (status: LiveNoteStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Whether the server has sent everything it has at least once. */
  get hasSynced(): boolean {
    return this.everSynced
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.stopped = true
    clearTimeout(this.reconnectTimer)
    window.removeEventListener('online', this.onOnline)
    window.removeEventListener('offline', this.onOffline)
    // Announce leaving while the socket is still open, so the others' "here now" lists drop us at once rather than
    // when the server notices the close.
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'destroy')
    this.doc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.closeSocket()
    this.awareness.destroy()
    this.listeners.clear()
  }

  private connect(): void {
    if (this.stopped || this.socket) return
    clearTimeout(this.reconnectTimer)
    const socket = new WebSocket(this.url)
    socket.binaryType = 'arraybuffer'
    this.socket = socket
    this.sent = 0
    this.acked = 0
    this.welcomed = false
    this.synced = false
    // Nothing is sent on open: the server attaches its message handler only once the note is loaded, and says so
    // with the welcome, which it always sends first. What came before would be lost (onWelcome starts the sync).
    socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
      if (this.socket === socket) this.receive(new Uint8Array(event.data))
    }
    socket.onclose = (event) => {
      if (this.socket === socket) this.onClose(event.code, event.reason)
    }
  }

  private closeSocket(): void {
    const socket = this.socket
    if (!socket) return
    this.socket = null
    socket.onmessage = socket.onclose = null
    socket.close()
  }

  private onClose(code: number, reason: string): void {
    this.socket = null
    this.welcomed = false
    this.synced = false
    // Nobody's cursor is current without the server; it sends them all again on the next connection.
    const others = [...this.awareness.getStates().keys()].filter((client) => client !== this.doc.clientID)
    removeAwarenessStates(this.awareness, others, this)
    if (this.stopped) return
    if (FINAL_CLOSE_CODES.has(code) || code === CloseCode.tooLarge) {
      // A final refusal: coming back would be refused again (or, after tooLarge, would send the refused change
      // again in our sync step 2). The page decides what next.
      this.stopped = true
      // Nor is this page "here" any more, in its own list.
      removeAwarenessStates(this.awareness, [this.doc.clientID], this)
      window.removeEventListener('online', this.onOnline)
      window.removeEventListener('offline', this.onOffline)
      this.setStatus({ state: 'refused', message: reason || REFUSALS[code] || 'The server refused the notes.', code })
      return
    }
    this.lost = true
    this.updateStatus()
    // Without a network every try fails at once: wait for 'online' instead. (onLine is unreliable only when true.)
    if (!navigator.onLine) return
    this.reconnectTimer = setTimeout(() => this.connect(), reconnectDelayMs(this.attempt++))
  }

  private readonly onOnline = () => {
    // The network is back: try now rather than at the end of a backoff that may be 30 s long.
    if (this.socket || this.stopped) return
    this.attempt = 0
    this.connect()
  }

  private readonly onOffline = () => {
    // An open socket can take minutes to notice that the network has gone; the page should say so at once. The
    // close brings the usual reconnect, and 'online' cuts its wait short.
    if (this.socket) {
      this.closeSocket()
      this.onClose(1000, '')
    }
  }

  private receive(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.sync: {
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MessageType.sync)
        const received = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this)
        if (received === syncProtocol.messageYjsSyncStep1) {
          // The server's state vector: answer with everything it lacks (edits made while offline among them).
          this.send(encoding.toUint8Array(encoder), true)
        } else if (received === syncProtocol.messageYjsSyncStep2) {
          this.synced = true
          this.everSynced = true
          this.lost = false
          this.attempt = 0
        }
        break
      }
      case MessageType.awareness:
        applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this)
        break
      case MessageType.ack:
        this.acked = Math.max(this.acked, decoding.readVarUint(decoder))
        break
      case MessageType.welcome:
        this.onWelcome(JSON.parse(decoding.readVarString(decoder)) as LiveNoteWelcome)
        break
    }
    this.updateStatus()
  }

  private onWelcome(welcome: LiveNoteWelcome): void {
    this.welcome = welcome
    this.welcomed = true
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    this.send(encoding.toUint8Array(encoder), false)
    // Then who we are, which also tells the others again after a lost connection (they dropped us when it went).
    if (welcome.canWrite) {
      const user: LiveNoteUser = { name: welcome.name, color: welcome.color, colorLight: `${welcome.color}33` }
      // Not setLocalStateField: that does nothing on a null state, which a follower who may now write still has.
      this.awareness.setLocalState({ ...this.awareness.getLocalState(), user })
    } else {
      // Followers who may not write publish nothing: no name in the others' lists, no cursor in their editors.
      this.awareness.setLocalState(null)
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeUpdate(encoder, update)
    this.send(encoding.toUint8Array(encoder), true)
    this.updateStatus()
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    // Only our own state goes out; the others' came from the server (or were dropped by us on a close).
    if (origin === this) return
    const self = this.doc.clientID
    if (![...added, ...updated, ...removed].includes(self)) return
    const state = this.awareness.getLocalState()
    if (state?.user) {
      this.published = true
      this.sendAwareness([self])
    } else if (state === null && this.published) {
      this.published = false
      this.sendAwareness([self])
    }
  }

  private sendAwareness(clients: number[]): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.awareness)
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(this.awareness, clients))
    this.send(encoding.toUint8Array(encoder), false)
  }

  /**
   * Sends on a socket the server has welcomed; `counted` for the messages it acknowledges once stored. A change
   * made before (offline, or while connecting) is not lost: it goes in the sync step 2 that answers the server's
   * step 1.
   */
  private send(message: Uint8Array, counted: boolean): void {
    const socket = this.socket
    if (!socket || !this.welcomed || socket.readyState !== WebSocket.OPEN) return
    socket.send(message)
    if (counted) this.sent++
  }

  private updateStatus(): void {
    if (this.stopped) return
    const writer = this.welcome?.canWrite !== false
    if (this.synced) {
      if (this.acked < this.sent) this.setStatus({ state: 'saving', message: 'Saving…' })
      else if (writer) this.setStatus({ state: 'saved', message: 'All changes saved' })
      else {
        const readOnlyReason = this.welcome?.readOnlyReason ?? 'These notes are read-only.'
        this.setStatus({ state: 'saved', message: 'Up to date', readOnlyReason })
      }
    } else if (this.lost) {
      this.setStatus({
        state: 'offline',
        message: writer
          ? 'Offline — your changes are kept and will be sent when the connection is back'
          : 'Offline — the notes will update when the connection is back',
      })
    } else {
      this.setStatus({ state: 'connecting', message: 'Connecting…' })
    }
  }

  private setStatus(status: LiveNoteStatus): void {
    const now = this.status
    if (status.state === now.state && status.message === now.message && status.readOnlyReason === now.readOnlyReason) {
      return
    }
    this.status = status
    for (const listener of this.listeners) listener(status)
  }
}
