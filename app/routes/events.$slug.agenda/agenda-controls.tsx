import { Form, useSubmit } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { CalendarSubscribe } from '~/components/calendar-subscribe'
import { SESSION_KIND_LABELS } from '~/models/agenda/session-schema'
import { eventPath } from '~/utils/paths'
import { PressedButtons } from '~/components/pressed-buttons'

export type AgendaView = 'list' | 'grid'
type Filter = { track?: string; kind?: string; room?: string }
type Facets = { tracks: string[]; kinds: string[]; rooms: string[] }

/**
 * Track, kind and room filters, sent as the address's query (the layout chosen is kept with them). With
 * JavaScript a change applies at once, replacing the address instead of stacking history entries; the Filter
 * button is there until then, for browsers without it.
 */
export function FilterBar({ facets, filter, view }: { facets: Facets; filter: Filter; view: AgendaView }) {
  const submit = useSubmit()
  const hydrated = useHydrated()
  const form = useRef<HTMLFormElement>(null)
  // The selects keep what the person chose while the page reloads in place; "Clear filters" (a link) changes the
  // address alone, so the selects follow it here.
  useEffect(() => {
    const fields = form.current?.elements
    if (!fields) return
    const shown = { track: filter.track, kind: filter.kind, room: filter.room }
    for (const [name, value] of Object.entries(shown)) {
      const select = fields.namedItem(name)
      if (select instanceof HTMLSelectElement) select.value = value ?? ''
    }
  }, [filter.track, filter.kind, filter.room])
  return (
    <Form
      ref={form}
      method="get"
      className="filter-bar"
      aria-label="Filter the agenda"
      preventScrollReset
      onChange={(event) => submit(event.currentTarget, { replace: true, preventScrollReset: true })}
    >
      <input type="hidden" name="view" value={view} />
      <FacetSelect name="track" label="Track" all="All tracks" values={facets.tracks} chosen={filter.track} />
      <FacetSelect
        name="kind"
        label="Kind"
        all="All kinds"
        values={facets.kinds}
        chosen={filter.kind}
        labelOf={(kind) => SESSION_KIND_LABELS[kind as keyof typeof SESSION_KIND_LABELS] ?? kind}
      />
      <FacetSelect name="room" label="Room" all="All rooms" values={facets.rooms} chosen={filter.room} />
      {hydrated ? null : (
        <div>
          <button type="submit" className="button button--secondary">
            Filter
          </button>
        </div>
      )}
    </Form>
  )
}

/** One of the agenda's filters: a labelled select of the values the published sessions have, "all" first. */
function FacetSelect(props: {
  name: keyof Filter
  label: string
  all: string
  values: string[]
  chosen: string | undefined
  labelOf?: (value: string) => string
}) {
  return (
    <div className="field">
      <label htmlFor={props.name}>{props.label}</label>
      <select id={props.name} name={props.name} defaultValue={props.chosen ?? ''}>
        <option value="">{props.all}</option>
        {props.values.map((value) => (
          <option key={value} value={value}>
            {props.labelOf ? props.labelOf(value) : value}
          </option>
        ))}
      </select>
    </div>
  )
}

/** List or grid by room, switched in the page without a request. */
export function ViewSwitch({ view, onChange }: { view: AgendaView; onChange: (view: AgendaView) => void }) {
  return (
    <PressedButtons
      label="Layout"
      options={[
        { value: 'list', label: 'List' },
        { value: 'grid', label: 'Grid by room' },
      ]}
      value={view}
      onChange={onChange}
      className="view-switch"
      buttonClassName="button button--small button--secondary"
    />
  )
}

/** The agenda's calendar feed (of the track filtered on, if any) and its exports for conference apps. */
export function SubscribeBox({
  event,
  track,
  feedUrl,
}: {
  event: { slug: string; title: string }
  track: string | undefined
  feedUrl: string
}) {
  return (
    <details className="subscribe-box no-print">
      <summary>Follow this agenda in your calendar{track ? ` (track ${track})` : ''}</summary>
      <CalendarSubscribe feedUrl={feedUrl} label={`the ${event.title} agenda${track ? `, track ${track}` : ''}`} />
      <p className="small muted">
        For conference apps: <a href={eventPath(event.slug, 'schedule.xml')}>schedule.xml</a> (frab),{' '}
        <a href={eventPath(event.slug, 'schedule.json')}>schedule.json</a> (C3VOC).
      </p>
    </details>
  )
}
