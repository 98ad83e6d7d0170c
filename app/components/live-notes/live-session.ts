import { defaultKeymap } from '@codemirror/commands'
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from '@codemirror/lang-markdown'
import { LanguageSupport, syntaxHighlighting } from '@codemirror/language'
import { Compartment, EditorState, Prec, StateField, type Transaction } from '@codemirror/state'
import { EditorView, ViewPlugin, keymap, placeholder, type PluginValue } from '@codemirror/view'
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next'
import { classHighlighter } from '@lezer/highlight'
import * as Y from 'yjs'
import { MAX_NOTE_BYTES, type LiveNoteUser } from '~/models/notes/live-protocol'
import { LiveNoteProvider, liveNoteUrl, type LiveNoteStatus } from './provider'
import { utf8Length } from './utf8'

// Everything heavy of live notes (Yjs, CodeMirror, the provider) sits behind this module, which the component
// imports dynamically: the server's bundle never loads it, nor does any page without live notes.

export type HerePerson = { name: string; color: string; self: boolean }

export type LiveSessionOptions = {
  /** Where the editor goes: an element React renders empty and leaves alone. */
  parent: HTMLElement
  noteId: number
  canWrite: boolean
  label: string
  /** The page's CSP nonce, for the `<style>` element CodeMirror adds. */
  nonce: string
  onStatus(status: LiveNoteStatus): void
  /** The editor is in place, holding the server's text (called once, after the first sync). */
  onReady(): void
  onPeople(people: HerePerson[]): void
  /**
   * The text, for the preview: at once when ready, then PREVIEW_DELAY_MS after it stops changing, and at least
   * every PREVIEW_MAX_WAIT_MS while it keeps changing (with two people typing it may never stop).
   */
  onText(text: string): void
  /** A change was refused for the size limit (true), or a later change went through (false). */
  onOversize(refused: boolean): void
}

export type LiveSession = {
  /** The text as it is now (empty until the first sync). */
  text(): string
  destroy(): void
}

const PREVIEW_DELAY_MS = 250
const PREVIEW_MAX_WAIT_MS = 1000

/**
 * GitHub-flavoured markdown with its Enter and Backspace (list items continue, empty ones end) and URLs pasted
 * over a selection as links. Not lang-markdown's `markdown()`: that brings CodeMirror's HTML, CSS and JavaScript
 * languages along for HTML inside markdown, three times the size of the rest of the editor, and notes are prose.
 */
const notesMarkdown = new LanguageSupport(markdownLanguage, [pasteURLAsLink, Prec.high(keymap.of(markdownKeymap))])

/**
 * Others' name tags (y-codemirror.next's) hang to the right of their cursors; near the editor's right edge, which
 * on a phone is never far, one would be cut off. There it hangs to the left instead. Class changes inside widgets
 * are no edits to CodeMirror, so this causes no update of its own.
 */
const nameTagsInside = ViewPlugin.fromClass(
  class implements PluginValue {
    constructor(readonly view: EditorView) {
      this.measure()
    }
    update() {
      this.measure()
    }
    measure() {
      this.view.requestMeasure({
        key: this,
        read: (view) => {
          const bounds = view.contentDOM.getBoundingClientRect()
          return [...view.contentDOM.querySelectorAll<HTMLElement>('.cm-ySelectionInfo')].map((tag) => {
            const caret = tag.parentElement!.getBoundingClientRect().left
            const width = tag.offsetWidth
            return { tag, left: caret + width > bounds.right && caret - width >= bounds.left }
          })
        },
        write: (tags) => {
          for (const { tag, left } of tags) tag.classList.toggle('live-notes__tag-left', left)
        },
      })
    }
  },
)

/** The UTF-8 bytes a transaction adds to (or, negative, takes from) its document. */
function changeBytes(tr: Transaction): number {
  let delta = 0
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    for (const chunk of inserted.iter()) delta += utf8Length(chunk)
    if (toA > fromA) delta -= utf8Length(tr.startState.doc.sliceString(fromA, toA))
  })
  return delta
}

/** The document's UTF-8 length, kept up to date change by change rather than counted again on every keystroke. */
const documentBytes = StateField.define<number>({
  create: (state) => utf8Length(state.doc.toString()),
  update: (bytes, tr) => (tr.docChanged ? bytes + changeBytes(tr) : bytes),
})

