import { fileTypeFromBuffer } from 'file-type'
import type { AttachmentType } from './limits'

// What an uploaded file is, told from its bytes: the name and the type the browser sent say only what the person
// (or a program) claims. Binary formats by their signatures (file-type); text by being valid UTF-8 without control
// characters. The name decides only between plain text and Markdown, which are served alike (as text/plain).

export type DetectedContent = { contentType: AttachmentType; extensions: readonly string[] }

export type ContentCheck = { ok: true; content: DetectedContent } | { ok: false; message: string }

const EXTENSIONS: Record<AttachmentType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt', 'text'],
  'text/markdown': ['md', 'markdown'],
}

/** file-type's answers we accept, by its extension: Illustrator files and animated PNGs are PDFs and PNGs. */
const ACCEPTED: Record<string, AttachmentType> = {
  pdf: 'application/pdf',
  ai: 'application/pdf',
  png: 'image/png',
  apng: 'image/png',
  jpg: 'image/jpeg',
}

/** What to call the programs people most often rename, in the refusal. */
const PROGRAMS: Record<string, string> = {
  exe: 'a Windows program (PE executable)',
  elf: 'a Linux program (ELF executable)',
  macho: 'a macOS program (Mach-O executable)',
  wasm: 'a WebAssembly program',
  class: 'a Java class file',
  dex: 'an Android program',
  msi: 'a Windows installer',
  deb: 'a Debian package',
  rpm: 'an RPM package',
  apk: 'an Android package',
}

const ALLOWED_LIST = 'PDF, PNG, JPEG, plain text and Markdown files'

/**
 * Whether a byte is a control character no text file holds (tab, line feed, vertical tab, form feed and carriage
 * return are fine). In UTF-8 these bytes only ever stand for themselves, so the bytes can be checked as they are.
 */
function isControlByte(byte: number): boolean {
  return (byte < 0x20 && (byte < 0x09 || byte > 0x0d)) || byte === 0x7f
}

/** Whether the bytes are UTF-8 text, decoded a slice at a time so a large file never becomes one huge string. */
function isText(bytes: Uint8Array): boolean {
  if (bytes.some(isControlByte)) return false
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const slice = 1024 * 1024
  try {
    for (let at = 0; at < bytes.byteLength; at += slice) {
      decoder.decode(bytes.subarray(at, at + slice), { stream: at + slice < bytes.byteLength })
    }
    decoder.decode()
    return true
  } catch {
    return false
  }
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : ''
}

/**
 * The type of a file by its content, or why it cannot be attached (in words for the person who chose it):
 * a renamed program is refused whatever its name says.
 */
export async function checkFileContent(bytes: Uint8Array, fileName: string): Promise<ContentCheck> {
  const found = await fileTypeFromBuffer(bytes)
  if (found) {
    const accepted = ACCEPTED[found.ext]
    if (accepted) return { ok: true, content: { contentType: accepted, extensions: EXTENSIONS[accepted] } }
    const what = PROGRAMS[found.ext] ?? `a ${found.ext.toUpperCase()} file (${found.mime})`
    return {
      ok: false,
      message: `“${fileName}” is ${what}, whatever its name says. Only ${ALLOWED_LIST} can be attached.`,
    }
  }
  if (isText(bytes)) {
    const type: AttachmentType = EXTENSIONS['text/markdown'].includes(extensionOf(fileName))
      ? 'text/markdown'
      : 'text/plain'
    return { ok: true, content: { contentType: type, extensions: EXTENSIONS[type] } }
  }
  return {
    ok: false,
    message: `“${fileName}” is not a PDF, an image or a text file that Convene recognises. Only ${ALLOWED_LIST} (text in UTF-8) can be attached.`,
  }
}

/**
 * Control characters, and the invisible ones that reorder or hide text (used to make "gpj.exe" look like
 * "exe.jpg"): Unicode's Cc and Cf categories.
 */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}]/gu
const FILE_NAME_MAX = 150

/**
 * The name a file is stored and served under: its last path segment, without invisible or reserved characters,
 * and with an extension that matches its content (`notes.pdf` that is text becomes `notes.pdf.txt`), so a saved
 * copy never opens as something else. Content-Disposition encodes it further (RFC 6266 / 8187).
 */
export function safeFileName(uploadedName: string, content: DetectedContent): string {
  const base = (uploadedName.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(HIDDEN_CHARACTERS, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
  const matches = content.extensions.includes(extensionOf(base))
  // The uploaded spelling of a matching extension is kept (photo.JPEG stays so).
  const extension = matches ? base.slice(base.lastIndexOf('.') + 1) : content.extensions[0]!
  let stem = matches ? base.slice(0, base.lastIndexOf('.')) : base
  stem = (Array.from(stem).slice(0, FILE_NAME_MAX).join('').trim() || 'attachment').replace(/\.+$/, '')
  return `${stem || 'attachment'}.${extension}`
}

/** A title from the file's name, for an upload without one: "Slides v2" from "Slides v2.pdf". */
export function titleFromFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return (dot > 0 ? fileName.slice(0, dot) : fileName).trim() || fileName
}
