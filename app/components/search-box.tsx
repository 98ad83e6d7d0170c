import { Form } from '@remix-run/react'
import { useId } from 'react'
import { SEARCH_QUERY_MAX_LENGTH } from '~/models/search/query'

type SearchBoxProps = {
  /** Where the GET form goes: `/search`, or an event's `/events/<slug>/search`. */
  action: string
  /** The field's label (visually hidden when compact). */
  label: string
  /** The name of the search landmark, when it should differ from the label. */
  landmarkLabel?: string
  defaultValue?: string
  placeholder?: string
  /** The message by the field when the last search was refused. */
  error?: string
  /** The small one-line form of the site header. */
  compact?: boolean
}

/**
 * A search form that is a plain GET form without JavaScript and a Remix <Form> with it. Its `key` follows the
 * query so that the field shows the search of the page it is on after a client-side navigation.
 */
export function SearchBox({
  action,
  label,
  landmarkLabel,
  defaultValue = '',
  placeholder,
  error,
  compact = false,
}: SearchBoxProps) {
  const id = useId()
  const errorId = `${id}-error`
  return (
    <Form
      method="get"
      action={action}
      role="search"
      aria-label={landmarkLabel ?? label}
      className={compact ? 'search-box search-box--compact' : 'search-box'}
    >
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'search-box__label'}>
        {label}
      </label>
      <div className="search-box__row">
        <input
          key={defaultValue}
          id={id}
          type="search"
          name="q"
          defaultValue={defaultValue}
          placeholder={placeholder}
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          enterKeyHint="search"
        />
        <button
          type="submit"
          className={compact ? 'button button--secondary search-box__button' : 'button search-box__button'}
        >
          Search
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-errors">
          {error}
        </p>
      ) : null}
    </Form>
  )
}
