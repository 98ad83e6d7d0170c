import { parseWithZod } from '@conform-to/zod/v4'
import type { Submission, SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { DomainError, type DomainErrorCode } from './domain-error'
import { validateCsrf } from './session.server'

/** What a form action answers: conform's result (for field errors), and a message for the page. */
export type ActionReply = { result?: SubmissionResult<string[]>; message?: string; ok?: boolean }

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  not_found: 404,
  no_revision: 404,
  invalid_url: 400,
  unknown_account: 400,
  closed: 409,
  no_seat: 409,
  invalid_change: 409,
  published: 409,
  not_suggested: 409,
  bad_base: 409,
  locked: 409,
  slug_taken: 409,
  last_organizer: 409,
  not_allowed: 403,
  unsupported_type: 415,
  too_large: 413,
  incomplete: 400,
}

/** The HTTP status of a model's refusal: the one mapping from domain codes to statuses. */
export function statusFor(code: DomainErrorCode): number {
  return STATUS_BY_CODE[code]
}

/**
 * The contract of every form action: the form checked for its CSRF token, then parsed by conform with the one
 * zod schema the form itself uses (usually `z.discriminatedUnion('intent', …)`, one member per button).
 *
 *   const parsed = await parseAction(request, Schema)
 *   if (parsed.failure) return parsed.failure   // 400 with conform's SubmissionResult: errors by each field
 *   parsed.value                                 // the schema's output (only after that check: a type error before)
 *
 * The failure is *returned*, never thrown: a thrown `data()` would go to the error boundary instead of back
 * to the form as action data.
 */
export async function parseAction<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  /** Fields never sent back to the form (a password). */
  options: { hideFields?: string[] } = {},
): Promise<
  | {
      value: z.output<Schema>
      submission: Submission<z.input<Schema>, string[], z.output<Schema>>
      formData: FormData
      failure?: undefined
    }
  | {
      submission: Submission<z.input<Schema>, string[], z.output<Schema>>
      formData: FormData
      failure: ReturnType<typeof data<ActionReply>>
    }
> {
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const submission = parseWithZod(formData, { schema }) as Submission<z.input<Schema>, string[], z.output<Schema>>
  if (submission.status !== 'success') {
    return {
      submission,
      formData,
      failure: data(
        {
          ok: false,
          result: submission.reply({ hideFields: options.hideFields }),
          message: firstMessage(submission.error),
        },
        { status: 400 },
      ),
    }
  }
  return { value: submission.value as z.output<Schema>, formData, submission }
}

function firstMessage(errors: Record<string, string[] | null> | null | undefined): string {
  return (
    Object.values(errors ?? {})
      .flat()
      .find(Boolean) ?? 'Check the form.'
  )
}

/**
 * Runs `work`; a `DomainError` it throws becomes the answer `statusFor` gives its code, with its message — shown
 * by the field `fields[code]` (or the error itself) names, else as the form's own error (conform), and as `message` for pages that
 * show one line. Anything else is a bug and is rethrown.
 */
export async function answerDomainErrors<T>(
  work: () => Promise<T>,
  submission?: {
    reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>
  },
  fields: Partial<Record<DomainErrorCode, string>> = {},
) {
  try {
    return await work()
  } catch (error) {
    if (error instanceof DomainError) {
      const code: DomainErrorCode = error.code
      const field = fields[code] ?? error.field
      const result = field
        ? submission?.reply({ fieldErrors: { [field]: [error.message] } })
        : submission?.reply({ formErrors: [error.message] })
      // A refusal shown by a field is the input's fault, as a failed schema is: 400, whatever the API says.
      return data({ ok: false, message: error.message, result }, { status: field ? 400 : statusFor(code) })
    }
    throw error
  }
}
