import { describe, expect, it } from 'vitest'
import { safeRedirectTarget } from '~/utils/redirect'

const OURS = 'https://convene.test'

/** Where a browser on our site goes when it gets this Location. */
const resolved = (location: string) => new URL(location, OURS)

// Each is a way to name another site (or a script) that a naive "starts with one slash" check lets through, or
// that browsers read differently from how it looks.
const OFF_SITE_TARGETS = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\r\n/evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '//evil.example',
  '/\\/evil.example',
  '/%2F/evil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '/.//evil.example',
  '/..//evil.example',
  'https://evil.example',
  'HTTPS://evil.example/admin',
  'javascript:alert(1)',
  'http:evil.example',
  '  //evil.example',
  ' /\t/evil.example',
  '\u0000//evil.example',
]

describe('safeRedirectTarget', () => {
  it.each(OFF_SITE_TARGETS)('keeps %j on our origin', (target) => {
    const location = safeRedirectTarget(target)
    expect(resolved(location).origin).toBe(OURS)
    expect(location).toMatch(/^\/(?![/\\])/)
    // Nothing a header or a browser would read differently from what we checked.
    expect(location).not.toMatch(/[\t\n\r\0\\ ]/)
  })

  it('keeps paths of our own, with their query and fragment', () => {
    expect(safeRedirectTarget('/admin/events/new')).toBe('/admin/events/new')
    expect(safeRedirectTarget('/admin/events/3/registrations?q=ada&status=confirmed#list')).toBe(
      '/admin/events/3/registrations?q=ada&status=confirmed#list',
    )
    // Percent-encoded slashes are one path segment on our site, as the browser will read them.
    expect(safeRedirectTarget('/%2F/evil.example')).toBe('/%2F/evil.example')
  })

  it('normalizes what it keeps the way browsers do', () => {
    expect(safeRedirectTarget('/admin/../events/x y')).toBe('/events/x%20y')
    expect(safeRedirectTarget('/admin\t/events')).toBe('/admin/events')
  })

  it('falls back for anything that is not a path', () => {
    for (const target of [null, undefined, '', 'admin', '%2F%2Fevil.example', 'https://evil.example']) {
      expect(safeRedirectTarget(target)).toBe('/admin')
    }
    expect(safeRedirectTarget('//evil.example', '/')).toBe('/')
  })
})
