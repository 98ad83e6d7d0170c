import { useId, useRef, useState, type ReactNode } from 'react'
import { useHydrated } from 'remix-utils/use-hydrated'

/**
 * Which renderer the preview uses: the page's own. Loaded only when someone first asks for a preview, so pages
 * with markdown fields do not carry the markdown pipeline until then (docs/decisions/014-markdown-preview.md).
 */
const RENDERERS = {
  page: () => import('~/utils/markdown').then((m) => m.renderMarkdown),
  notes: () => import('~/models/notes/markdown').then((m) => m.renderNotesMarkdown),
}

/**
 * A markdown field with Write / Preview tabs around the field it wraps (a textarea with its label, hint and
 * errors, kept as it is: same name, id and validation). The preview is the same sanitized HTML the page will
 * show. Without JavaScript there are no tabs: the field is the plain textarea it wraps.
 */
export function MarkdownField({
  children,
  renderer = 'page',
}: {
  children: ReactNode
  renderer?: keyof typeof RENDERERS
}) {
  const id = useId()
  const writeRef = useRef<HTMLDivElement>(null)
  const scripted = useHydrated()
  const [tab, setTab] = useState<'write' | 'preview'>('write')
  const [html, setHtml] = useState<string | null>(null)

  async function showPreview() {
    setTab('preview')
    setHtml(null)
    const text = writeRef.current?.querySelector('textarea')?.value ?? ''
    const render = await RENDERERS[renderer]()
    setHtml(render(text))
  }

  function showWrite() {
    setTab('write')
    // Back to writing: the cursor goes where the author left it.
    requestAnimationFrame(() => writeRef.current?.querySelector('textarea')?.focus())
  }

  // One tree before and after hydration, the field always in the same place: React keeps the textarea (and what
  // was typed into it) when the tabs appear.
  return (
    <div className="markdown-field">
      {scripted ? (
        <div className="markdown-field__tabs" role="tablist">
          <button
            type="button"
            role="tab"
            id={`${id}-write-tab`}
            aria-controls={`${id}-write`}
            aria-selected={tab === 'write'}
            className="markdown-field__tab"
            onClick={showWrite}
          >
            Write
          </button>
          <button
            type="button"
            role="tab"
            id={`${id}-preview-tab`}
            aria-controls={`${id}-preview`}
            aria-selected={tab === 'preview'}
            className="markdown-field__tab"
            onClick={showPreview}
          >
            Preview
          </button>
        </div>
      ) : null}
      {/* Hidden, not removed, while previewing: the textarea still belongs to the form and is sent with it. */}
      <div
        ref={writeRef}
        {...(scripted
          ? { id: `${id}-write`, role: 'tabpanel', 'aria-labelledby': `${id}-write-tab`, hidden: tab !== 'write' }
          : {})}
      >
        {children}
      </div>
      {scripted ? (
        <div
          id={`${id}-preview`}
          role="tabpanel"
          aria-labelledby={`${id}-preview-tab`}
          hidden={tab !== 'preview'}
          className="markdown-field__preview"
          tabIndex={0}
        >
          {tab !== 'preview' ? null : html === null ? (
            <p className="muted">Rendering the preview…</p>
          ) : html.trim() ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p className="muted">Nothing to preview yet.</p>
          )}
        </div>
      ) : null}
    </div>
  )
}
