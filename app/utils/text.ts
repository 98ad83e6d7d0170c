import { z } from 'zod'

// PostgreSQL text cannot hold U+0000 (it fails with 22021, which would be a 500), and nobody types one on
// purpose: it arrives pasted from another program or sent by a script. Every schema of user text refuses it here,
// with a message by the field, before it can reach the database.

export const NUL_MESSAGE = 'Remove the invisible NUL character (U+0000) from this text: it cannot be stored'

export function containsNul(value: string): boolean {
  return value.includes('\u0000')
}

/** `schema`, refusing text with a NUL character. Keeps the schema's own type, so `.trim().max(…)` still chain. */
export function noNul<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine((value) => !containsNul(value), NUL_MESSAGE)
}

/** `z.string(params)` for text a person typed: refuses NUL characters. */
export function text(params?: Parameters<typeof z.string>[0]): z.ZodString {
  return noNul(z.string(params))
}
