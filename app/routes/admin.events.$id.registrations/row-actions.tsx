import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { BULK_FORM_ID, STATUS_LABELS, STATUSES, type RegistrationView } from './view-model'

/** Checks a confirmed attendee in, or undoes it: a big target, for a phone at the door. */
export function CheckInButton({ registration: r }: { registration: RegistrationView }) {
  return (
    <Form method="post">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="check-in" />
      <input type="hidden" name="registrationId" value={r.id} />
      {r.checkedIn ? null : <input type="hidden" name="checkedIn" value="on" />}
      <button
        type="submit"
        className="button button--check-in"
        aria-pressed={r.checkedIn}
      >
        {r.checkedIn ? '✓ Checked in' : 'Check in'} <span className="visually-hidden">{r.name}</span>
      </button>
    </Form>
  )
}

/** Ticks a pending registration for the bulk decision (the form above the table, by its id). */
export function BulkCheckbox({ registration: r }: { registration: RegistrationView }) {
  return (
    <input
      type="checkbox"
      name="ids"
      value={r.id}
      form={BULK_FORM_ID}
      aria-label={`Select ${r.name}`}
      className="bulk-checkbox"
    />
  )
}

/** Approve or decline a pending registration in one click. */
export function ApprovalButtons({ registration: r }: { registration: RegistrationView }) {
  return (
    <Form method="post" className="inline-form">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="registrationId" value={r.id} />
      <button type="submit" name="to" value="approved" className="button button--small">
        Approve <span className="visually-hidden">{r.name}</span>
      </button>
      <button type="submit" name="to" value="declined" className="button button--small button--secondary">
        Decline <span className="visually-hidden">{r.name}</span>
      </button>
    </Form>
  )
}

/**
 * Moves the registration to any other status, with a reason that is emailed to them. Keyed by the
 * registration's history, so once a move is made the panel closes and its form starts empty again.
 */
export function MoveForm({ registration: r }: { registration: RegistrationView }) {
  return (
    <details className="row-details" key={`${r.status}-${r.history.length}`}>
      <summary>
        Move or cancel <span className="visually-hidden">{r.name}</span>
      </summary>
      <Form method="post" className="stack">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="registrationId" value={r.id} />
        <div className="field">
          <label htmlFor={`to-${r.id}`}>New status</label>
          <select id={`to-${r.id}`} name="to" defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {STATUSES.filter((s) => s !== r.status).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`reason-${r.id}`}>Reason (sent to them)</label>
          <input id={`reason-${r.id}`} name="reason" maxLength={500} />
        </div>
        <div>
          <button type="submit" className="button button--small">
            Apply
          </button>
        </div>
      </Form>
    </details>
  )
}
