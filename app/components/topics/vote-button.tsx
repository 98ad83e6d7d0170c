import { useFetcher, useLocation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'

type VoteReply = { ok: boolean; message?: string }

/**
 * A topic's vote count and, for whoever may vote, the toggle that gives or takes back their one vote
 * (aria-pressed). With JavaScript it posts through a fetcher and shows the change at once; without, the post
 * carries the page it came from and the browser comes back to it.
 */
export function VoteButton({
  topicId,
  title,
  voted,
  votes,
  mayVote,
}: {
  topicId: number
  title: string
  voted: boolean
  /** Null while counts are hidden. */
  votes: number | null
  mayVote: boolean
}) {
  const fetcher = useFetcher<VoteReply>()
  const location = useLocation()
  const pendingIntent = fetcher.formData?.get('intent')
  const on = pendingIntent ? pendingIntent === 'vote' : voted
  const shownVotes = votes === null ? null : votes + (pendingIntent && on !== voted ? (on ? 1 : -1) : 0)
  const refusal = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null
  return (
    <div className="vote">
      <p className="vote__count" aria-live="polite">
        {shownVotes === null ? (
          <span className="muted">Counts hidden until voting closes</span>
        ) : (
          <>
            <strong>{shownVotes}</strong> {shownVotes === 1 ? 'vote' : 'votes'}
            <span className="visually-hidden"> for {title}</span>
          </>
        )}
      </p>
      {mayVote ? (
        <fetcher.Form
          method="post"
          className="vote__form"
          preventScrollReset
          onSubmit={(event) => {
            // The fetcher's answer updates this page in place: no redirect wanted.
            event.preventDefault()
            const form = new FormData(event.currentTarget)
            form.delete('returnTo')
            fetcher.submit(form, { method: 'post', preventScrollReset: true })
          }}
        >
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value={on ? 'unvote' : 'vote'} />
          <input type="hidden" name="topicId" value={topicId} />
          <input type="hidden" name="returnTo" value={location.pathname + location.search} />
          <button type="submit" className={`vote-button ${on ? 'vote-button--on' : ''}`} aria-pressed={on}>
            <span aria-hidden="true">{on ? '✓' : '▲'}</span> {on ? 'Voted' : 'Vote'}
            <span className="visually-hidden"> for {title}</span>
          </button>
        </fetcher.Form>
      ) : null}
      {refusal ? (
        <p className="vote__error" role="alert">
          {refusal}
        </p>
      ) : null}
    </div>
  )
}
