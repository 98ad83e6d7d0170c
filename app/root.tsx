import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from '@remix-run/react'
import { AuthenticityTokenInput, AuthenticityTokenProvider } from 'remix-utils/csrf/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SearchBox } from '~/components/search-box'
import { getOptionalUser } from '~/access/user.server'
import { useNonce } from '~/utils/nonce'
import { isPublishedPage } from '~/utils/published-paths'
import { csrf } from '~/utils/session.server'
import stylesheet from '~/styles/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Convene' }]

export async function loader({ request }: LoaderFunctionArgs) {
  // A visitor without any cookie on a published page gets the bytes every such visitor gets: no CSRF token
  // (it would come with a cookie). Those pages have no form for them; the root loader runs again on every
  // navigation (single fetch), so the page they go to next gets its token.
  const shared = !request.headers.has('cookie') && isPublishedPage(new URL(request.url).pathname)
  const [user, [csrfToken, csrfCookie]] = await Promise.all([
    getOptionalUser(request),
    shared ? ([null, null] as const) : csrf.commitToken(request),
  ])
  return data(
    { user: user ? { name: user.name, isAdmin: user.is_admin } : null, csrfToken },
    { headers: csrfCookie ? { 'set-cookie': csrfCookie } : {} },
  )
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function SiteHeader() {
  const root = useRootData()
  const location = useLocation()
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <circle cx="10" cy="16" r="7" fill="currentColor" opacity="0.55" />
            <circle cx="22" cy="16" r="7" fill="currentColor" />
          </svg>
          Convene
        </Link>
        {/* The search page has its own, labelled field: one is enough there. */}
        {location.pathname === '/search' ? null : (
          <SearchBox
            action="/search"
            // Named without the word "search" (or a form field's name) so that a page's own "Search" field
            // keeps a name of its own.
            label="Find talks and events"
            landmarkLabel="Site"
            placeholder="Search events, talks, speakers"
            compact
          />
        )}
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                Events
              </NavLink>
            </li>
            {root?.user ? (
              <>
                <li>
                  <NavLink to="/admin">Organize</NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <AuthenticityTokenInput />
                    <button type="submit" className="link-button">
                      Log out <span className="visually-hidden">{root.user.name}</span>
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <li>
                <NavLink to="/login">Organizer login</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const root = useRootData()
  return (
    <AuthenticityTokenProvider token={root?.csrfToken ?? ''}>
      <SiteHeader />
      <main id="main" className="container">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">Convene — developer summits for open-source scientific communities</div>
      </footer>
    </AuthenticityTokenProvider>
  )
}

export function ErrorBoundary() {
  const root = useRootData()
  return (
    <AuthenticityTokenProvider token={root?.csrfToken ?? ''}>
      <SiteHeader />
      <main id="main" className="container">
        <GeneralErrorBoundary />
      </main>
    </AuthenticityTokenProvider>
  )
}
