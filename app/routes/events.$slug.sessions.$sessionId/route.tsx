import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { StarButton } from '~/components/agenda'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { attendeeInThisBrowser } from '~/access/attendee.server'
import { sessionIcsPath, sessionMetaLine } from '~/models/agenda/view'
import { findNotes } from '~/models/notes/notes.server'
import { liveStreamForSession, recordingsForSession } from '~/models/recordings/links.server'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { calendarLinks } from '~/utils/calendar-links'
import { markdownExcerpt, renderMarkdown } from '~/utils/markdown.server'
import { renderNotesMarkdown } from '~/models/notes/markdown'
import { notesAccess } from '~/access/notes.server'
import { formatDateTime } from '~/utils/time'
import { appBaseUrl } from '~/utils/url.server'
import { requirePublishedSession } from '~/access/public.server'
import { eventPath, sessionPath, topicPath } from '~/utils/paths'
import { SessionFacts } from './session-facts'
import { SessionNotes } from './session-notes'
import { RecordingSection, SpeakersSection } from './session-sections'
import { showsPublicContent } from '~/models/operations/public-content.server'
import { getTopicSettings, topicOfSession } from '~/models/topics/topics.server'
import { AttachmentsSection } from '~/components/attachments/attachment-list'
import { listSessionAttachments } from '~/models/attachments/attachments.server'
import { attachmentsPath } from '~/models/attachments/limits'
import { attachmentItem } from '~/models/attachments/view'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session } = await requirePublishedSession(params)
  showsPublicContent([{ eventId: event.id }])
  const url = new URL(sessionPath(event.slug, session.session_id), appBaseUrl()).toString()
  const [access, notes, recordings, liveStream, attendee, topic, topicSettings] = await Promise.all([
    notesAccess(request, event.id),
    findNotes(event.id, session.session_id),
    recordingsForSession(session.session_id),
    liveStreamForSession(session.session_id, new Date()),
    attendeeInThisBrowser(request, event.id),
    topicOfSession(session.session_id),
    getTopicSettings(event.id),
  ])
  // Hidden notes are the organizers' alone: for everyone else the page has no notes section at all.
  const notesVisible = !notes.hidden || access.canManage
  const attachments = await listSessionAttachments(session.session_id)
  return {
    event: { slug: event.slug, title: event.title, timeZone: event.time_zone, venue: event.venue_name },
    session: {
      id: session.session_id,
      title: session.title,
      kind: SESSION_KIND_LABELS[session.kind],
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      room: session.room,
      track: session.track,
      tags: session.tags,
      capacity: session.capacity,
      speakers: session.speakers,
      status: session.status,
    },
    /** Whether the attendee of this browser starred it; null when no attendee opened their link here. */
    starred: attendee ? attendee.starred.includes(session.session_id) : null,
    /** Every linked video, in order; the stream on air while the session runs (a cached page is a minute old at most). */
    recordings,
    liveStream,
    /** The topic it was scheduled from, while the event's topic pages are there to link to. */
    topic: topic && topicSettings?.enabled ? { title: topic.title, href: topicPath(event.slug, topic.id) } : null,
    abstractHtml: renderMarkdown(session.abstract_md),
    description: markdownExcerpt(session.abstract_md, 160),
    notes: notesVisible
      ? {
          html: notes.body.trim() ? renderNotesMarkdown(notes.body) : '',
          revision: notes.revision,
          author: notes.author,
          savedAt: notes.updatedAt ? formatDateTime(notes.updatedAt, event.time_zone) : null,
          hidden: notes.hidden,
          canEdit: access.author !== null && !notes.locked,
        }
      : null,
    /** Slides, files and links, in their order; the page to change them for those who may edit the notes. */
    attachments: attachments.map((a) => attachmentItem(event.slug, a)),
    attachmentsHref: access.author ? attachmentsPath(event.slug, session.session_id) : null,
    icsUrl: sessionIcsPath(event.slug, session.session_id),
    calendar:
      session.status === 'scheduled'
        ? calendarLinks({
            title: session.title,
            startsAt: session.starts_at,
            endsAt: session.ends_at,
            details: url,
            location: [session.room, event.venue_name].filter(Boolean).join(', ') || 'Online',
          })
        : null,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.session.title} — ${data.event.title}` }, { name: 'description', content: data.description }]
    : [{ title: 'Session not found — Convene' }]

export default function SessionPage() {
  const { event, session, abstractHtml, calendar, icsUrl, notes, recordings, liveStream, starred, topic } =
    useLoaderData<typeof loader>()
  const { attachments, attachmentsHref } = useLoaderData<typeof loader>()
  return (
    <article className="event-page">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug, 'agenda')}>Agenda of {event.title}</Link>
      </p>
      <header className="event-page__header">
        <p className="eyebrow">{sessionMetaLine([session.kind, session.track])}</p>
        <h1>{session.title}</h1>
        {topic ? (
          <p className="session-topic">
            Proposed as topic: <Link to={topic.href}>{topic.title}</Link>
          </p>
        ) : null}
        {session.status !== 'scheduled' ? null : starred !== null ? (
          <StarButton
            sessionId={session.id}
            starred={starred}
            title={session.title}
            action={eventPath(event.slug, 'agenda')}
          />
        ) : (
          <p className="muted small">Registered? Open the personal link from your email to star this session.</p>
        )}
        {session.status === 'cancelled' ? (
          <p className="notice notice--warning">This session has been cancelled.</p>
        ) : null}
      </header>
      <div className="event-page__layout">
        <div className="stack">
          {abstractHtml.trim() ? <div className="prose" dangerouslySetInnerHTML={{ __html: abstractHtml }} /> : null}
          {session.speakers.length ? <SpeakersSection speakers={session.speakers} /> : null}
          {session.tags.length ? (
            <p>
              {session.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </p>
          ) : null}
          {recordings.length || liveStream ? (
            <RecordingSection recordings={recordings} liveStream={liveStream} title={session.title} />
          ) : null}
          <AttachmentsSection attachments={attachments} manageHref={attachmentsHref} />
          {notes ? <SessionNotes notes={notes} notesUrl={sessionPath(event.slug, session.id, 'notes')} /> : null}
        </div>
        <SessionFacts session={session} event={event} calendar={calendar} icsUrl={icsUrl} />
      </div>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
