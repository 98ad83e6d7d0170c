import { env } from '~/env.server'

/** The public origin for absolute links: PUBLIC_URL when set, else the request's own. */
export function publicBaseUrl(request: Request): string {
  return env().PUBLIC_URL ?? new URL(request.url).origin
}
