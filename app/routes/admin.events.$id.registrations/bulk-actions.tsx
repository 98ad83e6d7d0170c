import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { plural } from '~/utils/format'
import { BULK_FORM_ID } from './view-model'

/**
 * Approves or declines the pending registrations ticked in the table (their checkboxes name this form), each
 * one emailed as if decided alone.
 */
export function BulkActions({ pending }: { pending: number }) {
  return (
    <Form method="post" id={BULK_FORM_ID} className="bulk-bar" aria-label="Decide on the selected registrations">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="bulk" />
      <p>
        {plural(pending, 'pending registration')} shown. Tick some, then:
      </p>
      <button type="submit" name="decision" value="approved" className="button button--small">
        Approve selected
      </button>
      <button type="submit" name="decision" value="declined" className="button button--small button--secondary">
        Decline selected
      </button>
    </Form>
  )
}
