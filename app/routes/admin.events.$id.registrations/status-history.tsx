import { STATUS_LABELS, type HistoryStep } from './view-model'

/**
 * A registration's status history, folded away under its name: when, from what to what, by whom and why. A
 * disclosure in the first column, so it opens without scrolling sideways on a phone.
 */
export function StatusHistory({ name, history }: { name: string; history: HistoryStep[] }) {
  if (!history.length) return null
  return (
    <details className="row-details">
      <summary>
        Status history <span className="visually-hidden">of {name}</span>
      </summary>
      <ol className="plain-list small">
        {history.map((step, i) => (
          <li key={i}>
            <time dateTime={step.atIso}>{step.at} UTC</time>:{' '}
            {step.from ? (
              <>
                {STATUS_LABELS[step.from]} <span aria-hidden="true">→</span>
                <span className="visually-hidden">to</span> {STATUS_LABELS[step.to]}
              </>
            ) : (
              <>Registered, {STATUS_LABELS[step.to].toLowerCase()}</>
            )}
            , {step.by}
            {step.reason ? <>: “{step.reason}”</> : null}
          </li>
        ))}
      </ol>
    </details>
  )
}
