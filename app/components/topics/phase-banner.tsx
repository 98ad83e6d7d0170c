/** Where an event's topics stand, put into words by the loader (times in the event's zone). */
export type PhaseView = { tone: 'info' | 'success' | 'warning'; title: string; lines: string[] }

export function PhaseBanner({ phase }: { phase: PhaseView }) {
  return (
    <div className={`status-banner status-banner--${phase.tone} topic-phase`}>
      <p className="status-banner__title">{phase.title}</p>
      {phase.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  )
}
