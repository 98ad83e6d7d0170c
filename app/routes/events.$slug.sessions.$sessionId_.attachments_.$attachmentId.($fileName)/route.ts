import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePublicAttachmentFile } from '~/access/attachments.server'
import { readAttachmentBytes } from '~/models/attachments/attachments.server'
import { serveAttachmentFile } from './serve-file.server'

/**
 * A file attached to a published session, for anyone who may see the session: GET and HEAD, whole or in byte
 * ranges. The name after the id is for saved copies only; the id finds the file.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { attachment } = await requirePublicAttachmentFile(params)
  return serveAttachmentFile(request, attachment, (range) => readAttachmentBytes(attachment.id, range))
}
