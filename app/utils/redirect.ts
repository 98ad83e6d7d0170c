// A stand-in for our own origin: `.invalid` can never be anybody's host.
const OWN_ORIGIN = 'https://convene.invalid'

function isOwnPath(target: string): boolean {
  try {
    return new URL(target, OWN_ORIGIN).origin === OWN_ORIGIN
  } catch {
    return false
  }
}

/**
 * Where to come back to after logging in: the page asked for, never another site. Browsers read a Location the
 * WHATWG way (tabs and newlines dropped, `\` as `/`, `/.//host` collapsing to `//host`, …), so the target is parsed
 * the same way and only its path, query and fragment on our origin are kept; that result is parsed once more, as
 * the browser will, before it is trusted.
 */
export function safeRedirectTarget(to: FormDataEntryValue | string | null | undefined, fallback = '/admin'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || !isOwnPath(to)) return fallback
  const url = new URL(to, OWN_ORIGIN)
  const target = url.pathname + url.search + url.hash
  return isOwnPath(target) ? target : fallback
}
