import type { Params } from '@remix-run/react'
import type { PublishedSession } from '#db/schema'
import type { PublicEvent } from '~/models/events/event.server'
import { getNotes, type NoteAuthor, type NotesState } from '~/models/notes/notes.server'
import { requirePublishedSession } from './public.server'
import { canManageEvent, getOptionalUser } from './user.server'
import { attendeeInThisBrowser } from './attendee.server'

export type NotesAccess = {
  /** An organizer of the event (or an admin): may edit, hide and see hidden notes. */
  canManage: boolean
  /** Who a save is recorded as: organizers, and confirmed attendees who opened their personal link here. */
  author: NoteAuthor | null
}

export const NOT_ALLOWED_TO_EDIT =
  'Only the organizers and confirmed attendees can edit these notes. Attendees: open the personal link from your registration email in this browser first.'

/** Who is asking, as far as the notes of this event are concerned. */
export async function notesAccess(request: Request, eventId: number): Promise<NotesAccess> {
  const user = await getOptionalUser(request)
  if (user && (await canManageEvent(user, eventId))) {
    return { canManage: true, author: { name: user.name, userId: user.id } }
  }
  const attendee = await attendeeInThisBrowser(request, eventId)
  if (attendee?.registration.status === 'confirmed') {
    return { canManage: false, author: { name: attendee.registration.name, registrationId: attendee.registration.id } }
  }
  return { canManage: false, author: null }
}

export type NotesContext = {
  event: PublicEvent
  session: PublishedSession
  access: NotesAccess
  notes: NotesState
  canEdit: boolean
}

/**
 * The published session named by the URL and its notes, for whoever may read them: everyone, unless an organizer
 * hid them (then only organizers; others get 404 as if there were none). Every notes loader and action starts here.
 */
export async function requireReadableNotes(request: Request, params: Params): Promise<NotesContext> {
  const { event, session } = await requirePublishedSession(params)
  const [access, notes] = await Promise.all([notesAccess(request, event.id), getNotes(session.session_id)])
  if (notes.hidden && !access.canManage) throw new Response('There are no notes for this session.', { status: 404 })
  return { event, session, access, notes, canEdit: access.author !== null }
}

/** The notes of a session, for a visitor who may edit them: who the save is recorded as. */
export type EditableNotesContext = NotesContext & { author: NoteAuthor }

/** As requireReadableNotes, and 403 unless the visitor may edit them. */
export async function requireEditableNotes(request: Request, params: Params): Promise<EditableNotesContext> {
  const context = await requireReadableNotes(request, params)
  if (!context.access.author) throw new Response(NOT_ALLOWED_TO_EDIT, { status: 403 })
  return { ...context, author: context.access.author }
}

/** The notes context again, or 403 unless the visitor manages the event (hiding and showing notes). */
export function requireNotesManager<C extends NotesContext>(context: C): C {
  if (!context.access.canManage) throw new Response('Only the organizers can hide or show notes.', { status: 403 })
  return context
}
