import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'

/** Giving up the place, behind a checkbox; `error` is the refusal when the box was not ticked. */
export function CancelCard({ confirmed, error }: { confirmed: boolean; error: string | null }) {
  return (
    <section className="card danger-zone" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel your registration</h2>
      <p>
        {confirmed
          ? 'Your seat goes to the next person on the waiting list at once. This cannot be undone, though you can register again while there is room.'
          : 'You leave the waiting list or the approval queue.'}
      </p>
      <Form method="post" className="stack">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="cancel" />
        <div className="field field--checkbox">
          <input
            type="checkbox"
            id="confirm-cancel"
            name="confirm"
            value="yes"
            aria-describedby={error ? 'cancel-error' : undefined}
          />
          <label htmlFor="confirm-cancel">Yes, cancel my registration</label>
        </div>
        {error ? (
          <p id="cancel-error" className="field-errors">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" className="button button--danger">
            Cancel registration
          </button>
        </div>
      </Form>
    </section>
  )
}
