import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { eventReport } from '~/models/events/report.server'
import { renderNotesMarkdown } from '~/models/notes/markdown'
import { renderInlineMarkdown } from '~/utils/markdown.server'
import { requirePublicEvent } from '~/access/public.server'
import { eventPath, notesPath, sessionPath } from '~/utils/paths'
import { showsPublicContent } from '~/models/operations/public-content.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requirePublicEvent(params)
  showsPublicContent([{ eventId: event.id }])
  const report = await eventReport(event)
  return {
    event: { slug: event.slug, title: event.title },
    // Action items are markdown too: `--backend` shows as code, not as backticks.
    actionItems: report.actionItems.map(({ text, ...item }) => ({ ...item, html: renderInlineMarkdown(text) })),
    worklogHtml: report.worklog.trim() ? renderNotesMarkdown(report.worklog) : null,
    sessions: report.sessions.map(({ notes, ...s }) => ({
      ...s,
      notesHtml: notes.trim() ? renderNotesMarkdown(notes) : null,
    })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Report — ${data.event.title}` : 'Report — Convene' },
]

export default function ReportPage() {
  const { event, actionItems, worklogHtml, sessions } = useLoaderData<typeof loader>()
  return (
    <article className="report">
      <p className="breadcrumb">
        <Link to={eventPath(event.slug)}>{event.title}</Link>
      </p>
      <div className="page-heading">
        <h1>{event.title}: report</h1>
        <p className="no-print">
          <a href={eventPath(event.slug, 'report.md')} className="button button--secondary" download>
            Download as Markdown
          </a>
        </p>
      </div>
      <p className="lead">
        The summit’s worklog, then the notes and recordings of every session in agenda order, with the action items
        first.
      </p>
      <section aria-labelledby="actions-heading" className="card">
        <h2 id="actions-heading">Action items</h2>
        {actionItems.length ? (
          <ul className="action-items">
            {actionItems.map((item, i) => (
              <li key={i}>
                <span aria-hidden="true">{item.done ? '☑' : '☐'}</span>{' '}
                <span className="visually-hidden">{item.done ? 'Done: ' : 'To do: '}</span>
                <span dangerouslySetInnerHTML={{ __html: item.html }} />{' '}
                <Link to={item.sessionId === null ? '#worklog' : `#session-${item.sessionId}`}>
                  ({item.sessionTitle})
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">No action items in the notes.</p>
        )}
      </section>
      {worklogHtml ? (
        <section id="worklog" aria-labelledby="worklog-heading" className="report-session">
          <h2 id="worklog-heading">
            <Link to={notesPath(event.slug, null)}>Worklog</Link>
          </h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: worklogHtml }} />
        </section>
      ) : null}
      {sessions.map((s) => (
        <section
          key={s.id}
          id={`session-${s.id}`}
          aria-labelledby={`session-${s.id}-heading`}
          className="report-session"
        >
          <h2 id={`session-${s.id}-heading`}>
            <Link to={sessionPath(event.slug, s.id)}>{s.title}</Link>
          </h2>
          <p className="muted">
            {s.when}
            {s.room ? ` · ${s.room}` : ''}
            {s.speakers.length ? ` · ${s.speakers.join(', ')}` : ''}
          </p>
          {s.recordings.map((r) => (
            <p key={r.url}>
              {r.title}: <a href={r.url}>{r.url}</a>
            </p>
          ))}
          {s.attachments.length ? (
            <div>
              <p>Slides and attachments:</p>
              <ul>
                {s.attachments.map((a, i) => (
                  <li key={`${i}-${a.url}`}>
                    <a href={a.url}>{a.title}</a>{' '}
                    <span className="muted">({a.kind === 'file' ? a.description : 'link'})</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {s.notesHtml ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: s.notesHtml }} />
          ) : (
            <p className="empty">No notes.</p>
          )}
        </section>
      ))}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
