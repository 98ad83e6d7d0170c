import type { Params } from '@remix-run/react'
import type { PublishedSession } from '#db/schema'
import type { PublicEvent } from '~/models/events/event.server'
import { findAttachmentFile, type AttachmentFile } from '~/models/attachments/attachments.server'
import type { NoteAuthor } from '~/models/notes/notes.server'
import { notesAccess } from './notes.server'
import { requirePublishedSession } from './public.server'

export const NOT_ALLOWED_TO_ATTACH =
  'Only the organizers and confirmed attendees can add or change the attachments of a session. Attendees: open the personal link from your registration email in this browser first.'

/** A published session, for a visitor who may manage its attachments. */
export type AttachmentEditor = {
  event: PublicEvent
  session: PublishedSession
  /** Who additions are recorded as. */
  author: NoteAuthor
  /** An organizer of the event (or an admin). */
  canManage: boolean
}

/**
 * Whether the visitor may attach to this event's sessions: the people who may edit its shared notes — organizers,
 * and confirmed attendees who opened their personal link in this browser (see notesAccess).
 */
export async function mayManageAttachments(request: Request, eventId: number): Promise<boolean> {
  return (await notesAccess(request, eventId)).author !== null
}

/**
 * The published session named by the URL (404 otherwise), and 403 unless the visitor may manage its attachments.
 * Every loader and action of the attachments page starts here, before any of the request's body is read.
 */
export async function requireAttachmentEditor(request: Request, params: Params): Promise<AttachmentEditor> {
  const { event, session } = await requirePublishedSession(params)
  const access = await notesAccess(request, event.id)
  if (!access.author) {
    throw new Response(NOT_ALLOWED_TO_ATTACH, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  }
  return { event, session, author: access.author, canManage: access.canManage }
}

/**
 * A file attached to the published session named by the URL, for anyone who may see that session. 404 alike for
 * an unknown id, a link, an attachment of another session or event, and a session or event not public.
 */
export async function requirePublicAttachmentFile(
  params: Params,
): Promise<{ event: PublicEvent; session: PublishedSession; attachment: AttachmentFile }> {
  const { event, session } = await requirePublishedSession(params)
  const attachmentId = Number(params.attachmentId)
  const attachment = Number.isSafeInteger(attachmentId)
    ? await findAttachmentFile({ eventId: event.id, sessionId: session.session_id }, attachmentId)
    : undefined
  if (!attachment) {
    throw new Response('There is no such attachment.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  return { event, session, attachment }
}
