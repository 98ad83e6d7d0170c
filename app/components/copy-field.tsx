import { useId, useState } from 'react'
import { useHydrated } from 'remix-utils/use-hydrated'

/**
 * A value to copy: a read-only input anyone can select (the whole of it without JavaScript), and once the page
 * runs scripts a Copy button that puts it on the clipboard and says so in a live region.
 */
export function CopyField({ value, label, describedBy }: { value: string; label: string; describedBy?: string }) {
  const inputId = useId()
  const scripted = useHydrated()
  const [message, setMessage] = useState('')

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setMessage('Copied')
    } catch {
      // No clipboard permission (or an insecure origin): the text stays selectable in the field.
      setMessage('Could not copy: select the link and copy it yourself.')
    }
  }

  return (
    <div className="copy-field">
      <label htmlFor={inputId} className="visually-hidden">
        {label}
      </label>
      <div className="copy-field__row">
        <input
          id={inputId}
          className="copy-field__input"
          type="text"
          readOnly
          value={value}
          aria-describedby={describedBy}
          onFocus={(e) => e.currentTarget.select()}
        />
        {scripted ? (
          <button type="button" className="button button--secondary" onClick={copy}>
            Copy
          </button>
        ) : null}
      </div>
      <p className="copy-field__status" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  )
}
