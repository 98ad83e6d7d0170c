import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { CloseCode, FINAL_CLOSE_CODES } from '~/models/notes/live-protocol'
import { useNonce } from '~/utils/nonce'
import type { HerePerson, LiveSession } from './live-session'
import type { LiveNoteStatus } from './provider'
import { PressedButtons } from '~/components/pressed-buttons'

export type LiveNotesEditorProps = {
  noteId: number
  /** The note's text as the page was rendered: shown until the editor has the server's own (never sent back). */
  initialText: string
  canWrite: boolean
  /** Why this person may only follow, shown beside the editor when `canWrite` is false. */
  readOnlyReason?: string
  /** The editor's accessible name, e.g. "Notes". */
  label: string
}

/** Side by side from this width (the CSS's breakpoint too); below it, Write / Preview buttons switch. */
const WIDE = '(min-width: 60rem)'

/** "Saving…" is shown only once a change has waited this long, so the line does not flicker with every key. */
const SAVING_SHOWN_AFTER_MS = 600

/**
 * Browsers hide a nonce from `getAttribute` (and React has no nonce in the client, see app/utils/nonce.tsx), but
 * a script's `nonce` property keeps it: the one of Remix's own scripts is the page's.
 */
function pageNonce(serverNonce: string): string {
  return serverNonce || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || ''
}

/**
 * Notes edited by everyone at once: CodeMirror bound to a Yjs document that the server keeps and stores
 * (docs/decisions/018-live-notes.md), with who is here, whether changes are saved, and a preview of the markdown.
 *
 * CodeMirror, Yjs and the markdown renderer are imported when the component mounts, so the server never loads
 * them and pages without live notes do not carry them. Until the editor has synced, the page's text stands in as
 * plain read-only text: the client never writes `initialText` into the document (only the server seeds it, once),
 * or every tab opened on a fresh note would add another copy.
 */
