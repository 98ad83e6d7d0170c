import { ATTENDANCE_LABELS } from '~/models/registration/schema'
import { ApprovalButtons, BulkCheckbox, CheckInButton, MoveForm } from './row-actions'
import { StatusHistory } from './status-history'
import { STATUS_LABELS, type RegistrationView, type Status } from './view-model'

function StatusCell({ status, position }: { status: Status; position: number | null }) {
  return (
    <span className={`status status--${status}`}>
      {STATUS_LABELS[status]}
      {status === 'waitlisted' && position ? ` #${position}` : ''}
    </span>
  )
}

type Columns = { checkInOpen: boolean; selectable: boolean }

function RegistrationTableRow({ registration: r, columns }: { registration: RegistrationView; columns: Columns }) {
  return (
    <tr>
      {columns.selectable ? (
        <td className="select-cell">{r.status === 'pending' ? <BulkCheckbox registration={r} /> : null}</td>
      ) : null}
      <th scope="row">
        {r.name}
        <br />
        <span className="muted small">{r.email}</span>
        {r.accessibility ? <span className="tag">Access needs</span> : null}
        {r.dietary ? <span className="tag">Dietary</span> : null}
        <StatusHistory name={r.name} history={r.history} />
      </th>
      {columns.checkInOpen ? (
        <td className="cell--check-in">{r.status === 'confirmed' ? <CheckInButton registration={r} /> : null}</td>
      ) : null}
      <td data-label="Status">
        <StatusCell status={r.status} position={r.position} />
      </td>
      <td data-label="Attendance">{ATTENDANCE_LABELS[r.mode]}</td>
      <td data-label="Projects">{r.affiliations.join(', ')}</td>
      <td data-label="Registered">{r.registeredAt} UTC</td>
      <td className="cell--actions">
        {r.status === 'pending' ? <ApprovalButtons registration={r} /> : null}
        <MoveForm registration={r} />
      </td>
    </tr>
  )
}

/**
 * The people, one row each, with what an organizer can do to each registration. On a phone each row is a card
 * with its Check in button right under the name.
 */
export function RegistrationsTable({ rows, checkInOpen }: { rows: RegistrationView[]; checkInOpen: boolean }) {
  const columns = { checkInOpen, selectable: rows.some((r) => r.status === 'pending') }
  return (
    <div className="table-scroll">
      <table className="data-table data-table--cards registrations-table">
        <caption className="visually-hidden">Registrations</caption>
        <thead>
          <tr>
            {columns.selectable ? (
              <th scope="col">
                <span className="visually-hidden">Select</span>
              </th>
            ) : null}
            <th scope="col">Name</th>
            {checkInOpen ? <th scope="col">Check-in</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Attendance</th>
            <th scope="col">Projects</th>
            <th scope="col">Registered</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <RegistrationTableRow key={r.id} registration={r} columns={columns} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
