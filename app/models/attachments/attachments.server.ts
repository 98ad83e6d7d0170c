import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Database, SessionAttachment } from '#db/schema'
import { db, type Transaction } from '~/utils/db.server'
import { DomainError } from '~/utils/domain-error'
import { publicContentChanged } from '../operations/public-content.server'
import { checkFileContent, safeFileName, titleFromFileName } from './content-type.server'
import { ALT_TEXT_REQUIRED } from './schema'
import { ATTACHMENT_MAX_BYTES, isImageType, TOO_LARGE_MESSAGE, type AttachmentType } from './limits'

// Slides and other attachments of a session (docs/decisions/021-session-attachments.md): files kept in the
// database, their bytes in a table of their own so lists never read them, or links. Every change is public
// content: the session page, the report, the schedule exports and the calendar feeds list attachments.

export class AttachmentError extends DomainError<'not_found' | 'unsupported_type' | 'too_large' | 'incomplete'> {}

/** The session an attachment belongs to; every function checks both, so an id from another event is "not found". */
export type AttachmentTarget = { eventId: number; sessionId: number }

/** An attachment as lists show it: never its bytes. */
export type Attachment = {
  id: number
  sessionId: number
  kind: 'file' | 'link'
  title: string
  /** Files: the safe name it is served under, its type (by content), size and SHA-256 (hex). */
  fileName: string | null
  contentType: AttachmentType | null
  sizeBytes: number | null
  sha256: string | null
  /** Links: where it points. */
  url: string | null
  /** Images: what they show, for people who cannot see them. */
  altText: string | null
  addedBy: string
  createdAt: Date
}

/** A file attachment, ready to be served. */
export type AttachmentFile = Attachment & {
  kind: 'file'
  fileName: string
  contentType: AttachmentType
  sizeBytes: number
  sha256: string
}

const LISTED_COLUMNS = [
  'id',
  'session_id',
  'kind',
  'title',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'url',
  'alt_text',
  'added_by',
  'created_at',
] as const

type ListedRow = Pick<SessionAttachment, (typeof LISTED_COLUMNS)[number]>

function toAttachment(row: ListedRow): Attachment {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind,
    title: row.title,
    fileName: row.file_name,
    contentType: row.content_type as AttachmentType | null,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    url: row.url,
    altText: row.alt_text,
    addedBy: row.added_by,
    createdAt: new Date(row.created_at),
  }
}

function listed() {
  return db.selectFrom('session_attachments').select(LISTED_COLUMNS).orderBy('position').orderBy('id')
}

/** A session's attachments, in their order. */
export async function listSessionAttachments(sessionId: number): Promise<Attachment[]> {
  const rows = await listed().where('session_id', '=', sessionId).execute()
  return rows.map(toAttachment)
}

/** The attachments of several sessions at once (one query), by session id, each list in its order. */
export async function attachmentsBySession(sessionIds: number[]): Promise<Map<number, Attachment[]>> {
  const bySession = new Map<number, Attachment[]>()
  if (!sessionIds.length) return bySession
  const rows = await listed().where('session_id', 'in', sessionIds).execute()
  for (const row of rows) {
    const list = bySession.get(row.session_id) ?? []
    list.push(toAttachment(row))
    bySession.set(row.session_id, list)
  }
  return bySession
}

/** Every attachment of an event's sessions, by session id (for exports and feeds). */
export async function attachmentsForEvent(eventId: number): Promise<Map<number, Attachment[]>> {
  const rows = await listed().where('event_id', '=', eventId).execute()
  const bySession = new Map<number, Attachment[]>()
  for (const row of rows) {
    const list = bySession.get(row.session_id) ?? []
    list.push(toAttachment(row))
    bySession.set(row.session_id, list)
  }
  return bySession
}

/** A file attachment of this session, without its bytes; undefined for a link, or one of another session. */
export async function findAttachmentFile(
  target: AttachmentTarget,
  attachmentId: number,
): Promise<AttachmentFile | undefined> {
  const row = await listed()
    .where('id', '=', attachmentId)
    .where('event_id', '=', target.eventId)
    .where('session_id', '=', target.sessionId)
    .where('kind', '=', 'file')
    .executeTakeFirst()
  return row ? (toAttachment(row) as AttachmentFile) : undefined
}

/**
 * The bytes of a file attachment, or the part `range` names (first and last byte, inclusive): only that part is
 * read from the database.
 */
export async function readAttachmentBytes(
  attachmentId: number,
  range?: { start: number; end: number },
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = range
    ? sql`substring(content from ${range.start + 1} for ${range.end - range.start + 1})`
    : sql`content`
  const row = await db
    .selectFrom('session_attachment_contents')
    .select(sql<string>`encode(${bytes}, 'hex')`.as('hex'))
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst()
  if (!row) throw new AttachmentError('That attachment no longer exists.', 'not_found')
  return hexToBytes(row.hex)
}

// Bytes cross to the database as hex text that PostgreSQL encodes and decodes itself: PGlite's own bytea conversion
// goes byte by byte in JavaScript (about 9 s, on the event loop, for 25 MB), while Buffer's hex is native; pg sends
// a Buffer as hex text anyway. The same statements on both databases.

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const buffer = Buffer.from(hex, 'hex')
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength)
}

