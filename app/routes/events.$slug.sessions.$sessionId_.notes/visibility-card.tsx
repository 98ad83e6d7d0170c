import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'

/** One of the organizers' switches of a note: what it is now, and the button that turns it the other way. */
function SwitchCard({
  id,
  heading,
  intent,
  field,
  on,
  now,
  button,
}: {
  id: string
  heading: string
  intent: string
  field: string
  on: boolean
  now: string
  button: string
}) {
  return (
    <section className="card notes-visibility" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <p>{now}</p>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name={field} value={on ? 'false' : 'true'} />
        <button type="submit" className="button button--secondary">
          {button}
        </button>
      </Form>
    </section>
  )
}

/** The organizers' switch between public notes and notes only they see. */
export function VisibilityCard({ hidden }: { hidden: boolean }) {
  return (
    <SwitchCard
      id="visibility-heading"
      heading="Visibility"
      intent="visibility"
      field="hidden"
      on={hidden}
      now={
        hidden
          ? 'Hidden: only the organizers see these notes, here and on the page that shows them.'
          : 'Everyone who can see the agenda can read these notes. Organizers can hide them.'
      }
      button={hidden ? 'Show the notes to everyone' : 'Hide the notes from the public'}
    />
  )
}

/** The organizers' lock: read-only for everyone (after the event, say), or editable again. */
export function LockCard({ locked }: { locked: boolean }) {
  return (
    <SwitchCard
      id="lock-heading"
      heading="Editing"
      intent="lock"
      field="locked"
      on={locked}
      now={
        locked
          ? 'Locked: nobody can change these notes, organizers included, until they are unlocked.'
          : 'Organizers and confirmed attendees can edit. Lock the notes to keep them as they are.'
      }
      button={locked ? 'Unlock the notes' : 'Lock the notes read-only'}
    />
  )
}
