import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'

/** The organizers' switch between public notes and notes only they see. */
export function VisibilityCard({ hidden }: { hidden: boolean }) {
  return (
    <section className="card notes-visibility" aria-labelledby="visibility-heading">
      <h2 id="visibility-heading">Visibility</h2>
      <p>
        {hidden
          ? 'Hidden: only the organizers see these notes, here and on the session page.'
          : 'Everyone who can see the agenda can read these notes. Organizers can hide them.'}
      </p>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="visibility" />
        <input type="hidden" name="hidden" value={hidden ? 'false' : 'true'} />
        <button type="submit" className="button button--secondary">
          {hidden ? 'Show the notes to everyone' : 'Hide the notes from the public'}
        </button>
      </Form>
    </section>
  )
}
