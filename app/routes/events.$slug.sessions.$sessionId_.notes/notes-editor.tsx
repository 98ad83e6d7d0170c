import { Form, useNavigation } from '@remix-run/react'
import { useId, useState, type FormEvent } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { MarkdownField } from '~/components/markdown-field'
import { noteWarnings } from '~/models/notes/merge'
import type { EditorResult } from './editor-result'

/**
 * The text and the revision it is based on, kept in the page and brought up to date by each save's answer (never
 * by reloading the page's data, which arrives later and would overwrite what the author typed since). If the
 * author typed on while a save was on its way, their text is kept and only what it is based on moves on.
 */
function useEditorState(initial: { text: string; baseRevision: number }, result: EditorResult | undefined) {
  const [text, setText] = useState(() => (result && 'text' in result ? result.text : initial.text))
  const [baseRevision, setBaseRevision] = useState(() =>
    result && 'baseRevision' in result ? result.baseRevision : initial.baseRevision,
  )
  const [appliedKey, setAppliedKey] = useState(result?.key ?? null)
  const [submitted, setSubmitted] = useState<string | null>(null)
  if (result && result.key !== appliedKey) {
    setAppliedKey(result.key)
    const typedSince = submitted !== null && text !== submitted
    if (result.kind === 'saved') {
      if (!typedSince) setText(result.text)
      // Typing on top of a merged text the author has not seen yet: keep the old base, so the next save merges.
      if (!(typedSince && result.merged)) setBaseRevision(result.baseRevision)
    } else if (result.kind === 'conflict') {
      if (!typedSince) {
        setText(result.text)
        setBaseRevision(result.baseRevision)
      }
    } else if (result.kind !== 'visibility') {
      setBaseRevision(result.baseRevision)
    }
  }
  return { text, setText, baseRevision, markSubmitted: setSubmitted }
}

/**
 * The editor's form, for browsers without JavaScript (with it, the page shows the live editor instead): the text,
 * the revision it is based on, and "Save anyway" once a warning was shown. A save is merged with what changed
 * since and applied to the live document as a change (app/models/notes/edits.server.ts).
 */
export function NotesEditor({
  initial,
  result,
}: {
  initial: { text: string; baseRevision: number }
  result: EditorResult | undefined
}) {
  const navigation = useNavigation()
  const { text, setText, baseRevision, markSubmitted } = useEditorState(initial, result)
  const [clientWarnings, setClientWarnings] = useState<string[] | null>(null)
  const serverErrors = result && 'errors' in result ? result.errors : null
  const errors = clientWarnings ?? serverErrors?.body ?? serverErrors?.baseRevision ?? null
  const showConfirm = Boolean(clientWarnings?.length) || result?.kind === 'warnings'

  // The same checks as the server's, before sending: the author sees the warnings without a round trip.
  function checkBeforeSaving(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget
    const confirmed = (form.elements.namedItem('confirm') as HTMLInputElement | null)?.checked ?? false
    const warnings = noteWarnings(text)
    if (warnings.length && !confirmed) {
      event.preventDefault()
      setClientWarnings(warnings)
      ;(form.elements.namedItem('body') as HTMLTextAreaElement).focus()
    } else {
      setClientWarnings(null)
      markSubmitted(text)
    }
  }

  return (
    <>
      <Form method="post" className="notes-form" onSubmit={checkBeforeSaving}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="baseRevision" value={baseRevision} />
        <MarkdownField renderer="notes">
          <NotesField text={text} onChange={setText} errors={errors} />
        </MarkdownField>
        {showConfirm ? <SaveAnywayField /> : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            Save notes
          </button>
        </div>
      </Form>
    </>
  )
}

function NotesField({
  text,
  onChange,
  errors,
}: {
  text: string
  onChange: (text: string) => void
  errors: string[] | null
}) {
  const hintId = useId()
  const errorId = useId()
  return (
    <div className={`field ${errors?.length ? 'field--invalid' : ''}`}>
      <label htmlFor="notes-body">Notes</label>
      <p id={hintId} className="field-hint">
        Markdown, as on GitHub: <code>## Heading</code>, <code>- list</code>, task lists{' '}
        <code>- [ ] @name: action item</code>, tables and <code>[links](https://…)</code>. Images need alt text:{' '}
        <code>![What the image shows](address)</code>.
      </p>
      <textarea
        id="notes-body"
        name="body"
        rows={20}
        className="notes-textarea"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        spellCheck
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errors?.length ? errorId : null].filter(Boolean).join(' ')}
      />
      <div role="alert">
        {errors?.length ? (
          <ul id={errorId} className="field-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  )
}

function SaveAnywayField() {
  return (
    <div className="field field--checkbox">
      <input type="checkbox" id="notes-confirm" name="confirm" value="yes" />
      <div>
        <label htmlFor="notes-confirm">Save anyway</label>
        <p className="field-hint">Keep the text as it is, despite the warning above.</p>
      </div>
    </div>
  )
}
