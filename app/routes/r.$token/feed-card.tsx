import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { CalendarSubscribe } from '~/components/calendar-subscribe'

/** The personal calendar feed, and a new address for it if the old one leaked. */
export function FeedCard({ feedUrl, withCallLink }: { feedUrl: string; withCallLink: boolean }) {
  return (
    <section className="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Your calendar feed</h2>
      <p>
        The event
        {withCallLink ? ' with its video call link' : ''} and the sessions you star, kept up to date in your calendar.
        Keep this feed private.
      </p>
      <CalendarSubscribe feedUrl={feedUrl} label="your personal agenda" />
      <Form method="post" className="feed-reset">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="new-feed-link" />
        <button type="submit" className="button button--small button--secondary">
          Get a new feed address
        </button>{' '}
        <span className="muted small">if you shared it by mistake; the old one stops working.</span>
      </Form>
    </section>
  )
}
