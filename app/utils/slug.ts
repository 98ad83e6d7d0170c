/**
 * Text as a URL- and file-name-safe slug: `[a-z0-9]` words joined by single `-`, accents dropped, ß as "ss".
 * The shape frab's XSD and the C3VOC JSON schema accept for track and session slugs. Text with no Latin letter
 * or digit gives '' (callers pick their own fallback); nothing is cut short (callers that need a limit cut).
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
