import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { outboxStatusLabel } from '~/models/outbox/delivery.server'
import { requireReadableOutboxEmail } from '~/access/outbox.server'
import { formatDateTime } from '~/utils/time'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.email.subject} — Outbox — Convene` : 'Outbox — Convene' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { email } = await requireReadableOutboxEmail(request, params)
  return {
    email: {
      id: email.id,
      kind: email.kind,
      to: email.to_address,
      subject: email.subject,
      eventTitle: email.event_title,
      status: email.status,
      statusLabel: outboxStatusLabel(email),
      attempts: email.attempts,
      createdAt: email.created_at,
      sentAt: email.sent_at,
      nextAttemptAt: email.next_attempt_at,
      text: email.text_body,
      html: email.html_body,
    },
  }
}

function When({ at }: { at: string | Date }) {
  const instant = new Date(at)
  return <time dateTime={instant.toISOString()}>{formatDateTime(instant, 'UTC')}</time>
}

export default function OutboxEmailPage() {
  const { email } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/outbox">Outbox</Link>
      </p>
      <div className="page-heading">
        <h1>{email.subject}</h1>
      </div>
      <div className="stack">
        <section className="card" aria-labelledby="email-facts-heading">
          <h2 id="email-facts-heading" className="visually-hidden">
            About this email
          </h2>
          <dl className="outbox-facts">
            <div>
              <dt>To</dt>
              <dd>{email.to}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`outbox-status outbox-status--${email.status}`}>{email.statusLabel}</span>
                {email.status === 'sent' && email.sentAt ? (
                  <>
                    {' '}
                    <span className="muted">
                      on <When at={email.sentAt} />
                    </span>
                  </>
                ) : email.attempts > 0 ? (
                  <>
                    {' '}
                    <span className="muted">
                      ({email.attempts} {email.attempts === 1 ? 'attempt' : 'attempts'}; next try after{' '}
                      <When at={email.nextAttemptAt} />)
                    </span>
                  </>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Queued</dt>
              <dd>
                <When at={email.createdAt} />
              </dd>
            </div>
            <div>
              <dt>Kind</dt>
              <dd>{email.kind}</dd>
            </div>
            <div>
              <dt>Event</dt>
              <dd>{email.eventTitle ?? <span className="muted">None</span>}</dd>
            </div>
          </dl>
        </section>
        <section className="card outbox-section" aria-labelledby="email-text-heading">
          <h2 id="email-text-heading">Text version</h2>
          <pre className="outbox-text">{email.text}</pre>
        </section>
        <section className="card outbox-section" aria-labelledby="email-html-heading">
          <h2 id="email-html-heading">HTML version</h2>
          <iframe
            className="outbox-html"
            srcDoc={email.html}
            sandbox=""
            title={`HTML version of the email “${email.subject}”`}
          />
        </section>
      </div>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
