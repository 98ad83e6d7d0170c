import type { z } from 'zod'
import { statusFor } from './action.server'
import { DomainError } from './domain-error'

export type ApiIssue = { path: (string | number)[]; message: string }

export function apiError(status: number, error: string, issues: ApiIssue[] = []) {
  return Response.json({ error, issues }, { status, headers: { 'cache-control': 'no-store' } })
}

export function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: i.message,
  }))
}

export const JSON_BODY_MAX_BYTES = 1_000_000

/**
 * The body as text, read chunk by chunk and abandoned (413) as soon as it passes `maxBytes`: a large body is
 * never held whole in memory just to learn that it is too large.
 */
async function readTextWithin(request: Request, maxBytes: number): Promise<string> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function tooLarge(maxBytes: number): Response {
  return apiError(413, `The body is larger than ${maxBytes / 1_000_000} MB.`)
}

/** The JSON body of a request, or a 400 naming the problem (never a 500 for a bad body). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.includes('application/json')) {
    throw apiError(415, 'Send the body as JSON with "Content-Type: application/json".')
  }
  const text = await readTextWithin(request, JSON_BODY_MAX_BYTES)
  try {
    return JSON.parse(text)
  } catch {
    throw apiError(400, 'The body is not valid JSON.')
  }
}

export function methodNotAllowed(allowed: string[]) {
  return Response.json(
    { error: `Method not allowed; use ${allowed.join(' or ')}.`, issues: [] },
    { status: 405, headers: { allow: allowed.join(', ') } },
  )
}

/**
 * Runs `work`; a model's refusal (`DomainError`) becomes the API's error: by the field it names (400 with an issue
 * at that path, as a failed schema is), else by its code through `statusFor`. Anything else is a bug and is
 * rethrown.
 */
export async function answerApiDomainErrors<T>(work: () => Promise<T>): Promise<T | Response> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    if (error.field) return apiError(400, error.message, [{ path: [error.field], message: error.message }])
    return apiError(statusFor(error.code), error.message)
  }
}

/** Whether a JSON body is an object: anything else is refused with a 400. */
export function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
}

/** Answers that depend on who asks (their votes, their drafts) are never cached. */
export const PRIVATE_ANSWER = { 'cache-control': 'no-store' } as const
