import { renderMarkdown } from '~/utils/markdown'

/**
 * Notes as safe HTML: renderMarkdown's output, with the (disabled) checkboxes of task lists named for screen
 * readers, which otherwise announce an unlabelled form field. The replaced strings are the serializer's exact
 * output for task-list items; text typed by people cannot produce them, since `<` in text is always escaped.
 */
export function renderNotesMarkdown(markdown: string): string {
  return renderMarkdown(markdown)
    .replaceAll(
      '<input type="checkbox" checked disabled>',
      '<input type="checkbox" checked disabled aria-label="Done">',
    )
    .replaceAll('<input type="checkbox" disabled>', '<input type="checkbox" disabled aria-label="To do">')
}
