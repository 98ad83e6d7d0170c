/**
 * A group of buttons of which one is pressed (aria-pressed): a choice between ways of showing the same thing
 * (the agenda as a list or a grid, the notes' text or preview), switched in the page without a request.
 */
export function PressedButtons<T extends string>({
  label,
  options,
  value,
  onChange,
  className,
  buttonClassName,
}: {
  /** The group's accessible name. */
  label: string
  options: { value: T; label: string }[]
  value: T
  onChange: (value: T) => void
  className: string
  buttonClassName: string
}) {
  return (
    <div className={className} role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className={buttonClassName}
          aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  )
}
