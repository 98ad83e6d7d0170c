import { Form, Link, useSearchParams } from '@remix-run/react'
import { STATUS_LABELS, STATUSES } from './view-model'

/** Filters the list by status and free text, through the address (a GET form). */
export function FilterBar({ filter }: { filter: { status: string; q: string } }) {
  const [searchParams] = useSearchParams()
  return (
    <Form method="get" className="filter-bar" role="search" aria-label="Filter registrations">
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={filter.status}>
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-q">Search</label>
        <input id="filter-q" name="q" type="search" defaultValue={filter.q} placeholder="Name, email or project" />
      </div>
      <div>
        <button type="submit" className="button">
          Filter
        </button>
      </div>
      {searchParams.toString() ? <Link to=".">Clear</Link> : null}
    </Form>
  )
}
