import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AddToCalendarLinks } from '~/components/calendar-subscribe'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EventTimes } from '~/components/event-bits'
import { getNotes } from '~/models/notes/notes.server'
import { recordingForSession } from '~/models/recordings/recordings.server'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { calendarLinks } from '~/utils/calendar-links'
import { markdownExcerpt, renderMarkdown } from '~/utils/markdown.server'
import { renderNotesMarkdown } from '~/utils/notes-markdown.server'
import { notesAccess } from '~/access/notes.server'
import { formatDateTime } from '~/utils/time'
import { appBaseUrl } from '~/utils/url.server'
import { requirePublishedSession } from '~/access/public.server'
import { eventPath, sessionPath } from '~/utils/paths'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session } = await requirePublishedSession(params)
  const url = new URL(sessionPath(event.slug, session.session_id), appBaseUrl()).toString()
  const [access, notes, recording] = await Promise.all([
    notesAccess(request, event.id),
    getNotes(session.session_id),
    recordingForSession(session.session_id),
  ])
  // Hidden notes are the organizers' alone: for everyone else the page has no notes section at all.
  const notesVisible = !notes.hidden || access.canManage
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
    recording: recording ? { embedUrl: recording.embedUrl, url: recording.url } : null,
    abstractHtml: renderMarkdown(session.abstract_md),
    description: markdownExcerpt(session.abstract_md, 160),
    notes: notesVisible
      ? {
          html: notes.body.trim() ? renderNotesMarkdown(notes.body) : '',
          revision: notes.revision,
          author: notes.author,
          savedAt: notes.updatedAt ? formatDateTime(notes.updatedAt, event.time_zone) : null,
          hidden: notes.hidden,
          canEdit: access.author !== null,
        }
      : null,
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
  const { event, session, abstractHtml, calendar, notes, recording } = useLoaderData<typeof loader>()
  const notesUrl = sessionPath(event.slug, session.id, 'notes')
  return (
    <article className="event-page">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug, 'agenda')}>Agenda of {event.title}</Link>
      </p>
      <header className="event-page__header">
        <p className="eyebrow">
          {session.kind}
          {session.track ? ` · ${session.track}` : ''}
        </p>
        <h1>{session.title}</h1>
        {session.status === 'cancelled' ? (
          <p className="notice notice--warning">This session has been cancelled.</p>
        ) : null}
      </header>
      <div className="event-page__layout">
        <div className="stack">
          {abstractHtml.trim() ? <div className="prose" dangerouslySetInnerHTML={{ __html: abstractHtml }} /> : null}
          {session.speakers.length ? (
            <section aria-labelledby="speakers-heading">
              <h2 id="speakers-heading">{session.speakers.length === 1 ? 'Speaker' : 'Speakers'}</h2>
              <ul className="plain-list">
                {session.speakers.map((s) => (
                  <li key={s.name}>
                    {s.url ? <a href={s.url}>{s.name}</a> : s.name}
                    {s.affiliation ? <span className="muted"> — {s.affiliation}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {session.tags.length ? (
            <p>
              {session.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </p>
          ) : null}
          {recording ? (
            <section aria-labelledby="recording-heading">
              <h2 id="recording-heading">Recording</h2>
              <div className="video-frame">
                <iframe
                  src={recording.embedUrl}
                  title={`Recording: ${session.title}`}
                  loading="lazy"
                  allow="encrypted-media; picture-in-picture; fullscreen"
                  allowFullScreen
                />
              </div>
              <p>
                <a href={recording.url}>Watch on YouTube</a>
              </p>
            </section>
          ) : null}
          {notes ? (
            <section aria-labelledby="notes-heading" className="session-notes">
              <div className="row-between">
                <h2 id="notes-heading">Shared notes</h2>
                {notes.canEdit || notes.revision ? (
                  <ul className="inline-list">
                    {notes.canEdit ? (
                      <li>
                        <Link to={notesUrl} className="button button--secondary button--small">
                          Edit notes
                        </Link>
                      </li>
                    ) : null}
                    {notes.revision ? (
                      <li>
                        <Link to={`${notesUrl}/history`}>History</Link>
                      </li>
                    ) : null}
                  </ul>
                ) : null}
              </div>
              {notes.hidden ? (
                <p className="notice notice--warning">Hidden: only the organizers see these notes.</p>
              ) : null}
              {notes.html ? (
                <div className="prose session-notes__body" dangerouslySetInnerHTML={{ __html: notes.html }} />
              ) : (
                <p className="empty">No notes yet.</p>
              )}
              {notes.revision ? (
                <p className="muted small">
                  Revision {notes.revision}, saved by {notes.author} on {notes.savedAt}.
                </p>
              ) : null}
            </section>
          ) : null}
        </div>
        <aside className="event-facts" aria-label="Session details">
          <EventTimes start={session.startsAt} end={session.endsAt} zone={event.timeZone} />
          <dl>
            {session.room ? (
              <div>
                <dt>Room</dt>
                <dd>
                  {session.room}
                  {event.venue ? `, ${event.venue}` : ''}
                </dd>
              </div>
            ) : null}
            {session.capacity ? (
              <div>
                <dt>Places</dt>
                <dd>{session.capacity}</dd>
              </div>
            ) : null}
          </dl>
          {calendar ? (
            <>
              <h2 className="facts-heading">Add to your calendar</h2>
              <AddToCalendarLinks links={calendar} />
            </>
          ) : null}
        </aside>
      </div>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
