import type { RegistrationCounts } from '~/models/registration/registrations.server'

/** The numbers at the top: confirmed of capacity, waiting, pending, gone; in the room and remote; checked in. */
export function CountsSection({
  counts,
  capacity,
  inPersonCapacity,
  hybrid,
  checkInOpen,
}: {
  counts: RegistrationCounts
  capacity: number | null
  inPersonCapacity: number | null
  hybrid: boolean
  checkInOpen: boolean
}) {
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading" className="visually-hidden">
        Counts
      </h2>
      <ul className="stat-grid">
        <li>
          <span className="stat">{counts.confirmed}</span> confirmed
          {capacity !== null ? <span className="muted"> of {capacity}</span> : null}
        </li>
        <li>
          <span className="stat">{counts.waitlisted}</span> waiting list
        </li>
        <li>
          <span className="stat">{counts.pending}</span> pending
        </li>
        <li>
          <span className="stat">{counts.cancelled + counts.declined}</span> cancelled or declined
        </li>
        {hybrid ? (
          <li>
            <span className="stat">{counts.confirmedInPerson}</span> in person
            {inPersonCapacity !== null ? <span className="muted"> of {inPersonCapacity}</span> : null},{' '}
            <span className="stat">{counts.confirmedRemote}</span> remote
          </li>
        ) : null}
        {checkInOpen ? (
          <li>
            <span className="stat">{counts.checkedIn}</span> checked in
          </li>
        ) : null}
      </ul>
    </section>
  )
}
