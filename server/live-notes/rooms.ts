import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { RateLimiterMemory } from 'rate-limiter-flexible'
import type { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { appendLiveUpdate, cutLiveRevision, LIVE_TEXT, readLiveUpdates } from '~/models/notes/live-document.server'
import {
  CloseCode,
  MAX_AWARENESS_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_NOTE_BYTES,
  MAX_UPDATE_BURST,
  MessageType,
  UPDATES_PER_SECOND,
  type LiveNoteWelcome,
} from '~/models/notes/live-protocol'
import { logger } from '~/utils/logger.server'

// The live notes of this process: one room per note someone has open here, holding the note's Yjs document, the
// connections to it and their awareness (cursors, who is here). A change from a connection is stored first
// (appendLiveUpdate) and only then applied, broadcast and acknowledged, so nothing acknowledged is ever lost
// and nothing unstored is ever seen. Changes made through other processes arrive by NOTIFY (onNoteUpdated) and
// are read from the table. See docs/decisions/018-live-notes.md.

/** What the upgrade handler found the connection may do (app/access/notes.server.ts requireLiveNote). */
export type LiveNoteAccess = LiveNoteWelcome

export type RoomTimings = {
  /** A revision is cut once nobody has typed for this long… */
  idleCutMs: number
  /** …or after this long of continuous typing. */
  continuousCutMs: number
}

const DEFAULT_TIMINGS: RoomTimings = { idleCutMs: 2 * 60_000, continuousCutMs: 10 * 60_000 }

type Connection = {
  socket: WebSocket
  access: LiveNoteAccess
  /** This connection's sync step 2 and update messages stored so far (what the ack message counts). */
  stored: number
  /** The awareness client ids this connection published, removed when it leaves. */
  clientIds: Set<number>
  wrote: boolean
}

/** A message waiting to be stored and acknowledged; `update` null when it has nothing to store (acked in turn). */
type Pending = { connection: Connection; update: Uint8Array | null }

function send(connection: Connection, message: Uint8Array) {
  if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(message)
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/**
 * The awareness states in an update, as y-protocols encodes them, so that a connection can only publish itself:
 * a state naming anyone else is refused.
 */
function awarenessStates(update: Uint8Array): { clientId: number; state: unknown }[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const states: { clientId: number; state: unknown }[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    decoding.readVarUint(decoder) // clock
    states.push({ clientId, state: JSON.parse(decoding.readVarString(decoder)) as unknown })
  }
  return states
}

class Room {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** The newest seq applied to `doc`. */
  private seq = 0
  private pending: Pending[] = []
  private pendingBytes = 0
  private flushing: Promise<void> | undefined
  private catchingUp: Promise<void> | undefined
  private catchUpAgain = false
  private burstStartedAt: number | undefined
  private idleTimer: NodeJS.Timeout | undefined
  readonly ready: Promise<void>

  constructor(
    readonly noteId: number,
    private readonly timings: RoomTimings,
    private readonly onEmpty: (room: Room) => void,
  ) {
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const out = message((e) => {
        encoding.writeVarUint(e, MessageType.sync)
        syncProtocol.writeUpdate(e, update)
      })
      for (const connection of this.connections) if (connection !== origin) send(connection, out)
    })
    this.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const changed = [...added, ...updated, ...removed]
        if (origin && typeof origin === 'object' && 'clientIds' in origin) {
          const connection = origin as Connection
          for (const id of added) connection.clientIds.add(id)
          for (const id of removed) connection.clientIds.delete(id)
        }
        const out = message((e) => {
          encoding.writeVarUint(e, MessageType.awareness)
          encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
        })
        for (const connection of this.connections) send(connection, out)
      },
    )
    this.ready = this.catchUp()
  }

  /** `early`: what the socket sent while the room was loading, handled first. */
  join(socket: WebSocket, access: LiveNoteAccess, early: { data: Buffer; isBinary: boolean }[] = []) {
    const connection: Connection = { socket, access, stored: 0, clientIds: new Set(), wrote: false }
    this.connections.add(connection)
    const limiter = new RateLimiterMemory({ points: MAX_UPDATE_BURST, duration: MAX_UPDATE_BURST / UPDATES_PER_SECOND })
    const handle = (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.refuse(connection, CloseCode.badMessage, 'Live notes speak binary messages only.')
      void this.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), limiter)
    }
    socket.on('message', handle)
    socket.on('close', () => this.leave(connection))
    socket.on('error', () => socket.terminate())
    send(
      connection,
      message((e) => {
        encoding.writeVarUint(e, MessageType.welcome)
        encoding.writeVarString(e, JSON.stringify(access))
      }),
    )
    send(
      connection,
      message((e) => {
        encoding.writeVarUint(e, MessageType.sync)
        syncProtocol.writeSyncStep1(e, this.doc)
      }),
    )
    const others = [...this.awareness.getStates().keys()]
    if (others.length) {
      send(
        connection,
        message((e) => {
          encoding.writeVarUint(e, MessageType.awareness)
          encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, others))
        }),
      )
    }
    for (const { data, isBinary } of early) handle(data, isBinary)
  }

  private refuse(connection: Connection, code: number, reason: string) {
    logger.info({ noteId: this.noteId, code, reason }, 'live notes: connection refused')
    connection.socket.close(code, closeReason(reason))
  }

  private async receive(connection: Connection, data: Uint8Array, limiter: RateLimiterMemory) {
    if (data.byteLength > MAX_MESSAGE_BYTES) {
      return this.refuse(connection, CloseCode.tooLarge, 'That change is too large: notes hold up to 1 MB of text.')
    }
    let decoder: decoding.Decoder
    let type: number
    try {
      decoder = decoding.createDecoder(data)
      type = decoding.readVarUint(decoder)
    } catch {
      return this.refuse(connection, CloseCode.badMessage, 'This message is not of the live notes protocol.')
    }
    try {
      if (type === MessageType.sync) {
        const step = decoding.readVarUint(decoder)
        if (step === syncProtocol.messageYjsSyncStep1) {
          const stateVector = decoding.readVarUint8Array(decoder)
          send(
            connection,
            message((e) => {
              encoding.writeVarUint(e, MessageType.sync)
              syncProtocol.writeSyncStep2(e, this.doc, stateVector)
            }),
          )
          return
        }
        if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
          return this.refuse(connection, CloseCode.badMessage, 'This message is not of the live notes protocol.')
        }
        const update = decoding.readVarUint8Array(decoder)
        // Every client answers the server's step 1 with a step 2, usually with nothing new in it.
        if (isEmptyUpdate(update)) return this.queue(connection, null)
        if (!connection.access.canWrite) {
          // A follower's step 2 carries the deletions it has seen (Yjs always sends its whole delete set): those
          // add nothing and are not applied. Anything it inserted is a write, and refused.
          if (Y.decodeUpdate(update).structs.length === 0) return this.queue(connection, null)
          // The page shows the full reason from the welcome; the close says it short.
          return this.refuse(connection, CloseCode.readOnly, 'These notes are read-only for you.')
        }
        try {
          await limiter.consume('updates')
        } catch {
          return this.refuse(
            connection,
            CloseCode.tooManyUpdates,
            'Too many changes at once: slow down, then reconnect.',
          )
        }
        const length = this.doc.getText(LIVE_TEXT).length
        if (length + this.pendingBytes + update.byteLength > MAX_NOTE_BYTES + 64 * 1024) {
          return this.refuse(connection, CloseCode.tooLarge, 'That change is too large: notes hold up to 1 MB of text.')
        }
        // Stored updates are applied by every process that opens the note: one that Yjs cannot read must never
        // reach the table, or the note could not be opened again.
        if (!isReadableUpdate(update)) {
          return this.refuse(connection, CloseCode.badMessage, 'This change is not a Yjs update.')
        }
        this.pendingBytes += update.byteLength
        return this.queue(connection, update)
      }
      if (type === MessageType.awareness) {
        const update = decoding.readVarUint8Array(decoder)
        // Followers who may only read are not "here" as editors; and nobody may publish under another name.
        if (!connection.access.canWrite) return
        // Every awareness update is sent on to everyone in the room: held to a size and a rate of their own.
        if (update.byteLength > MAX_AWARENESS_BYTES) {
          return this.refuse(connection, CloseCode.tooLarge, 'That cursor state is too large.')
        }
        try {
          await limiter.consume('awareness')
        } catch {
          return this.refuse(connection, CloseCode.tooManyUpdates, 'Too many cursor moves at once: reconnecting.')
        }
        const states = awarenessStates(update)
        const impostor = states.some(({ state }) => {
          const user = (state as { user?: { name?: unknown } } | null)?.user
          return user !== undefined && user.name !== connection.access.name
        })
        if (impostor) return
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection)
        return
      }
      return this.refuse(connection, CloseCode.badMessage, 'This message is not of the live notes protocol.')
    } catch (error) {
      logger.warn({ err: error, noteId: this.noteId }, 'live notes: a message could not be read')
      return this.refuse(connection, CloseCode.badMessage, 'This message is not of the live notes protocol.')
    }
  }

  /**
   * Every sync step 2 and update message goes through the queue, those with nothing to store too: acks count a
   * connection's messages in the order sent, so none may be acknowledged before one sent earlier is stored.
   */
  private queue(connection: Connection, update: Uint8Array | null) {
    this.pending.push({ connection, update })
    this.flushing ??= this.flush()
  }

  /** Stores what is pending as one update, then applies, broadcasts and acknowledges it; again while more came. */
  private async flush(): Promise<void> {
    await this.ready
    while (this.pending.length) {
      const batch = this.pending.splice(0)
      this.pendingBytes = 0
      const changes = batch.filter((p): p is { connection: Connection; update: Uint8Array } => p.update !== null)
      try {
        if (changes.length) {
          const update = changes.length === 1 ? changes[0]!.update : Y.mergeUpdates(changes.map((p) => p.update))
          const names = [...new Set(changes.map((p) => p.connection.access.name))]
          const outcome = await appendLiveUpdate(this.noteId, update, names)
          if (!outcome.appended) {
            for (const { connection } of batch) {
              this.refuse(connection, CloseCode.accessChanged, 'These notes were locked: reload the page.')
            }
            continue
          }
          for (const { connection, update: one } of changes) {
            Y.applyUpdate(this.doc, one, connection)
            connection.wrote = true
          }
          if (outcome.seq === this.seq + 1) this.seq = outcome.seq
          else void this.catchUp()
          this.edited()
        }
        const counts = new Map<Connection, number>()
        for (const { connection } of batch) counts.set(connection, (counts.get(connection) ?? 0) + 1)
        for (const [connection, count] of counts) this.acknowledge(connection, count)
      } catch (error) {
        // Not stored, so not applied nor acknowledged: the clients still hold these changes and send them again
        // when they reconnect (sync step 2 carries whatever the server lacks).
        logger.error({ err: error, noteId: this.noteId }, 'live notes: changes could not be stored')
        for (const { connection } of batch) {
          connection.socket.close(1011, 'Your latest changes could not be saved yet: reconnecting to send them again.')
        }
      }
    }
    this.flushing = undefined
  }

  private acknowledge(connection: Connection, count: number) {
    connection.stored += count
    send(
      connection,
      message((e) => {
        encoding.writeVarUint(e, MessageType.ack)
        encoding.writeVarUint(e, connection.stored)
      }),
    )
  }

  /** Reads what other processes (or a save from the form) stored since `seq`, and applies it. */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true
      return this.catchingUp
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false
          const { state, updates, seq } = await readLiveUpdates(this.noteId, this.seq)
          if (state) Y.applyUpdate(this.doc, state, 'database')
          for (const update of updates) Y.applyUpdate(this.doc, update, 'database')
          this.seq = Math.max(this.seq, seq)
        } while (this.catchUpAgain)
      } finally {
        this.catchingUp = undefined
      }
    })()
    return this.catchingUp
  }

  /** A NOTIFY said seq `seq` was stored. */
  heard(seq: number) {
    if (seq > this.seq) void this.catchUp().catch((error) => this.failed(error))
  }

  private failed(error: unknown) {
    logger.error({ err: error, noteId: this.noteId }, 'live notes: could not read the stored changes')
  }

  /** A burst of editing goes on: the revision is cut when it pauses, or when it has gone on for long. */
  private edited() {
    const now = Date.now()
    this.burstStartedAt ??= now
    clearTimeout(this.idleTimer)
    if (now - this.burstStartedAt >= this.timings.continuousCutMs) {
      void this.cutRevision()
      return
    }
    this.idleTimer = setTimeout(() => void this.cutRevision(), this.timings.idleCutMs)
    this.idleTimer.unref()
  }

  async cutRevision() {
    clearTimeout(this.idleTimer)
    this.idleTimer = undefined
    this.burstStartedAt = undefined
    try {
      await this.flushing
      await cutLiveRevision(this.noteId)
    } catch (error) {
      logger.error({ err: error, noteId: this.noteId }, 'live notes: the revision could not be cut')
    }
  }

  private leave(connection: Connection) {
    if (!this.connections.delete(connection)) return
    awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.clientIds], null)
    // The last one out closes the room, which cuts the revision; the last editor leaving followers behind cuts it.
    if (this.connections.size === 0) this.onEmpty(this)
    else if (connection.wrote && ![...this.connections].some((c) => c.access.canWrite)) void this.cutRevision()
  }

  /** Everyone must reconnect (the note was locked or hidden): they are told why. */
  closeAll(code: number, reason: string) {
    for (const connection of this.connections) connection.socket.close(code, reason)
  }

  destroy() {
    clearTimeout(this.idleTimer)
    this.awareness.destroy()
    this.doc.destroy()
  }
}

