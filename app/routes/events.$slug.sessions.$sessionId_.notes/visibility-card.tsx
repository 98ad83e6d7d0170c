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

/** The organizers' lock: read-only for everyone (after the event, say), or editable again. */
export function LockCard({ locked }: { locked: boolean }) {
  return (
    <section className="card notes-visibility" aria-labelledby="lock-heading">
      <h2 id="lock-heading">Editing</h2>
      <p>
        {locked
          ? 'Locked: nobody can change these notes, organizers included, until they are unlocked.'
          : 'Organizers and confirmed attendees can edit. Lock the notes to keep them as they are.'}
      </p>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="lock" />
        <input type="hidden" name="locked" value={locked ? 'false' : 'true'} />
        <button type="submit" className="button button--secondary">
          {locked ? 'Unlock the notes' : 'Lock the notes read-only'}
        </button>
      </Form>
    </section>
  )
}
