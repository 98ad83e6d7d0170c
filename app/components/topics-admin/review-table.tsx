import type { TopicStatus } from '#db/schema'
import { Link } from '@remix-run/react'
import { QuickDecision, ReturnToList } from './decision-forms'
import { TopicStatusLabel } from './topic-status'

/** One topic as the review list shows it, formatted by the loader. */
export type ReviewRow = {
  id: number
  title: string
  status: TopicStatus
  scheduled: boolean
  votes: number
  kind: string
  minutes: number
  leads: string
  proposer: string
  created: string
}

function RowActions({ row, filter, basePath }: { row: ReviewRow; filter: string; basePath: string }) {
  const { id, status, title, scheduled } = row
  const page = `${basePath}/${id}`
  return (
    <>
      {status === 'pending_review' ? (
        <QuickDecision action="approve" formAction={page} label="Approve" hiddenLabel={title}>
          <ReturnToList status={filter} />
        </QuickDecision>
      ) : null}
      {status === 'pending_review' || status === 'open' || status === 'declined' ? (
        <QuickDecision action="accept" formAction={page} label="Accept" hiddenLabel={title} secondary>
          <ReturnToList status={filter} />
        </QuickDecision>
      ) : null}
      <ul className="inline-list small">
        {(status === 'pending_review' || status === 'open' || status === 'accepted') && !scheduled ? (
          <li>
            <Link to={`${page}#decline`}>
              Decline<span className="visually-hidden"> {title}</span>…
            </Link>
          </li>
        ) : null}
        {status === 'pending_review' || status === 'open' || status === 'accepted' ? (
          <li>
            <Link to={`${page}#schedule`}>
              {scheduled ? 'Move' : 'Schedule'}
              <span className="visually-hidden"> {title}</span>…
            </Link>
          </li>
        ) : null}
      </ul>
    </>
  )
}

/** Every topic of the event, pending ones first, with the decisions that apply to each in one click. */
export function ReviewTable({
  rows,
  filter,
  basePath,
}: {
  rows: ReviewRow[]
  filter: string
  /** The review list's address; each topic's page is under it. */
  basePath: string
}) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--cards">
        <caption className="visually-hidden">Topics</caption>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Status</th>
            <th scope="col">Votes</th>
            <th scope="col">Kind</th>
            <th scope="col">Length</th>
            <th scope="col">Leads</th>
            <th scope="col">Proposed by</th>
            <th scope="col">Proposed</th>
            <th scope="col">Decide</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.status === 'withdrawn' || row.status === 'merged' ? 'row--cancelled' : undefined}>
              <th scope="row">
                <Link to={`${basePath}/${row.id}`}>{row.title}</Link>
              </th>
              <td data-label="Status">
                <TopicStatusLabel status={row.status} scheduled={row.scheduled} />
              </td>
              <td data-label="Votes">{row.votes}</td>
              <td data-label="Kind">{row.kind}</td>
              <td data-label="Length">{row.minutes} min</td>
              <td data-label="Leads">{row.leads}</td>
              <td data-label="Proposed by">{row.proposer}</td>
              <td data-label="Proposed">{row.created}</td>
              <td className="cell--actions">
                <RowActions row={row} filter={filter} basePath={basePath} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