async function nextPosition(trx: Transaction<Database>, sessionId: number): Promise<number> {
  const row = await trx
    .selectFrom('session_attachments')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('session_id', '=', sessionId)
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
}

export type FileUpload = {
  bytes: Uint8Array
  /** The name the file was uploaded under (made safe here). */
  fileName: string
  title?: string | null
  altText?: string | null
}

/**
 * Attaches a file: refused unless its content is a PDF, PNG, JPEG, plain text or Markdown (whatever its name says),
 * at most 25 MB, and, for an image, described by alt text.
 */
export async function addFileAttachment(
  target: AttachmentTarget,
  upload: FileUpload,
  addedBy: string,
): Promise<Attachment> {
  if (upload.bytes.byteLength > ATTACHMENT_MAX_BYTES) throw new AttachmentError(TOO_LARGE_MESSAGE, 'too_large', 'file')
  if (upload.bytes.byteLength === 0) {
    throw new AttachmentError('This file is empty: choose another one', 'unsupported_type', 'file')
  }
  const check = await checkFileContent(upload.bytes, upload.fileName)
  if (!check.ok) throw new AttachmentError(check.message, 'unsupported_type', 'file')
  const { contentType } = check.content
  const altText = upload.altText?.trim() || null
  if (isImageType(contentType) && !altText) throw new AttachmentError(ALT_TEXT_REQUIRED, 'incomplete', 'altText')
  const fileName = safeFileName(upload.fileName, check.content)
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex')
  const content = sql<Uint8Array>`decode(${bytesToHex(upload.bytes)}, 'hex')`
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('session_attachments')
      .values({
        event_id: target.eventId,
        session_id: target.sessionId,
        kind: 'file',
        title: upload.title?.trim() || titleFromFileName(fileName),
        file_name: fileName,
        content_type: contentType,
        size_bytes: upload.bytes.byteLength,
        sha256,
        alt_text: isImageType(contentType) ? altText : null,
        position: await nextPosition(trx, target.sessionId),
        added_by: addedBy,
      })
      .returning(LISTED_COLUMNS)
      .executeTakeFirstOrThrow()
    await trx.insertInto('session_attachment_contents').values({ attachment_id: row.id, content }).execute()
    await publicContentChanged(trx, { eventId: target.eventId })
    return toAttachment(row)
  })
}

/** Attaches a link (the schema allows http and https addresses only). */
export async function addLinkAttachment(
  target: AttachmentTarget,
  link: { url: string; title: string },
  addedBy: string,
): Promise<Attachment> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('session_attachments')
      .values({
        event_id: target.eventId,
        session_id: target.sessionId,
        kind: 'link',
        title: link.title,
        // As browsers write it (spaces and such percent-encoded): exports check addresses against RFC 3986.
        url: new URL(link.url).toString(),
        position: await nextPosition(trx, target.sessionId),
        added_by: addedBy,
      })
      .returning(LISTED_COLUMNS)
      .executeTakeFirstOrThrow()
    await publicContentChanged(trx, { eventId: target.eventId })
    return toAttachment(row)
  })
}

function notFound(): AttachmentError {
  return new AttachmentError('That attachment no longer exists.', 'not_found')
}

/** Describes an image anew. */
export async function describeImage(target: AttachmentTarget, attachmentId: number, altText: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('session_attachments')
      .set({ alt_text: altText })
      .where('id', '=', attachmentId)
      .where('event_id', '=', target.eventId)
      .where('session_id', '=', target.sessionId)
      .where('content_type', 'in', ['image/png', 'image/jpeg'])
      .executeTakeFirst()
    if (!updated.numUpdatedRows) throw notFound()
    await publicContentChanged(trx, { eventId: target.eventId })
  })
}

/** Removes an attachment, and its bytes with it. */
export async function removeAttachment(target: AttachmentTarget, attachmentId: number): Promise<{ title: string }> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('session_attachments')
      .where('id', '=', attachmentId)
      .where('event_id', '=', target.eventId)
      .where('session_id', '=', target.sessionId)
      .returning('title')
      .executeTakeFirst()
    if (!removed) throw notFound()
    await publicContentChanged(trx, { eventId: target.eventId })
    return removed
  })
}

/** Moves an attachment one place up or down; the list is numbered afresh, so ties from concurrent uploads go. */
export async function moveAttachment(
  target: AttachmentTarget,
  attachmentId: number,
  direction: 'up' | 'down',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('session_attachments')
      .select(['id', 'position'])
      .where('event_id', '=', target.eventId)
      .where('session_id', '=', target.sessionId)
      .orderBy('position')
      .orderBy('id')
      .forUpdate()
      .execute()
    const ids = rows.map((r) => r.id)
    const at = ids.indexOf(attachmentId)
    if (at === -1) throw notFound()
    const to = direction === 'up' ? at - 1 : at + 1
    if (to < 0 || to >= ids.length) return
    ;[ids[at], ids[to]] = [ids[to]!, ids[at]!]
    const positionOf = new Map(rows.map((r) => [r.id, r.position]))
    for (const [position, id] of ids.entries()) {
      if (positionOf.get(id) === position) continue
      await trx.updateTable('session_attachments').set({ position }).where('id', '=', id).execute()
    }
    await publicContentChanged(trx, { eventId: target.eventId })
  })
}
