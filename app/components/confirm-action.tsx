import { Form } from '@remix-run/react'
import { useRef, type ReactNode } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { useHydrated } from 'remix-utils/use-hydrated'

/**
 * A destructive action that asks first. The first button only unfolds an inline "Are you sure?" holding the form
 * whose button does it; "Keep" folds it again. It is a <details>, so without JavaScript the second click is the
 * confirmation (and "Keep" is clicking the first button again, as only scripts can close it).
 */
export function ConfirmAction({
  label,
  hiddenLabel,
  question,
  confirmLabel,
  fields,
  summaryClassName = 'button button--danger',
}: {
  /** What the first button says ("Delete session"). */
  label: string
  /** Said to screen readers after the label, to tell the buttons of a list apart ("revision 3"). */
  hiddenLabel?: string
  question: string
  /** What the button that does it says ("Delete"). */
  confirmLabel: string
  /** The form's hidden inputs. */
  fields: ReactNode
  summaryClassName?: string
}) {
  const hydrated = useHydrated()
  const details = useRef<HTMLDetailsElement>(null)
  const keep = () => {
    const element = details.current
    if (!element) return
    element.open = false
    element.querySelector('summary')?.focus()
  }
  return (
    <details className="confirm-action" ref={details}>
      <summary className={summaryClassName}>
        {label}
        {hiddenLabel ? <span className="visually-hidden"> {hiddenLabel}</span> : null}
      </summary>
      <div className="confirm-action__ask">
        <p>{question}</p>
        <Form method="post" className="inline-form">
          <AuthenticityTokenInput />
          {fields}
          <button type="submit" className="button button--danger button--small">
            {confirmLabel}
            {hiddenLabel ? <span className="visually-hidden"> {hiddenLabel}</span> : null}
          </button>
          {hydrated ? (
            <button type="button" className="button button--secondary button--small" onClick={keep}>
              Keep
              {hiddenLabel ? <span className="visually-hidden"> {hiddenLabel}</span> : null}
            </button>
          ) : null}
        </Form>
      </div>
    </details>
  )
}
