import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { noteWarnings } from '~/models/notes/merge'
import { fieldErrors, NotesSaveSchema } from '~/models/notes/schema'
import { NotesError, saveNotes, setNotesHidden } from '~/models/notes/notes.server'
import { requireEditableNotes } from '~/access/notes.server'
import { validateCsrf } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { sessionPath } from '~/utils/paths'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, session, notes, access } = await requireEditableNotes(request, params)
  return {
    event: { slug: event.slug, title: event.title },
    session: { id: session.session_id, title: session.title },
    notes: {
      revision: notes.revision,
      body: notes.body,
      author: notes.author,
      savedAt: notes.updatedAt ? formatDateTime(notes.updatedAt, event.time_zone) : null,
      hidden: notes.hidden,
    },
    canManage: access.canManage,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit notes: ${data.session.title} — Convene` : 'Edit notes — Convene' },
  { name: 'robots', content: 'noindex' },
]

/** What a save (or a change of visibility) answers; every answer has a key of its own. */
type EditorResult =
  | { kind: 'saved'; key: string; text: string; baseRevision: number; merged: boolean; message: string }
  | { kind: 'unchanged'; key: string; baseRevision: number; message: string }
  | { kind: 'visibility'; key: string; message: string }
  | { kind: 'invalid' | 'warnings'; key: string; text: string; baseRevision: number; errors: Record<string, string[]> }
  | {
      kind: 'conflict'
      key: string
      text: string
      mine: string
      baseRevision: number
      conflicts: number
      theirs: { revision: number; author: string; body: string; savedAt: string }
    }

/** Every answer goes through here, so the page's type of action data is exactly EditorResult. */
function answer(result: EditorResult, status = 200) {
  return data(result, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, author, access, event, notes } = await requireEditableNotes(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const key = `${Date.now()}-${Math.random()}`

  if (formData.get('intent') === 'visibility') {
    if (!access.canManage) throw new Response('Only the organizers can hide or show notes.', { status: 403 })
    const hidden = formData.get('hidden') === 'true'
    await setNotesHidden(session.session_id, hidden)
    return answer({
      kind: 'visibility',
      key,
      message: hidden
        ? 'The notes are now hidden: only organizers see them.'
        : 'The notes are visible to everyone again.',
    })
  }

  const raw = {
    body: formData.get('body') ?? undefined,
    baseRevision: formData.get('baseRevision') ?? undefined,
    confirm: formData.get('confirm') ?? undefined,
  }
  const parsed = NotesSaveSchema.safeParse(raw)
  if (!parsed.success) {
    const text = typeof raw.body === 'string' ? raw.body : ''
    const baseRevision = Number(raw.baseRevision) || 0
    return answer({ kind: 'invalid', key, errors: fieldErrors(parsed.error), text, baseRevision }, 400)
  }
  const input = parsed.data
  const warnings = noteWarnings(input.body)
  if (warnings.length && !input.confirm) {
    return answer(
      { kind: 'warnings', key, errors: { body: warnings }, text: input.body, baseRevision: input.baseRevision },
      400,
    )
  }
  try {
    const outcome = await saveNotes(session.session_id, input, author)
    if (outcome.status === 'conflict') {
      return answer(
        {
          kind: 'conflict',
          key,
          text: outcome.conflictText,
          mine: input.body,
          baseRevision: outcome.current.revision,
          conflicts: outcome.conflicts,
          theirs: {
            revision: outcome.current.revision,
            author: outcome.current.author,
            body: outcome.current.body,
            savedAt: formatDateTime(outcome.current.updatedAt, event.time_zone),
          },
        },
        409,
      )
    }
    if (outcome.status === 'unchanged') {
      return answer({
        kind: 'unchanged',
        key,
        baseRevision: outcome.revision,
        message: `Nothing to save: revision ${outcome.revision} already has this text.`,
      })
    }
    // The saved text (merged, possibly) and its revision go back with the answer, so the editor shows them at
    // once, not only after the page's data is reloaded.
    return answer({
      kind: 'saved',
      key,
      text: outcome.body,
      baseRevision: outcome.revision,
      merged: outcome.merged,
      message: outcome.merged
        ? `Someone else saved while you were editing. Your changes were merged with theirs and saved as revision ${outcome.revision}: check the text below.`
        : `Saved as revision ${outcome.revision}.`,
    })
  } catch (error) {
    if (error instanceof NotesError) {
      return answer(
        {
          kind: 'invalid',
          key,
          errors: { baseRevision: [error.message] },
          text: input.body,
          baseRevision: notes.revision,
        },
        400,
      )
    }
    throw error
  }
}

type Poll = { revision: number; updatedAt: string | null; author: string | null }

/** The latest revision as the server knows it, asked every 10 seconds while the editor is open. */
function useLatestRevision(url: string): Poll | null {
  const [latest, setLatest] = useState<Poll | null>(null)
  useEffect(() => {
    let controller: AbortController | null = null
    const timer = window.setInterval(() => {
      controller?.abort()
      controller = new AbortController()
      fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? (response.json() as Promise<Poll>) : null))
        .then((poll) => {
          if (poll) setLatest(poll)
        })
        .catch(() => {
          // Offline or navigating away: the next tick tries again.
        })
    }, 10_000)
    return () => {
      window.clearInterval(timer)
      controller?.abort()
    }
  }, [url])
  return latest
}

function NewerRevisionNotice({
  url,
  baseRevision,
  historyUrl,
}: {
  url: string
  baseRevision: number
  historyUrl: string
}) {
  const latest = useLatestRevision(url)
  const newer = latest && latest.revision > baseRevision ? latest : null
  return (
    <div role="status" aria-live="polite" className="notes-live">
      {newer ? (
        <p className="notice notice--warning">
          A newer version was saved by {newer.author ?? 'someone'} (revision {newer.revision}). When you save, your
          changes are merged with it; if you both changed the same lines, you will be shown both versions.{' '}
          <a href={`${historyUrl}?from=${baseRevision}&to=${newer.revision}`} target="_blank" rel="noopener noreferrer">
            See what changed (opens in a new tab)
          </a>
        </p>
      ) : null}
    </div>
  )
}

type ActionResult = EditorResult

/**
 * The text and the revision it is based on, kept in the page and brought up to date by each save's answer (never
 * by reloading the page's data, which arrives later and would overwrite what the author typed since). If the
 * author typed on while a save was on its way, their text is kept and only what it is based on moves on.
 */
function useEditorState(initial: { text: string; baseRevision: number }, result: ActionResult | undefined) {
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

function NotesEditor({
  initial,
  result,
  pollUrl,
  historyUrl,
}: {
  initial: { text: string; baseRevision: number }
  result: ActionResult | undefined
  pollUrl: string
  historyUrl: string
}) {
  const navigation = useNavigation()
  const { text, setText, baseRevision, markSubmitted } = useEditorState(initial, result)
  const [clientWarnings, setClientWarnings] = useState<string[] | null>(null)
  const hintId = useId()
  const errorId = useId()
  const serverErrors = result && 'errors' in result ? result.errors : null
  const errors = clientWarnings ?? serverErrors?.body ?? serverErrors?.baseRevision ?? null
  const showConfirm = Boolean(clientWarnings?.length) || result?.kind === 'warnings'

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
      <NewerRevisionNotice url={pollUrl} baseRevision={baseRevision} historyUrl={historyUrl} />
      <Form method="post" className="notes-form" onSubmit={checkBeforeSaving}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="baseRevision" value={baseRevision} />
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
            onChange={(e) => setText(e.target.value)}
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
        {showConfirm ? (
          <div className="field field--checkbox">
            <input type="checkbox" id="notes-confirm" name="confirm" value="yes" />
            <div>
              <label htmlFor="notes-confirm">Save anyway</label>
              <p className="field-hint">Keep the text as it is, despite the warning above.</p>
            </div>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            Save notes
          </button>
        </div>
      </Form>
    </>
  )
}

export default function NotesEditorPage() {
  const { event, session, notes, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const sessionUrl = sessionPath(event.slug, session.id)
  const conflict = actionData?.kind === 'conflict' ? actionData : null
  const message = actionData && 'message' in actionData ? actionData : null
  return (
    <article className="notes-page">
      <p className="breadcrumb">
        <Link to={sessionUrl}>{session.title}</Link>
      </p>
      <h1>Edit the notes</h1>
      <p className="lead">
        Shared notes of “{session.title}” at {event.title}. Everyone who can see the agenda can read them
        {notes.hidden ? ' (now hidden: only organizers see them)' : ''}.
      </p>
      <p className="muted">
        {notes.revision
          ? `Revision ${notes.revision}, saved by ${notes.author} on ${notes.savedAt}.`
          : 'Nobody has written notes for this session yet.'}{' '}
        {notes.revision ? <Link to={`${sessionUrl}/notes/history`}>History</Link> : null}
      </p>
      {message ? (
        <p
          className={`notice ${message.kind === 'saved' && message.merged ? 'notice--warning' : 'notice--success'}`}
          role="status"
        >
          {message.message} <Link to={sessionUrl}>Back to the session</Link>
        </p>
      ) : null}
      {conflict ? (
        <div className="notice notice--warning" role="alert">
          <h2 className="notice__title">Not saved: {conflict.theirs.author} changed the same lines</h2>
          <p>
            {conflict.theirs.author} saved revision {conflict.theirs.revision} while you were editing, and{' '}
            {conflict.conflicts === 1 ? 'one part' : `${conflict.conflicts} parts`} of your changes touch the same
            lines. The text below holds both: your lines between <code>&lt;&lt;&lt;&lt;&lt;&lt;&lt; Your version</code>{' '}
            and <code>=======</code>, theirs between <code>=======</code> and <code>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</code>.
            Keep what you want, remove the markers and save again. Nothing you typed is lost: it is also shown under
            “Your version”.
          </p>
        </div>
      ) : null}
      <NotesEditor
        initial={{ text: notes.body, baseRevision: notes.revision }}
        result={actionData}
        pollUrl={`${sessionUrl}/notes.json`}
        historyUrl={`${sessionUrl}/notes/history`}
      />
      {conflict ? (
        <div className="notes-versions">
          <div className="field">
            <label htmlFor="notes-theirs">
              Their version: revision {conflict.theirs.revision} by {conflict.theirs.author}, {conflict.theirs.savedAt}{' '}
              (read-only)
            </label>
            <textarea id="notes-theirs" readOnly rows={12} className="notes-textarea" value={conflict.theirs.body} />
          </div>
          <div className="field">
            <label htmlFor="notes-mine">Your version, as you sent it (read-only)</label>
            <textarea id="notes-mine" readOnly rows={12} className="notes-textarea" value={conflict.mine} />
          </div>
        </div>
      ) : null}
      {canManage ? (
        <section className="card notes-visibility" aria-labelledby="visibility-heading">
          <h2 id="visibility-heading">Visibility</h2>
          <p>
            {notes.hidden
              ? 'Hidden: only the organizers see these notes, here and on the session page.'
              : 'Everyone who can see the agenda can read these notes. Organizers can hide them.'}
          </p>
          <Form method="post">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="visibility" />
            <input type="hidden" name="hidden" value={notes.hidden ? 'false' : 'true'} />
            <button type="submit" className="button button--secondary">
              {notes.hidden ? 'Show the notes to everyone' : 'Hide the notes from the public'}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
