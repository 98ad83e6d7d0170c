import { AsyncLocalStorage } from 'node:async_hooks'
import { singleton } from './singleton.server'

/**
 * What the HTTP server wants to hear back from the code one request ran, without threading it through every
 * call: which public content that request changed (so this process drops it before answering, see
 * server/published-cache) and, outside production, how many database statements it sent.
 */
export type RequestScope = {
  /** Published-content tags the request's changes made stale (app/models/operations/public-content.server.ts). */
  changedTags: Set<string>
  /**
   * Set when what the request rendered is published content: the tags it shows and how long, at most, it may be
   * served from memory (see showsPublicContent). Unset: the answer is never cached.
   */
  published?: { tags: Set<string>; maxAgeMs: number }
  queries: number
}

const storage = singleton('request-scope', () => new AsyncLocalStorage<RequestScope>())

export function runInRequestScope<T>(run: () => T): { scope: RequestScope; result: T } {
  const scope: RequestScope = { changedTags: new Set(), queries: 0 }
  return { scope, result: storage.run(scope, run) }
}

/** The scope of the request this code runs for; undefined in jobs, the CLI and tests that call models directly. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore()
}
