import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
} from '@conform-to/react'
import { useId, type ReactNode } from 'react'

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const list = errors?.filter(Boolean)
  if (!list?.length) return null
  return (
    <ul id={id} className="field-errors">
      {list.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

type FieldShellProps = {
  label: ReactNode
  hint?: ReactNode
  errors?: string[]
  errorId: string
  hintId: string
  htmlFor: string
  className?: string
  children: ReactNode
}

function FieldShell({ label, hint, errors, errorId, hintId, htmlFor, className, children }: FieldShellProps) {
  return (
    <div className={`field ${errors?.length ? 'field--invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

function describedBy(hint: ReactNode, hintId: string, errors: string[] | undefined, errorId: string) {
  return [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined
}

// conform returns a `key` with the props; React wants keys passed directly, not spread.
function withoutKey<T extends { key?: string }>(props: T): Omit<T, 'key'> {
  const { key: _key, ...rest } = props
  return rest
}

type InputType = Parameters<typeof getInputProps>[1]['type']

export function InputField({
  meta,
  label,
  hint,
  type = 'text',
  className,
  ...rest
}: {
  meta: FieldMetadata<unknown>
  label: ReactNode
  hint?: ReactNode
  type?: InputType
  className?: string
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'type' | 'name' | 'id'>) {
  const hintId = useId()
  const { key, ...props } = getInputProps(meta as FieldMetadata<string>, {
    type: type as 'text',
    ariaAttributes: false,
  })
  return (
    <FieldShell
      label={label}
      hint={hint}
      errors={meta.errors}
      errorId={meta.errorId}
      hintId={hintId}
      htmlFor={meta.id}
      className={className}
    >
      <input
        key={key}
        {...props}
        {...rest}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, hintId, meta.errors, meta.errorId)}
      />
    </FieldShell>
  )
}

export function TextareaField({
  meta,
  label,
  hint,
  rows = 6,
}: {
  meta: FieldMetadata<unknown>
  label: ReactNode
  hint?: ReactNode
  rows?: number
}) {
  const hintId = useId()
  return (
    <FieldShell label={label} hint={hint} errors={meta.errors} errorId={meta.errorId} hintId={hintId} htmlFor={meta.id}>
      <textarea
        {...withoutKey(getTextareaProps(meta as FieldMetadata<string>, { ariaAttributes: false }))}
        rows={rows}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, hintId, meta.errors, meta.errorId)}
      />
    </FieldShell>
  )
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
}: {
  meta: FieldMetadata<unknown>
  label: ReactNode
  hint?: ReactNode
  options: ReadonlyArray<{ value: string; label: string }>
  placeholder?: string
}) {
  const hintId = useId()
  return (
    <FieldShell label={label} hint={hint} errors={meta.errors} errorId={meta.errorId} hintId={hintId} htmlFor={meta.id}>
      <select
        {...withoutKey(getSelectProps(meta as FieldMetadata<string>, { ariaAttributes: false }))}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, hintId, meta.errors, meta.errorId)}
      >
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}

export function CheckboxField({
  meta,
  label,
  hint,
}: {
  meta: FieldMetadata<unknown>
  label: ReactNode
  hint?: ReactNode
}) {
  const hintId = useId()
  const { key, ...props } = getInputProps(meta as FieldMetadata<boolean>, { type: 'checkbox', ariaAttributes: false })
  return (
    <div className={`field field--checkbox ${meta.errors?.length ? 'field--invalid' : ''}`}>
      <input
        key={key}
        {...props}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, hintId, meta.errors, meta.errorId)}
      />
      <div>
        <label htmlFor={meta.id}>{label}</label>
        {hint ? (
          <p id={hintId} className="field-hint">
            {hint}
          </p>
        ) : null}
        <ErrorList id={meta.errorId} errors={meta.errors} />
      </div>
    </div>
  )
}

/** Checkboxes (several answers) or radio buttons (one) in a fieldset whose legend is the question. */
export function ChoiceGroupField({
  meta,
  legend,
  hint,
  type,
  options,
  columns = false,
}: {
  meta: FieldMetadata<unknown>
  legend: ReactNode
  hint?: ReactNode
  type: 'checkbox' | 'radio'
  options: ReadonlyArray<{ value: string; label: string }>
  columns?: boolean
}) {
  const hintId = useId()
  const items = getCollectionProps(meta as FieldMetadata<string[]>, {
    type,
    options: options.map((o) => o.value),
    ariaAttributes: false,
  })
  const labels = new Map(options.map((o) => [o.value, o.label]))
  return (
    <fieldset
      className={`field choice-group ${meta.errors?.length ? 'field--invalid' : ''}`}
      aria-describedby={describedBy(hint, hintId, meta.errors, meta.errorId)}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <div className={columns ? 'choice-group__options choice-group__options--columns' : 'choice-group__options'}>
        {items.map(({ key, ...props }) => (
          <label key={key} className="choice">
            <input {...props} />
            <span>{labels.get(props.value)}</span>
          </label>
        ))}
      </div>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}
