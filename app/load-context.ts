/**
 * What the HTTP server hands every loader and action (`context`), and what Remix's `handleError` writes back
 * so the server can answer a failure with the right status (see server/remix-handler.ts).
 */
export type RequestFailure = 'database-unavailable' | 'unstorable-text'

export type ConveneLoadContext = {
  requestId: string
  /** Nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
  cspNonce: string
  /** Set by `handleError` when a loader or action failed in a way that is not a server bug. */
  failure?: RequestFailure
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends ConveneLoadContext {}
}
