import { create as contentDisposition } from 'content-disposition'
import parseRange from 'range-parser'
import type { AttachmentFile } from '~/models/attachments/attachments.server'
import { etagMatches } from '~/utils/http-cache.server'

// How an attached file goes out: as the type its content was found to be, never sniffed, never rendered as a page
// of this site, whole or by byte ranges (RFC 9110 §14), with validators from its SHA-256.

/**
 * The policy of a served file, on top of the site's own: nothing runs and nothing loads (an image shown on its
 * own may still be drawn, with the browser's inline styles), in a sandbox of its own origin.
 */
export const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

/** Images open in the browser; everything else is saved (a PDF viewer does not run under the sandbox). */
function dispositionType(contentType: AttachmentFile['contentType']): 'inline' | 'attachment' {
  return contentType === 'image/png' || contentType === 'image/jpeg' ? 'inline' : 'attachment'
}

/** Markdown goes out as plain text: a browser must never render an attachment as HTML. */
function servedType(contentType: AttachmentFile['contentType']): string {
  return contentType.startsWith('text/') ? 'text/plain; charset=utf-8' : contentType
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000)
}

export function attachmentHeaders(file: AttachmentFile): Headers {
  return new Headers({
    'Content-Type': servedType(file.contentType),
    'Content-Disposition': contentDisposition(file.fileName, { type: dispositionType(file.contentType) }),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': ATTACHMENT_CSP,
    ETag: `"${file.sha256}"`,
    'Last-Modified': wholeSeconds(file.createdAt).toUTCString(),
    // Public like the session that shows it; no-transform keeps compression off the exact bytes ranges count.
    'Cache-Control': 'public, max-age=300, no-transform',
    'Accept-Ranges': 'bytes',
  })
}

/**
 * Whether a Range request may be answered by range: without If-Range, or when If-Range names this very file
 * (its strong ETag, or its Last-Modified date exactly).
 */
function rangeStillApplies(request: Request, file: AttachmentFile, headers: Headers): boolean {
  const ifRange = request.headers.get('If-Range')
  if (ifRange === null) return true
  const value = ifRange.trim()
  if (value.startsWith('"') || value.startsWith('W/')) return value === headers.get('ETag')
  return value === headers.get('Last-Modified')
}

type ByteRange = { start: number; end: number }

/**
 * The one range a request asks for; null to send the whole file (no Range header, one that is not bytes or is
 * malformed, several ranges, or an If-Range that no longer holds); 'unsatisfiable' when none of it is in the file.
 */
function requestedRange(request: Request, file: AttachmentFile, headers: Headers): ByteRange | null | 'unsatisfiable' {
  const header = request.headers.get('Range')
  if (!header || !rangeStillApplies(request, file, headers)) return null
  const ranges = parseRange(file.sizeBytes, header, { combine: true })
  if (ranges === -1) return 'unsatisfiable'
  // Malformed, or not in bytes: RFC 9110 lets the server ignore it. Several disjoint ranges (multipart/byteranges)
  // are answered whole too, which the RFC equally allows.
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null
  return { start: ranges[0]!.start, end: ranges[0]!.end }
}

/** The response to a GET or HEAD of an attached file: 200, 206, 304 or 416; `read` loads the bytes asked for. */
export async function serveAttachmentFile(
  request: Request,
  file: AttachmentFile,
  read: (range?: ByteRange) => Promise<Uint8Array<ArrayBuffer>>,
): Promise<Response> {
  const headers = attachmentHeaders(file)
  const ifNoneMatch = request.headers.get('If-None-Match')
  if (ifNoneMatch !== null && etagMatches(ifNoneMatch, headers.get('ETag')!)) {
    return new Response(null, { status: 304, headers })
  }
  const range = requestedRange(request, file, headers)
  const head = request.method === 'HEAD'
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${file.sizeBytes}`)
    headers.set('Content-Type', 'text/plain; charset=utf-8')
    headers.delete('Content-Disposition')
    const message = `This file has ${file.sizeBytes} bytes: the range asked for is not in it.\n`
    return new Response(head ? null : message, { status: 416, headers })
  }
  if (range) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`)
    headers.set('Content-Length', String(range.end - range.start + 1))
    return new Response(head ? null : await read(range), { status: 206, headers })
  }
  headers.set('Content-Length', String(file.sizeBytes))
  return new Response(head ? null : await read(), { status: 200, headers })
}