/** A WebSocket close reason is at most 123 bytes of UTF-8: longer ones are cut at a character boundary. */
export function closeReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8')
  if (bytes.byteLength <= 123) return reason
  // 120 bytes and the ellipsis (3), not in the middle of a character: continuation bytes are 10xxxxxx.
  let end = 120
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--
  return `${bytes.subarray(0, end).toString('utf8')}…`
}

function isReadableUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update)
    return true
  } catch {
    return false
  }
}

/** An update that adds and deletes nothing (what a client with no changes sends as its sync step 2). */
function isEmptyUpdate(update: Uint8Array): boolean {
  // Two varUints: no structs, no deletions.
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0
}

/** Every room of this process. */
export class LiveNoteRooms {
  private readonly rooms = new Map<number, Room>()
  private readonly timings: RoomTimings
  private stopping = false

  constructor(timings: Partial<RoomTimings> = {}) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings }
  }

  /** Connects an authorized socket to its note's room, once the room holds the stored document. */
  async join(socket: WebSocket, access: LiveNoteAccess): Promise<void> {
    if (this.stopping) {
      socket.close(CloseCode.goingAway, 'The server is restarting: reconnecting.')
      return
    }
    // A client may speak before the room holds the document: what it says is kept, not lost.
    const early: { data: Buffer; isBinary: boolean }[] = []
    const keep = (data: Buffer, isBinary: boolean) => early.push({ data, isBinary })
    socket.on('message', keep)
    let room = this.rooms.get(access.noteId)
    if (!room) {
      room = new Room(access.noteId, this.timings, (empty) => void this.close(empty))
      this.rooms.set(access.noteId, room)
    }
    try {
      await room.ready
    } catch (error) {
      logger.error({ err: error, noteId: access.noteId }, 'live notes: the note could not be loaded')
      this.rooms.delete(access.noteId)
      socket.close(1011, 'The notes could not be loaded: reconnecting.')
      return
    }
    socket.off('message', keep)
    // Gone while the room was loading: its 'close' has been and gone, so it never joins.
    if (socket.readyState !== socket.OPEN) {
      if (room.connections.size === 0) void this.close(room)
      return
    }
    room.join(socket, access, early)
  }

  private async close(room: Room) {
    // On shutdown, stop() cuts every room's revision itself, while the database is still open.
    if (this.stopping) return
    await room.cutRevision()
    // Someone may have joined while the revision was cut.
    if (room.connections.size > 0 || this.rooms.get(room.noteId) !== room) return
    this.rooms.delete(room.noteId)
    room.destroy()
  }

  /** What NOTE_UPDATES_CHANNEL said: "<note id> <seq>" (a change was stored) or "<note id> access". */
  onNoteUpdated(payload: string | undefined) {
    const [id, what] = (payload ?? '').split(' ')
    const room = this.rooms.get(Number(id))
    if (!room) return
    if (what === 'access')
      room.closeAll(CloseCode.accessChanged, 'What you may do with these notes changed: reload the page.')
    else room.heard(Number(what))
  }

  /** After the LISTEN connection was lost, nobody knows what was stored meanwhile: every room reads it. */
  catchUpAll() {
    for (const room of this.rooms.values()) void room.catchUp().catch(() => {})
  }

  get openNotes(): number {
    return this.rooms.size
  }

  /** On shutdown: everyone is told to reconnect, and each burst of editing is cut as a revision. */
  async stop(): Promise<void> {
    this.stopping = true
    const rooms = [...this.rooms.values()]
    for (const room of rooms) room.closeAll(CloseCode.goingAway, 'The server is restarting: reconnecting.')
    await Promise.all(rooms.map((room) => room.cutRevision()))
    for (const room of rooms) room.destroy()
    this.rooms.clear()
  }
}
