import { Form, Link, useSearchParams, useSubmit } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { STATUS_LABELS, STATUSES } from './view-model'

/** Fewer letters than this match too many people to be worth a request while typing. */
const SEARCH_MIN_LETTERS = 3
const SEARCH_DEBOUNCE_MS = 250

/**
 * Filters the list by status and by part of a name, an email or a project, through the address (a GET form).
 * With JavaScript the list follows as one types (from three letters, debounced) and as the status changes; without
 * it, the Filter button sends the form. At the door on a phone: type three letters, tap Check in.
 */
export function FilterBar({ filter }: { filter: { status: string; q: string } }) {
  const [searchParams] = useSearchParams()
  const submit = useSubmit()
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  // Follows the address, so the select always shows the filter the list is showing (after any post too).
  const [status, setStatus] = useState(filter.status)
  const [listed, setListed] = useState(filter.status)
  if (listed !== filter.status) {
    setListed(filter.status)
    setStatus(filter.status)
  }
  useEffect(() => () => clearTimeout(timer.current), [])
  const send = (form: HTMLFormElement | null) => {
    if (form) submit(form, { replace: true, preventScrollReset: true })
  }
  return (
    <Form method="get" className="filter-bar check-in-search" role="search" aria-label="Filter registrations">
      <div className="field">
        <label htmlFor="filter-q">Search</label>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={filter.q}
          placeholder="Three letters of a name, or part of an email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          enterKeyHint="search"
          onChange={(event) => {
            const form = event.currentTarget.form
            const typed = event.currentTarget.value.trim()
            clearTimeout(timer.current)
            if (typed.length > 0 && typed.length < SEARCH_MIN_LETTERS) return
            timer.current = setTimeout(() => send(form), SEARCH_DEBOUNCE_MS)
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select
          id="filter-status"
          name="status"
          value={status}
          onChange={(event) => {
            setStatus(event.currentTarget.value)
            send(event.currentTarget.form)
          }}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
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
