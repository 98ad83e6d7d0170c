import type { Params } from '@remix-run/react'
import type { PublishedSession } from '#db/schema'
import type { PublicEvent } from '~/models/events/event.server'
import { colorForName, type LiveNoteWelcome } from '~/models/notes/live-protocol'
import {
  eventWorklogId,
  getNotes,
  noteLocation,
  sessionNoteId,
  type NoteAuthor,
  type NotesState,
} from '~/models/notes/notes.server'
import { requirePublicEvent, requirePublishedSession } from './public.server'
import { canManageEvent, getOptionalUser } from './user.server'
import { attendeeInThisBrowser } from './attendee.server'

export type NotesAccess = {
  /** An organizer of the event (or an admin): may edit, hide, lock and see hidden notes. */
  canManage: boolean
  /** Who a change is recorded as: organizers, and confirmed attendees who opened their personal link here. */
  author: NoteAuthor | null
}

export const NOT_ALLOWED_TO_EDIT =
  'Only the organizers and confirmed attendees can edit these notes. Attendees: open the personal link from your registration email in this browser first.'

export const NOTES_LOCKED = 'These notes are locked: nobody can change them now. An organizer can unlock them.'

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
  /** The session whose notes these are; null for the event's worklog. */
  session: PublishedSession | null
  access: NotesAccess
  notes: NotesState
  /** May change the text now: an author, and the notes are not locked. */
  canEdit: boolean
  /** Why the visitor may only read, in words for the page; null when they may edit. */
  readOnlyReason: string | null
}

/**
 * The notes named by the URL — a published session's (`params.sessionId`) or the event's worklog (no sessionId) —
 * for whoever may read them: everyone, unless an organizer hid them (then only organizers; others get 404 as if
 * there were none). Every notes loader and action, and every live notes WebSocket, starts here.
 */
export async function requireReadableNotes(request: Request, params: Params): Promise<NotesContext> {
  const { event, session } = params.sessionId
    ? await requirePublishedSession(params)
    : { event: await requirePublicEvent(params), session: null }
  const noteId = session ? await sessionNoteId(event.id, session.session_id) : await eventWorklogId(event.id)
  const [access, notes] = await Promise.all([notesAccess(request, event.id), getNotes(noteId)])
  if (notes.hidden && !access.canManage) throw new Response('There are no notes here.', { status: 404 })
  const readOnlyReason = !access.author ? NOT_ALLOWED_TO_EDIT : notes.locked ? NOTES_LOCKED : null
  return { event, session, access, notes, canEdit: readOnlyReason === null, readOnlyReason }
}

/** The notes, for a visitor who may change them now: who the change is recorded as. */
export type EditableNotesContext = NotesContext & { author: NoteAuthor }

/** As requireReadableNotes, and 403 unless the visitor may change them now (an author; not locked). */
export async function requireEditableNotes(request: Request, params: Params): Promise<EditableNotesContext> {
  const context = await requireReadableNotes(request, params)
  if (!context.access.author) throw new Response(NOT_ALLOWED_TO_EDIT, { status: 403 })
  if (context.notes.locked) throw new Response(NOTES_LOCKED, { status: 403 })
  return { ...context, author: context.access.author }
}

/** The notes context again, or 403 unless the visitor manages the event (hiding, showing, locking notes). */
export function requireNotesManager<C extends NotesContext>(context: C): C {
  if (!context.access.canManage) {
    throw new Response('Only the organizers can hide, show, lock or unlock notes.', { status: 403 })
  }
  return context
}

/**
 * A live notes WebSocket asking for note `noteId`: the same guard as the notes pages, reached through the
 * note's event and session, and what the connection may do. Throws the guard's Response (404, 403) when the
 * visitor may not even read.
 */
export async function requireLiveNote(request: Request, noteId: number): Promise<LiveNoteWelcome> {
  const location = await noteLocation(noteId)
  if (!location) throw new Response('There are no notes here.', { status: 404 })
  const context = await requireReadableNotes(
    request,
    location.sessionId ? { slug: location.slug, sessionId: String(location.sessionId) } : { slug: location.slug },
  )
  // The URL's note must be the one the guard found (a session moved off the agenda has no readable notes).
  if (context.notes.noteId !== noteId) throw new Response('There are no notes here.', { status: 404 })
  const name = context.access.author?.name ?? 'Guest'
  return {
    noteId,
    name,
    color: colorForName(name).color,
    canWrite: context.canEdit,
    ...(context.readOnlyReason ? { readOnlyReason: context.readOnlyReason } : {}),
  }
}