export function LiveNotesEditor({ noteId, initialText, canWrite, readOnlyReason, label }: LiveNotesEditorProps) {
  const id = useId()
  const serverNonce = useNonce()
  const editorRef = useRef<HTMLDivElement>(null)
  const hydrated = useHydrated()
  const [ready, setReady] = useState(false)
  const [status, setStatus] = useState<LiveNoteStatus>({ state: 'connecting', message: 'Connecting…' })
  const [showSaving, setShowSaving] = useState(false)
  const [people, setPeople] = useState<HerePerson[]>([])
  const [standIn, setStandIn] = useState(initialText)
  const [html, setHtml] = useState<string | null>(null)
  // On a phone, who may only follow starts with the notes as the page will show them.
  const [pane, setPane] = useState<'write' | 'preview'>(canWrite ? 'write' : 'preview')
  const [oversize, setOversize] = useState(false)
  const [refusedChange, setRefusedChange] = useState<string | null>(null)
  // A fresh document after the server refused a change that is in the current one (see below).
  const [generation, setGeneration] = useState(0)

  // The preview is rendered only while someone can see it: on a phone writing, it would cost every pause.
  const latestText = useRef<string | null>(initialText)
  const previewVisible = useRef(false)
  const render = useRef<Promise<(markdown: string) => string> | null>(null)
  const renderPreview = useCallback(() => {
    const text = latestText.current
    if (text === null || !previewVisible.current || !render.current) return
    void render.current.then((renderNotesMarkdown) => {
      if (latestText.current === text) setHtml(renderNotesMarkdown(text))
    })
  }, [])

  useEffect(() => {
    const parent = editorRef.current
    if (!parent) return
    let session: LiveSession | null = null
    let cancelled = false
    let savingTimer: ReturnType<typeof setTimeout> | undefined
    render.current ??= import('~/models/notes/markdown').then((m) => m.renderNotesMarkdown)
    import('./live-session')
      .then(({ startLiveSession }) => {
        if (cancelled) return
        session = startLiveSession({
          parent,
          noteId,
          canWrite,
          label,
          nonce: pageNonce(serverNonce),
          onStatus(next) {
            setStatus(next)
            clearTimeout(savingTimer)
            if (next.state === 'saving') savingTimer = setTimeout(() => setShowSaving(true), SAVING_SHOWN_AFTER_MS)
            else setShowSaving(false)
            if (next.state === 'refused' && next.code === CloseCode.tooLarge) {
              // The refused change is in this document, and every sync step 2 would send it again: start over
              // with an empty document, filled by the server's sync. What else was not yet saved goes with it
              // (Yjs cannot take one change out of a document); the alert says so. Not a page reload, which
              // would also lose the rest of the page and the preview's place.
              setRefusedChange(next.message)
              setGeneration((n) => n + 1)
            }
          },
          onReady: () => setReady(true),
          onPeople: setPeople,
          onText(text) {
            latestText.current = text
            renderPreview()
          },
          onOversize: setOversize,
        })
      })
      .catch(() => {
        if (!cancelled) {
          setStatus({ state: 'refused', message: 'The editor could not be loaded. Reload the page to try again.' })
        }
      })
    return () => {
      cancelled = true
      clearTimeout(savingTimer)
      if (session) {
        // What the editor showed stands in until the next one has synced.
        setStandIn(session.text())
        session.destroy()
      }
      setReady(false)
      setShowSaving(false)
      setPeople([])
      setStatus({ state: 'connecting', message: 'Connecting…' })
    }
  }, [noteId, canWrite, label, serverNonce, generation, renderPreview])

  useEffect(() => {
    const wide = window.matchMedia(WIDE)
    const update = () => {
      previewVisible.current = wide.matches || pane === 'preview'
      renderPreview()
    }
    update()
    wide.addEventListener('change', update)
    return () => wide.removeEventListener('change', update)
  }, [pane, renderPreview])

  // The page's reason, or the server's when it let this connection only follow although the page said "write".
  const followOnly = canWrite ? status.readOnlyReason : readOnlyReason
  const finalClose = status.state === 'refused' && status.code !== undefined && FINAL_CLOSE_CODES.has(status.code)
  // A change that waits briefly still reads "All changes saved": it will be, and screen readers need not hear
  // "Saving…" after every key.
  const message = status.state === 'saving' && !showSaving ? 'All changes saved' : status.message
  const visibleState = status.state === 'saving' && !showSaving ? 'saved' : status.state

  return (
    <div className="live-notes" data-live-note-state={status.state} data-pane={pane}>
      <div className="live-notes__bar">
        <p className={`live-notes__status live-notes__status--${visibleState}`} role="status" aria-live="polite">
          {message}
        </p>
        <section className="live-notes__here" aria-labelledby={`${id}-here`}>
          <span id={`${id}-here`} className="live-notes__here-title">
            Here now
          </span>
          {people.length ? (
            <ul className="live-notes__people">
              {people.map((person) => (
                <li key={person.name} className="live-notes__person">
                  <span className="live-notes__swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
                  {person.name}
                  {person.self ? <span className="live-notes__you"> (you)</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="live-notes__people live-notes__people--none">{ready ? 'No one is editing' : '…'}</p>
          )}
        </section>
      </div>

      {followOnly ? <p className="live-notes__read-only">{followOnly}</p> : null}
      {finalClose ? (
        // Not an alert: the status line has already said why.
        <div className="live-notes__alert">
          <p>The notes below are as they were when the connection closed.</p>
          <button type="button" className="button button--small" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      ) : null}
      {refusedChange ? (
        <p className="live-notes__alert" role="alert">
          {refusedChange} The notes were loaded again as they are saved; changes not yet saved are not in them.
        </p>
      ) : null}
      {oversize ? (
        <p className="live-notes__alert" role="alert">
          Notes hold up to 1 MB of text: that change was not made.
        </p>
      ) : null}

      {hydrated ? (
        <PressedButtons
          label="Show"
          options={[
            { value: 'write', label: canWrite ? 'Write' : 'Text' },
            { value: 'preview', label: 'Preview' },
          ]}
          value={pane}
          onChange={setPane}
          className="live-notes__switch"
          buttonClassName="live-notes__switch-button"
        />
      ) : null}

      <div className="live-notes__panes">
        <div className="live-notes__write">
          {ready ? null : <pre className="live-notes__stand-in">{standIn}</pre>}
          {/* CodeMirror's own: React renders it empty and never touches what is inside. */}
          <div ref={editorRef} className="live-notes__editor" hidden={!ready} />
        </div>
        <section className="live-notes__preview" aria-labelledby={`${id}-preview`} tabIndex={0}>
          <span id={`${id}-preview`} className="live-notes__preview-title">
            Preview
          </span>
          {html === null ? (
            <p className="muted">Rendering the preview…</p>
          ) : html.trim() ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p className="muted">Nothing to preview yet.</p>
          )}
        </section>
      </div>
    </div>
  )
}
