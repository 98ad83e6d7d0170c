import { z } from 'zod'
import { text } from '~/utils/text'
import { ALT_TEXT_MAX, ATTACHMENT_MAX_BYTES, ATTACHMENT_TITLE_MAX, LINK_URL_MAX, TOO_LARGE_MESSAGE } from './limits'

const gone = 'That attachment no longer exists.'
const attachmentId = z.coerce.number({ error: gone }).int(gone).positive(gone)

const title = (required?: string) =>
  text(required ? { error: required } : undefined)
    .trim()
    .min(required ? 1 : 0, required)
    .max(ATTACHMENT_TITLE_MAX, `Keep the title to ${ATTACHMENT_TITLE_MAX} characters`)

export const ALT_TEXT_REQUIRED = 'Describe the image for people who cannot see it (its alt text)'

const altText = (required?: string) =>
  text(required ? { error: required } : undefined)
    .trim()
    .min(required ? 1 : 0, required)
    .max(ALT_TEXT_MAX, `Keep the description to ${ALT_TEXT_MAX} characters`)

/** Whether a value is an absolute http(s) address: links to other schemes (javascript:, file:, data:) are refused. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** The type the browser claims for a chosen file: enough to ask for alt text early; the server decides by content. */
function looksLikeImage(file: File): boolean {
  return /^image\//.test(file.type) || /\.(png|jpe?g)$/i.test(file.name)
}

/**
 * Every form of a session's attachments page, one member per `intent` button: the action parses with it, and the
 * forms validate with it in the browser. What only the content can tell (the type, so whether alt text is needed)
 * the model checks again after reading the bytes.
 */
export const AttachmentActionSchema = z.discriminatedUnion(
  'intent',
  [
    /** Attach a file. */
    z
      .object({
        intent: z.literal('upload'),
        file: z
          .file({ error: 'Choose a file to attach' })
          .min(1, 'This file is empty: choose another one')
          .max(ATTACHMENT_MAX_BYTES, TOO_LARGE_MESSAGE),
        title: title().optional(),
        altText: altText().optional(),
      })
      .superRefine((value, context) => {
        if (looksLikeImage(value.file) && !value.altText) {
          context.addIssue({ code: 'custom', path: ['altText'], message: ALT_TEXT_REQUIRED })
        }
      }),
    /** Attach a link (Zenodo, Speaker Deck, GitHub …). */
    z.object({
      intent: z.literal('link'),
      url: text({ error: 'Paste the address to link to' })
        .trim()
        .min(1, 'Paste the address to link to')
        .max(LINK_URL_MAX, `Addresses can be at most ${LINK_URL_MAX} characters long`)
        .refine(isHttpUrl, { message: 'Only web addresses starting with https:// or http:// can be attached' }),
      title: title('Give the link a title'),
    }),
    /** Describe an image again. */
    z.object({
      intent: z.literal('alt'),
      attachmentId,
      altText: altText(ALT_TEXT_REQUIRED),
    }),
    z.object({ intent: z.literal('remove'), attachmentId }),
    /** One place earlier or later in the list. */
    z.object({ intent: z.literal('move'), attachmentId, direction: z.enum(['up', 'down']) }),
  ],
  { error: 'Unknown action.' },
)

export type AttachmentAction = z.output<typeof AttachmentActionSchema>
