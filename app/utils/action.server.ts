import { parseWithZod } from '@conform-to/zod/v4'
import type { Submission, SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { DomainError, type DomainErrorCode } from './domain-error'
import { validateCsrf } from './session.server'

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
  slug_taken: 409,
  last_organizer: 409,
}

/** The HTTP status of a model's refusal: the one mapping from domain codes to statuses. */
export function statusFor(code: DomainErrorCode): number {
  return STATUS_BY_CODE[code]
}

/**
 * The contract of every form action: the form checked for its CSRF token, then parsed by conform with the one
 * zod schema the form itself uses (usually `z.discriminatedUnion('intent', …)`, one member per button).
 * Returns the parsed value, or throws the 400 answer with conform's `SubmissionResult`, whose errors the form
 * shows by each field.
 */
export async function parseAction<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<{
  value: z.output<Schema>
  formData: FormData
  submission: Submission<z.input<Schema>, string[], z.output<Schema>>
}> {
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const submission = parseWithZod(formData, { schema }) as Submission<z.input<Schema>, string[], z.output<Schema>>
  if (submission.status !== 'success') {
    throw data({ result: submission.reply(), message: firstMessage(submission.error) }, { status: 400 })
  }
  return { value: submission.value as z.output<Schema>, formData, submission }
}

function firstMessage(errors: Record<string, string[] | null> | null | undefined): string {
  return Object.values(errors ?? {}).flat().find(Boolean) ?? 'Check the form.'
}

/** What a form action answers: conform's result (for field errors), and a message for the page. */
export type ActionReply = { result?: SubmissionResult<string[]>; message?: string; ok?: boolean }

/**
 * Runs `work`; a `DomainError` it throws becomes the answer `statusFor` gives its code, with its message (and,
 * when there is a submission, as a form error conform shows). Anything else is a bug and is rethrown.
 */
export async function answerDomainErrors<T>(
  work: () => Promise<T>,
  submission?: { reply: (options: { formErrors: string[] }) => SubmissionResult<string[]> },
) {
  try {
    return await work()
  } catch (error) {
    if (error instanceof DomainError) {
      return data(
        { ok: false, message: error.message, result: submission?.reply({ formErrors: [error.message] }) },
        { status: statusFor(error.code) },
      )
    }
    throw error
  }
}
