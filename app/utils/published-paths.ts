/**
 * The pages served to visitors without a session from the published-content cache (server/published-cache):
 * the same bytes for each of them, so their root data carries no CSRF token (a token comes with a cookie, and a
 * response that sets a cookie is never shared). The pages with forms for such visitors (register, login, a
 * personal link) are not among them, and get their token when the visitor goes there: with single fetch the root
 * loader runs again on every client-side navigation.
 */
const PUBLISHED_PAGES = [
  /^\/$/,
  /^\/events\/[^/]+\/?$/,
  /^\/events\/[^/]+\/(agenda|changes|report|participants)\/?$/,
  /^\/events\/[^/]+\/sessions\/[^/]+\/?$/,
]

export function isPublishedPage(pathname: string): boolean {
  return PUBLISHED_PAGES.some((page) => page.test(pathname))
}
