/**
 * The length of a string in UTF-8 bytes, the unit of MAX_NOTE_BYTES, without encoding it (no buffer of the size
 * of a pasted megabyte just to learn its length).
 */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      // A surrogate pair is one code point of four bytes; a lone surrogate is encoded as U+FFFD, three bytes.
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}
