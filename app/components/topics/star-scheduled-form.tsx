import { useFetcher, useLocation } from '@remix-run/react'
import { useId } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'

/**
 * A registrant's choice whether the topics they voted for join their own agenda (as starred sessions) once
 * scheduled. Saved through a fetcher with JavaScript; without, the post comes back to the page.
 */
export function StarScheduledForm({ starScheduled }: { starScheduled: boolean }) {
  const fetcher = useFetcher<{ ok: boolean; message?: string }>()
  const location = useLocation()
  const id = useId()
  return (
    <fetcher.Form
      method="post"
      className="topic-star-form"
      preventScrollReset
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        form.delete('returnTo')
        fetcher.submit(form, { method: 'post', preventScrollReset: true })
      }}
    >
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="star-scheduled" />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      <div className="field field--checkbox">
        <input id={`${id}-star`} type="checkbox" name="starScheduled" defaultChecked={starScheduled} />
        <label htmlFor={`${id}-star`}>Add topics I voted for to my agenda when they are scheduled</label>
      </div>
      <button type="submit" className="button button--secondary button--small">
        Save
      </button>
      <span role="status" className="small muted">
        {fetcher.state === 'idle' && fetcher.data ? (fetcher.data.ok ? 'Saved.' : fetcher.data.message) : ''}
      </span>
    </fetcher.Form>
  )
}
