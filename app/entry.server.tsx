import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { isDatabaseUnavailable, isUnstorableText } from '#db/errors'
import { logger } from '~/utils/logger.server'
import { NonceProvider } from '~/utils/nonce'
import type {} from './load-context'

const ABORT_DELAY = 5_000

/**
 * Remix's default Node entry, with two additions: the CSP nonce reaches React (so `<Scripts>` and
 * `<ScrollRestoration>` carry it), and bots get the whole document at once while browsers get it streamed.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const whole = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  const nonce = loadContext.cspNonce
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const ready = () => {
      shellRendered = true
      const body = new PassThrough()
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
      )
      pipe(body)
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        ...(whole ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors before the shell reject and are logged by Remix's handleDocumentRequest.
          if (shellRendered) logger.error({ err: error }, 'rendering failed after the shell was sent')
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

/**
 * Every error a loader, action or render threw that was not a Response. A database that is away and text
 * PostgreSQL cannot store are not bugs: they are noted on the load context, and the server answers them 503
 * (with Retry-After) and 400 instead of 500. Everything else is logged as the bug it is.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return
  if (isDatabaseUnavailable(error)) {
    context.failure = 'database-unavailable'
    logger.warn({ err: error, path: new URL(request.url).pathname }, 'database unavailable')
    return
  }
  if (isUnstorableText(error)) {
    context.failure = 'unstorable-text'
    return
  }
  logger.error({ err: error, path: new URL(request.url).pathname }, 'unexpected server error')
}
