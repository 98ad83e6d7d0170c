import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_REQUEST_MAX_BYTES, TOO_LARGE_MESSAGE } from '~/models/attachments/limits'

// The attachments page's forms, read without ever holding more than one file at the limit plus a little: the body
// is counted as it streams and abandoned as soon as it passes the limit (as readTextWithin does for JSON), and
// the multipart parser (Remix's) hands each part to a handler that stops at 25 MB. A 50 MB upload is refused
// after 25 MB has been read, not after 50.

/** The form could not be read as sent; `field` names the input the message is about. */
export class FormReadRefusal extends Error {
  constructor(message: string, readonly status: 400 | 413 | 415, readonly field?: string) {
    super(message)
  }
}

/** The only file input of the page's forms. */
const FILE_FIELD = 'file'
/** Any other field: titles, alt text, an address, the CSRF token. */
const TEXT_FIELD_MAX_BYTES = 64 * 1024
/** The forms without a file (link, alt text, remove, move), when sent urlencoded. */
const URLENCODED_MAX_BYTES = 64 * 1024

const tooLarge = () => new FormReadRefusal(TOO_LARGE_MESSAGE, 413, FILE_FIELD)
const formTooLarge = () => new FormReadRefusal('This form is too large to be sent without a file.', 413)

/** The body, passed on until `maxBytes`; past that the source is cancelled and the stream fails. */
function limitedStream(body: ReadableStream<Uint8Array>, maxBytes: number, refusal: () => FormReadRefusal) {
  const reader = body.getReader()
  let seen = 0
  let exceeded = false
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) {
        controller.close()
        return
      }
      seen += value.byteLength
      if (seen > maxBytes) {
        exceeded = true
        await reader.cancel()
        controller.error(refusal())
        return
      }
      controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return {
    stream,
    exceeded: () => exceeded,
    /** Stops reading the client's body (the parser may have given up half way). */
    stop: () => reader.cancel().catch(() => {}),
  }
}

async function collect(data: AsyncIterable<Uint8Array>, maxBytes: number, onTooLarge: () => Error) {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size > maxBytes) throw onTooLarge()
    chunks.push(chunk)
  }
  return chunks
}

/**
 * The file's name as typed: browsers send `"`, CR and LF in a multipart file name as %22, %0D and %0A (the HTML
 * standard's multipart/form-data encoding). The model then makes the name safe.
 */
function decodedFileName(filename: string): string {
  return filename.replace(/%22/g, '"').replace(/%0D/g, '\r').replace(/%0A/g, '\n')
}

/** One file, in the `file` field, at most ATTACHMENT_MAX_BYTES; other fields as text of at most 64 KB each. */
function attachmentUploadHandler(): UploadHandler {
  let files = 0
  return async ({ name, filename, contentType, data }) => {
    if (typeof filename !== 'string') {
      const chunks = await collect(
        data,
        TEXT_FIELD_MAX_BYTES,
        () => new FormReadRefusal('A field of this form is too long.', 413, name),
      )
      return Buffer.concat(chunks).toString('utf8')
    }
    if (name !== FILE_FIELD || ++files > 1) {
      throw new FormReadRefusal('Attach one file at a time, in the file field.', 400, FILE_FIELD)
    }
    const chunks = await collect(data, ATTACHMENT_MAX_BYTES, tooLarge)
    // Bytes read from a request body: never a SharedArrayBuffer.
    return new File(chunks as Uint8Array<ArrayBuffer>[], decodedFileName(filename), { type: contentType })
  }
}

/**
 * The fields of a form of the attachments page: multipart (the upload, or any form) or urlencoded (the small
 * ones). Throws FormReadRefusal: 413 past the limits, 415 for another kind of body, 400 for one that cannot be
 * parsed.
 */
export async function readAttachmentForm(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? ''
  const multipart = /^multipart\/form-data\s*;/i.test(type)
  if (!multipart && !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new FormReadRefusal('Send this form as multipart/form-data.', 415)
  }
  const maxBytes = multipart ? ATTACHMENT_REQUEST_MAX_BYTES : URLENCODED_MAX_BYTES
  const refusal = multipart ? tooLarge : formTooLarge
  // A declared length over the limit is refused before a byte of the body is read.
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw refusal()
  if (!request.body) return new FormData()
  const body = limitedStream(request.body, maxBytes, refusal)
  const limited = new Request(request.url, {
    method: 'POST',
    headers: { 'content-type': type },
    body: body.stream,
    duplex: 'half',
  } as RequestInit)
  try {
    return multipart
      ? await unstable_parseMultipartFormData(limited, attachmentUploadHandler())
      : await limited.formData()
  } catch (error) {
    await body.stop()
    if (error instanceof FormReadRefusal) throw error
    if (body.exceeded()) throw refusal()
    throw new FormReadRefusal('This form could not be read. Reload the page and send it again.', 400)
  }
}
