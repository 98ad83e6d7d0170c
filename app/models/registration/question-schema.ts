import { z } from 'zod'
import { text } from '~/utils/text'

export const QUESTION_KINDS = ['text', 'single_choice', 'multiple_choice', 'checkbox'] as const
export const QUESTION_KIND_LABELS: Record<(typeof QUESTION_KINDS)[number], string> = {
  text: 'Text answer',
  single_choice: 'One choice',
  multiple_choice: 'Several choices',
  checkbox: 'Checkbox (yes/no)',
}

/** An organizer's custom registration question; choices are typed one per line. */
export const QuestionFormSchema = z
  .object({
    label: text({ error: 'Write the question' })
      .trim()
      .min(3, 'Write the question')
      .max(300, 'Keep it under 300 characters'),
    kind: z.enum(QUESTION_KINDS, { error: 'Choose the kind of answer' }),
    options: text().max(5000).optional(),
    required: z.boolean().default(false),
  })
  .transform((input, ctx) => {
    const options = [
      ...new Set(
        (input.options ?? '')
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    ]
    const needsOptions = input.kind === 'single_choice' || input.kind === 'multiple_choice'
    if (needsOptions && options.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Give at least two choices, one per line' })
    }
    if (options.some((o) => o.length > 200)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Keep each choice under 200 characters' })
    }
    return { label: input.label, kind: input.kind, required: input.required, options: needsOptions ? options : [] }
  })
