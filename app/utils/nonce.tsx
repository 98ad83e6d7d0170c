import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce of this response, for the inline scripts Remix renders (`<Scripts>`,
 * `<ScrollRestoration>`). Set on the server only; browsers hide a nonce from script, so in the client it is ''.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}
