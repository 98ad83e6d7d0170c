import type { TopicLead, TopicStatus } from '#db/schema'
import { Link } from '@remix-run/react'
import { plural } from '~/utils/format'
import { TopicStatusLabel } from './topic-status'

/** One topic as its admin page shows it, formatted by the loader. */
export type TopicFactsView = {
  status: TopicStatus
  scheduled: boolean
  kind: string
  wantedMinutes: number
  votes: number
  comments: number
  leads: TopicLead[]
  projects: string[]
  proposerName: string
  proposerEmail: string | null
  created: string
  updated: string
  descriptionHtml: string
  decisionMessage: string | null
  mergedInto: { title: string; adminPath: string } | null
  /** The public page, where visitors can see it (not while it waits for review). */
  publicPath: string | null
}

function Leads({ leads }: { leads: TopicLead[] }) {
  if (!leads.length) return <>None named yet</>
  return (
    <ul className="plain-list">
      {leads.map((lead, i) => (
        <li key={i}>
          {lead.name}
          {lead.project ? <span className="muted"> ({lead.project})</span> : null}
          {lead.moderates ? ', moderates' : ''}
        </li>
      ))}
    </ul>
  )
}

/** Everything the proposal says, and what became of it. */
export function TopicFacts({ topic }: { topic: TopicFactsView }) {
  return (
    <section className="card stack" aria-labelledby="proposal-heading">
      <h3 id="proposal-heading">Proposal</h3>
      <dl className="outbox-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <TopicStatusLabel status={topic.status} scheduled={topic.scheduled} />
          </dd>
        </div>
        <div>
          <dt>Votes</dt>
          <dd>{topic.votes}</dd>
        </div>
        <div>
          <dt>Kind and length</dt>
          <dd>
            {topic.kind}, {topic.wantedMinutes} minutes
          </dd>
        </div>
        <div>
          <dt>Leads</dt>
          <dd>
            <Leads leads={topic.leads} />
          </dd>
        </div>
        <div>
          <dt>Projects</dt>
          <dd>{topic.projects.length ? topic.projects.join(', ') : 'None named'}</dd>
        </div>
        <div>
          <dt>Proposed by</dt>
          <dd>
            {topic.proposerName}
            {topic.proposerEmail ? (
              <>
                {' '}
                <a href={`mailto:${topic.proposerEmail}`} className="small">
                  {topic.proposerEmail}
                </a>
              </>
            ) : (
              <span className="muted small"> (no email address)</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Proposed</dt>
          <dd>{topic.created}</dd>
        </div>
        <div>
          <dt>Last changed</dt>
          <dd>{topic.updated}</dd>
        </div>
        <div>
          <dt>Discussion</dt>
          <dd>{plural(topic.comments, 'comment')}</dd>
        </div>
      </dl>
      {topic.mergedInto ? (
        <p>
          Merged into <Link to={topic.mergedInto.adminPath}>{topic.mergedInto.title}</Link>, which has its votes now.
        </p>
      ) : null}
      {topic.decisionMessage ? (
        <p>
          <strong>Message sent with the decision:</strong> {topic.decisionMessage}
        </p>
      ) : null}
      {topic.descriptionHtml.trim() ? (
        <div className="prose" dangerouslySetInnerHTML={{ __html: topic.descriptionHtml }} />
      ) : (
        <p className="muted">No description.</p>
      )}
      {topic.publicPath ? (
        <p>
          <Link to={topic.publicPath}>The topic’s public page</Link>
        </p>
      ) : (
        <p className="muted">Not shown to the public while it waits for review.</p>
      )}
    </section>
  )
}

export type TopicSessionView = {
  adminPath: string
  agendaPath: string
  publicPath: string | null
  when: string
  room: string | null
  cancelled: boolean
  agenda: 'unpublished' | 'published' | 'changed'
  warnings: string[]
}

const AGENDA_STATE: Record<TopicSessionView['agenda'], string> = {
  unpublished: 'Not published yet: the public agenda shows it once you publish the agenda.',
  changed: 'Published, with changes the public sees once you publish the agenda again.',
  published: 'Published: it is on the public agenda as shown here.',
}

/** The session the topic became: when and where, and whether the public agenda has it yet. */
export function TopicSession({ session }: { session: TopicSessionView }) {
  return (
    <section className="card stack" aria-labelledby="session-heading">
      <h3 id="session-heading">On the agenda</h3>
      <p>
        <strong>{session.when}</strong>
        {session.room ? `, ${session.room}` : ', no room yet'}
        {session.cancelled ? <span className="tag tag--danger">Cancelled</span> : null}
      </p>
      <p>{AGENDA_STATE[session.agenda]}</p>
      {session.warnings.length ? (
        <ul className="notice notice--warning">
          {session.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
      <ul className="inline-list">
        <li>
          <Link to={session.adminPath}>Edit the session</Link>
        </li>
        <li>
          <Link to={session.agendaPath}>Agenda and publishing</Link>
        </li>
        {session.publicPath ? (
          <li>
            <Link to={session.publicPath}>Its public page</Link>
          </li>
        ) : null}
      </ul>
    </section>
  )
}
