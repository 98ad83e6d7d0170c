import { eventPath } from '~/utils/paths'

// What the browser and the server both need to know about attachments: limits, kinds, addresses. No server code.

/** The most one attached file may hold: 25 MiB, as the database's check on session_attachments says. */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024

/**
 * The most an upload request may carry: one file at the limit, plus the form's other fields and the multipart
 * framing. The body is never read past it (see the attachments page's form reader).
 */
export const ATTACHMENT_REQUEST_MAX_BYTES = ATTACHMENT_MAX_BYTES + 256 * 1024

export const ATTACHMENT_TITLE_MAX = 200
export const ALT_TEXT_MAX = 1000
export const LINK_URL_MAX = 2000

/** The types an attached file may have, as found in its content (never from its name). */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/markdown'] as const
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

/** What the file input offers to pick; the server checks the content whatever was picked. */
export const ATTACHMENT_ACCEPT =
  '.pdf,.png,.jpg,.jpeg,.txt,.md,.markdown,application/pdf,image/png,image/jpeg,text/plain,text/markdown'

export const TOO_LARGE_MESSAGE =
  'This file is larger than 25 MB: attach files of at most 25 MB each (or add a link to it).'

export const TYPE_LABELS: Record<AttachmentType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/plain': 'Text',
  'text/markdown': 'Markdown',
}

export function isImageType(type: string | null | undefined): boolean {
  return type === 'image/png' || type === 'image/jpeg'
}

/**
 * "2.4 MB", "812 KB", "90 bytes". Units of 1024, as the limit is counted, so a file at the limit reads "25.0 MB".
 */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** The management page of a session's attachments. */
export function attachmentsPath(slug: string, sessionId: number | string): string {
  return eventPath(slug, `sessions/${sessionId}/attachments`)
}

/** Where an attached file is downloaded, its (already safe) name last so saved copies keep it. */
export function attachmentFilePath(
  slug: string,
  sessionId: number | string,
  attachmentId: number,
  fileName: string,
): string {
  return `${attachmentsPath(slug, sessionId)}/${attachmentId}/${encodeURIComponent(fileName)}`
}

/**
 * Whether a request to `pathname` may carry an upload (for a body limit above the site's default): the page's own
 * address (a form posted without JavaScript) or its `.data` twin (Remix's single fetch, with JavaScript).
 */
export function isAttachmentUploadPath(pathname: string): boolean {
  return /^\/events\/[^/]+\/sessions\/[^/]+\/attachments(?:\.data)?\/?$/.test(pathname)
}
