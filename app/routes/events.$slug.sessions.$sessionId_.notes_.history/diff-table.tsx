import { plural } from '~/utils/format'
import type { CompareView } from './view-model'

const KIND_LABELS = { added: 'Added', removed: 'Removed', unchanged: 'Unchanged' } as const
const KIND_SIGNS = { added: '+', removed: '−', unchanged: ' ' } as const

/** The changes between two revisions, line by line, with long unchanged runs folded. */
export function DiffTable({ compare }: { compare: CompareView }) {
  const label = `${compare.from ? `revision ${compare.from}` : 'no notes'} to revision ${compare.to}`
  return (
    <div className="stack">
      <p>
        From {label}: {plural(compare.added, 'line')} added, {plural(compare.removed, 'line')} removed.
      </p>
      {compare.rows.length ? (
        <table className="diff-table">
          <caption className="visually-hidden">Changes from {label}, line by line</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">
                Line <span className="visually-hidden">number</span> before
              </th>
              <th scope="col">
                Line <span className="visually-hidden">number</span> after
              </th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {compare.rows.map((row, i) =>
              row.kind === 'folded' ? (
                <tr key={i} className="diff-row diff-row--folded">
                  <th scope="row">
                    <span className="diff-kind">Unchanged</span>
                  </th>
                  <td colSpan={3}>… {plural(row.count, 'unchanged line')} …</td>
                </tr>
              ) : (
                <tr key={i} className={`diff-row diff-row--${row.kind}`}>
                  <th scope="row">
                    <span aria-hidden="true" className="diff-sign">
                      {KIND_SIGNS[row.kind]}
                    </span>{' '}
                    <span className="diff-kind">{KIND_LABELS[row.kind]}</span>
                  </th>
                  <td className="diff-number">{row.oldNumber ?? ''}</td>
                  <td className="diff-number">{row.newNumber ?? ''}</td>
                  <td className="diff-text">
                    {row.kind === 'added' ? (
                      <ins>{row.text || ' '}</ins>
                    ) : row.kind === 'removed' ? (
                      <del>{row.text || ' '}</del>
                    ) : (
                      row.text
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : (
        <p className="empty">These revisions have the same text.</p>
      )}
    </div>
  )
}
