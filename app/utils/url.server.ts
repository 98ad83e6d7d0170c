import { env } from '~/env.server'

/** The public origin for absolute links: PUBLIC_URL when set, else the request's own. */
export function publicBaseUrl(request: Request): string {
  return env().PUBLIC_URL ?? new URL(request.url).origin
}

/** The base for links in emails and feeds, which have no request: PUBLIC_URL, or this machine's address. */
export function appBaseUrl(): string {
  return env().PUBLIC_URL ?? `http://localhost:${env().PORT}`
}
