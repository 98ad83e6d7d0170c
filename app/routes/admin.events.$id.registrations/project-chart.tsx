/** Active registrations per project, as a bar table. */
export function ProjectChart({ byProject }: { byProject: { project: string; count: number }[] }) {
  if (!byProject.length) return null
  const maxProject = Math.max(1, ...byProject.map((p) => p.count))
  return (
    <section className="card" aria-labelledby="projects-heading">
      <h2 id="projects-heading">Registrations by project</h2>
      <table className="bar-table">
        <caption className="visually-hidden">Active registrations (confirmed, waiting, pending) per project</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Registrations</th>
          </tr>
        </thead>
        <tbody>
          {byProject.map((p) => (
            <tr key={p.project}>
              <th scope="row">{p.project}</th>
              <td>
                <span className="bar" style={{ width: `${(p.count / maxProject) * 100}%` }} aria-hidden="true" />
                <span className="bar-value">{p.count}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
