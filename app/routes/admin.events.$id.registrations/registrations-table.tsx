import { ATTENDANCE_LABELS } from '~/models/registration/schema'
import { ApprovalButtons, CheckInButton, MoveForm } from './row-actions'
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

function RegistrationTableRow({
  registration: r,
  checkInOpen,
}: {
  registration: RegistrationView
  checkInOpen: boolean
}) {
  return (
    <tr>
      <th scope="row">
        {r.name}
        <br />
        <span className="muted small">{r.email}</span>
        {r.accessibility ? <span className="tag">Access needs</span> : null}
        {r.dietary ? <span className="tag">Dietary</span> : null}
        <StatusHistory name={r.name} history={r.history} />
      </th>
      <td>
        <StatusCell status={r.status} position={r.position} />
      </td>
      <td>{ATTENDANCE_LABELS[r.mode]}</td>
      <td>{r.affiliations.join(', ')}</td>
      <td>{r.registeredAt}</td>
      {checkInOpen ? <td>{r.status === 'confirmed' ? <CheckInButton registration={r} /> : null}</td> : null}
      <td>
        {r.status === 'pending' ? <ApprovalButtons registration={r} /> : null}
        <MoveForm registration={r} />
      </td>
    </tr>
  )
}

/** The people, one row each, with what an organizer can do to each registration. */
export function RegistrationsTable({ rows, checkInOpen }: { rows: RegistrationView[]; checkInOpen: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Registrations</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Attendance</th>
            <th scope="col">Projects</th>
            <th scope="col">Registered (UTC)</th>
            {checkInOpen ? <th scope="col">Check-in</th> : null}
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <RegistrationTableRow key={r.id} registration={r} checkInOpen={checkInOpen} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
