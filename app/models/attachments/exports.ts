import type { Attachment } from './attachments.server'
import { attachmentFilePath } from './limits'

// Attachments as the exports and feeds carry them: absolute addresses, a title, and the C3VOC reference type.

/** The C3VOC schedule's reference types (schema.json `Reference.type`) that attachments map to. */
export type AttachmentReferenceType = 'slides' | 'media' | 'related'

export type PublicAttachmentLink = {
  title: string
  /** The download address of a file (on this site), or the linked address. */
  url: string
  /** The type found in a file's content; null for a link. */
  contentType: string | null
  type: AttachmentReferenceType
  addedAt: Date
}

function referenceType(attachment: Attachment): AttachmentReferenceType {
  if (attachment.contentType === 'application/pdf') return 'slides'
  if (attachment.contentType?.startsWith('image/')) return 'media'
  return 'related'
}

export function publicAttachmentLink(baseUrl: string, slug: string, attachment: Attachment): PublicAttachmentLink {
  const url =
    attachment.kind === 'file'
      ? new URL(
          attachmentFilePath(slug, attachment.sessionId, attachment.id, attachment.fileName ?? ''),
          baseUrl,
        ).toString()
      : attachment.url ?? ''
  return {
    title: attachment.title,
    url,
    contentType: attachment.kind === 'file' ? attachment.contentType : null,
    type: referenceType(attachment),
    addedAt: attachment.createdAt,
  }
}

/** Each session's attachments as public links, in their order. */
export function publicAttachmentLinks(
  baseUrl: string,
  slug: string,
  bySession: ReadonlyMap<number, Attachment[]>,
): Map<number, PublicAttachmentLink[]> {
  return new Map(
    [...bySession].map(([sessionId, list]) => [sessionId, list.map((a) => publicAttachmentLink(baseUrl, slug, a))]),
  )
}
