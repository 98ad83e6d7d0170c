import type { z } from 'zod'

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

/** The JSON body of a request, or a 400 naming the problem (never a 500 for a bad body). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.includes('application/json')) {
    throw apiError(415, 'Send the body as JSON with "Content-Type: application/json".')
  }
  const text = await request.text()
  if (text.length > 1_000_000) throw apiError(413, 'The body is larger than 1 MB.')
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