export function startLiveSession(options: LiveSessionOptions): LiveSession {
  const doc = new Y.Doc()
  const ytext = doc.getText('markdown')
  const provider = new LiveNoteProvider(doc, liveNoteUrl(options.noteId))
  // Only this editor's edits are undone (yCollab tracks its own origin); the others' arrive as the provider's.
  const undoManager = new Y.UndoManager(ytext, { trackedOrigins: new Set() })
  const access = new Compartment()
  let view: EditorView | null = null
  let refusing = false
  let previewTimer: ReturnType<typeof setTimeout> | undefined

  const readOnlyExtensions = (readOnly: boolean) => [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    // Not editable means not focusable either; a keyboard still has to reach the text to read and select it.
    readOnly ? EditorView.contentAttributes.of({ tabindex: '0' }) : [],
  ]

  /**
   * Refuses a change of one's own that would take the text over MAX_NOTE_BYTES (the server would refuse it and
   * close the connection). Others' changes, which arrive through yCollab, are the server's to limit: refusing
   * them here would leave the editor out of step with the doc. Small changes far from the limit are let through
   * without counting (a UTF-16 unit is at most 3 bytes of UTF-8).
   */
  const sizeLimit = EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || tr.annotation(ySyncAnnotation)) return tr
    const before = tr.startState.field(documentBytes)
    let insertedUnits = 0
    tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => (insertedUnits += inserted.length))
    if (before + insertedUnits * 3 > MAX_NOTE_BYTES && before + changeBytes(tr) > MAX_NOTE_BYTES) {
      refusing = true
      options.onOversize(true)
      return []
    }
    if (refusing) {
      refusing = false
      options.onOversize(false)
    }
    return tr
  })

  const readOnly = () =>
    !options.canWrite || provider.welcome?.canWrite === false || provider.getStatus().state === 'refused'

  let wasReadOnly = true
  function mountEditor() {
    wasReadOnly = readOnly()
    const state = EditorState.create({
      doc: ytext.toString(),
      extensions: [
        documentBytes,
        sizeLimit,
        notesMarkdown,
        // Markdown highlighting as classes (tok-heading, tok-emphasis…), coloured by app.css in both schemes.
        syntaxHighlighting(classHighlighter),
        EditorView.lineWrapping,
        EditorView.cspNonce.of(options.nonce),
        EditorView.contentAttributes.of({ 'aria-label': options.label, 'aria-multiline': 'true', role: 'textbox' }),
        options.canWrite ? placeholder('Write the notes here, in markdown…') : [],
        // Undo is the Y.UndoManager's (one's own edits only), so no CodeMirror history. No indentWithTab either:
        // Tab leaves the editor, as it leaves any other field.
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        yCollab(ytext, provider.awareness, { undoManager }),
        nameTagsInside,
        access.of(readOnlyExtensions(wasReadOnly)),
      ],
    })
    view = new EditorView({ state, parent: options.parent })
    options.onReady()
    options.onText(ytext.toString())
  }

  function people(): HerePerson[] {
    const byName = new Map<string, HerePerson>()
    for (const [client, state] of provider.awareness.getStates()) {
      const user = state.user as LiveNoteUser | undefined
      if (!user?.name) continue
      const self = client === doc.clientID
      const known = byName.get(user.name)
      // The same person in two tabs is one name; it is "you" if either tab is this one.
      if (!known || self) byName.set(user.name, { name: user.name, color: user.color, self })
    }
    return [...byName.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
  }

  const stopStatus = provider.onStatus((status) => {
    if (!view && provider.hasSynced) mountEditor()
    // A welcome that says "follow only", or a final refusal, takes the pen away (and a later welcome may return it).
    if (view && readOnly() !== wasReadOnly) {
      wasReadOnly = readOnly()
      view.dispatch({ effects: access.reconfigure(readOnlyExtensions(wasReadOnly)) })
    }
    options.onStatus(status)
  })

  // Awareness changes with every cursor move; the list only when someone comes or goes.
  let listed = '[]'
  const onAwarenessChange = () => {
    const here = people()
    const key = JSON.stringify(here)
    if (key === listed) return
    listed = key
    options.onPeople(here)
  }
  provider.awareness.on('change', onAwarenessChange)

  let changingSince: number | null = null
  const onTextChange = () => {
    const now = Date.now()
    changingSince ??= now
    clearTimeout(previewTimer)
    const wait = Math.max(0, Math.min(PREVIEW_DELAY_MS, changingSince + PREVIEW_MAX_WAIT_MS - now))
    previewTimer = setTimeout(() => {
      changingSince = null
      options.onText(ytext.toString())
    }, wait)
  }
  ytext.observe(onTextChange)

  return {
    text: () => ytext.toString(),
    destroy() {
      clearTimeout(previewTimer)
      ytext.unobserve(onTextChange)
      provider.awareness.off('change', onAwarenessChange)
      stopStatus()
      view?.destroy()
      undoManager.destroy()
      provider.destroy()
      doc.destroy()
    },
  }
}
