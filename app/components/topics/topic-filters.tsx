import { Form, Link, useSubmit } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { TOPIC_KIND_LABELS, TOPIC_KINDS, TOPIC_SORT_LABELS, TOPIC_SORTS } from '~/models/topics/topic-schema'

export type TopicQueryView = {
  sort: string
  kind: string
  project: string
  status: string
  q: string
}

const STATUS_LABELS = {
  active: 'Open & accepted',
  accepted: 'Accepted',
  declined: 'Declined',
  all: 'All',
} as const

/**
 * Search, sort and filters, sent as the address's query. With JavaScript a changed choice applies at once
 * (replacing the address instead of stacking history entries); the button serves the search box and browsers
 * without it. Sorting by votes is only offered while counts are shown: the order would give them away.
 */
export function TopicFilters({
  query,
  sortOffered,
  projects,
  clearHref,
}: {
  query: TopicQueryView
  sortOffered: boolean
  projects: string[]
  clearHref: string
}) {
  const submit = useSubmit()
  const form = useRef<HTMLFormElement>(null)
  // "Clear filters" is a link: the fields follow the address it goes to (and only then, not on every reload of
  // the page's data, which would drop a search being typed).
  const { sort, kind, project, status, q } = query
  useEffect(() => {
    const fields = form.current?.elements
    if (!fields) return
    for (const [name, value] of Object.entries({ sort, kind, project, status, q })) {
      const field = fields.namedItem(name)
      if (field instanceof HTMLSelectElement || field instanceof HTMLInputElement) field.value = value
    }
  }, [sort, kind, project, status, q])
  const filtered = Boolean(query.kind || query.project || query.q || query.status !== 'active')
  return (
    <Form
      ref={form}
      method="get"
      className="filter-bar topic-filters"
      aria-label="Search and filter topics"
      preventScrollReset
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement)
          submit(event.currentTarget, { replace: true, preventScrollReset: true })
      }}
    >
      <div className="field topic-filters__search">
        <label htmlFor="topic-q">Search topics</label>
        <input id="topic-q" type="search" name="q" defaultValue={query.q} maxLength={200} />
      </div>
      {sortOffered ? (
        <Choice
          name="sort"
          label="Sort"
          value={query.sort}
          options={TOPIC_SORTS.map((s) => [s, TOPIC_SORT_LABELS[s]])}
        />
      ) : null}
      <Choice
        name="kind"
        label="Kind"
        value={query.kind}
        options={[['', 'All kinds'], ...TOPIC_KINDS.map((k) => [k, TOPIC_KIND_LABELS[k]] as const)]}
      />
      <Choice
        name="project"
        label="Project"
        value={query.project}
        options={[['', 'All projects'], ...projects.map((p) => [p, p] as const)]}
      />
      <Choice name="status" label="Status" value={query.status} options={Object.entries(STATUS_LABELS)} />
      <div className="topic-filters__actions">
        <button type="submit" className="button button--secondary">
          Show topics
        </button>
        {filtered ? (
          <Link to={clearHref} replace preventScrollReset>
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  )
}

function Choice({
  name,
  label,
  value,
  options,
}: {
  name: string
  label: string
  value: string
  options: ReadonlyArray<readonly [string, string]>
}) {
  const id = `topic-${name}`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  )
}
