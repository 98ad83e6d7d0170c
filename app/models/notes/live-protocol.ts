import { backoffDelayMs } from '~/utils/backoff'

// The wire protocol of live notes, shared by the browser's provider (app/components/live-notes/) and the server's
// rooms (server/live-notes/). Binary WebSocket messages, each starting with a lib0 varUint message type: 0 and 1
// are y-protocols' own (sync, awareness) as y-websocket speaks them; 2 and 3 are Convene's. See
// docs/decisions/018-live-notes.md.

/** The path of a note's WebSocket, on the same origin and port as the pages. */
export function liveNotePath(noteId: number): string {
  return `/collab/notes/${noteId}`
}

/**
 * The channel on which every stored change of a live note is announced, as "<note id> <seq>", and every change of
 * who may do what with it, as "<note id> access" (each web process LISTENs: server/live-notes/).
 */
export const NOTE_UPDATES_CHANNEL = 'convene_note_updates'

export const LIVE_NOTE_PATH_PATTERN = /^\/collab\/notes\/([1-9][0-9]{0,9})$/

export const MessageType = {
  /** y-protocols/sync: step 1 (state vector), step 2 (missing updates), update. */
  sync: 0,
  /** y-protocols/awareness: cursors, selections and who is here. */
  awareness: 1,
  /**
   * Server → client: varUint n, the number of this connection's sync step 2 and update messages that are now
   * stored in the database, counted from the connection's start. A change is acknowledged only once stored.
   */
  ack: 2,
  /** Server → client, first message: varString JSON of {@link LiveNoteWelcome}. */
  welcome: 3,
} as const

/** What the server tells a client as it connects: who they are here and what they may do. */
export type LiveNoteWelcome = {
  noteId: number
  /** The name their cursor and the "here now" list show: the organizer's account or the registration. */
  name: string
  /** A colour of the cursor, as #rrggbb. */
  color: string
  canWrite: boolean
  /** Why the connection is read-only, in words for the page (undefined when it may write). */
  readOnlyReason?: string
}

/** The awareness state each client publishes under `user` (the fields y-codemirror.next reads). */
export type LiveNoteUser = { name: string; color: string; colorLight: string }

/** The largest document: the text of a note is held to this many bytes (UTF-8). */
export const MAX_NOTE_BYTES = 1024 * 1024

/** The largest message a client may send. A change larger than this is refused (and the connection closed). */
export const MAX_MESSAGE_BYTES = MAX_NOTE_BYTES + 64 * 1024

/** The largest awareness update (a cursor, a selection, a name and colour take a few hundred bytes). */
export const MAX_AWARENESS_BYTES = 8 * 1024

/** Updates a connection may send (and, counted apart, awareness updates): this many a second on average, bursts of up to MAX_UPDATE_BURST. */
export const UPDATES_PER_SECOND = 40
export const MAX_UPDATE_BURST = 200

/**
 * Close codes (4000–4999 are the application's). A client reconnects after any close except those listed in
 * {@link FINAL_CLOSE_CODES}; after TOO_LARGE it drops its local state and syncs afresh, since the refused change
 * is in it.
 */
export const CloseCode = {
  /** The message or the document would be over its limit. */
  tooLarge: 4413,
  /** Updates came faster than UPDATES_PER_SECOND allows. */
  tooManyUpdates: 4429,
  /** A change sent on a read-only connection (hidden, locked, or a visitor who may only follow). */
  readOnly: 4403,
  /** The note was locked, hidden or deleted while connected: reload to see what you may do now. */
  accessChanged: 4409,
  /** A message that is not of this protocol. */
  badMessage: 4400,
  /** The server is shutting down; reconnect. */
  goingAway: 1001,
} as const

/** After these the client does not reconnect by itself: the page says why and offers a reload. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.readOnly, CloseCode.accessChanged])

/** Reconnect delay: exponential from 500 ms to 30 s, with full jitter (so a restart is not met by a stampede). */
export function reconnectDelayMs(attempt: number, random = Math.random): number {
  return backoffDelayMs(attempt, { firstMs: 500, maxMs: 30_000 }, random)
}

/** The colour of a person's cursor, from their name: stable across sessions and devices. */
export function colorForName(name: string): { color: string; colorLight: string } {
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bc7a00']
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  const color = palette[hash % palette.length]!
  return { color, colorLight: `${color}33` }
}
