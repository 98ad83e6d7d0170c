import type { Attachment } from './attachments.server'
import { attachmentFilePath, formatSize, isImageType, TYPE_LABELS } from './limits'

/** An attachment as the pages show it: what it is, how big, where it opens. */
export type AttachmentItem = {
  id: number
  kind: 'file' | 'link'
  title: string
  /** "PDF, 2.4 MB", "link to zenodo.org". */
  description: string
  /** The download address (a file) or the linked address (a link). */
  href: string
  /** A file's name, as saved. */
  fileName: string | null
  /** An image, shown with its alt text. */
  image: { altText: string } | null
  addedBy: string
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return url
  }
}

export function attachmentItem(slug: string, attachment: Attachment): AttachmentItem {
  const file = attachment.kind === 'file' && attachment.fileName && attachment.contentType
  return {
    id: attachment.id,
    kind: attachment.kind,
    title: attachment.title,
    description: file
      ? `${TYPE_LABELS[attachment.contentType!]}, ${formatSize(attachment.sizeBytes ?? 0)}`
      : `link to ${hostOf(attachment.url ?? '')}`,
    href: file
      ? attachmentFilePath(slug, attachment.sessionId, attachment.id, attachment.fileName!)
      : attachment.url ?? '',
    fileName: attachment.fileName,
    image: isImageType(attachment.contentType) ? { altText: attachment.altText ?? '' } : null,
    addedBy: attachment.addedBy,
  }
}
