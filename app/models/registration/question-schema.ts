import { z } from 'zod'
import { text } from '~/utils/text'

export const QUESTION_KINDS = ['text', 'single_choice', 'multiple_choice', 'checkbox'] as const
export const QUESTION_KIND_LABELS: Record<(typeof QUESTION_KINDS)[number], string> = {
  text: 'Text answer',
  single_choice: 'One choice',
  multiple_choice: 'Several choices',
  checkbox: 'Checkbox (yes/no)',
}

const questionFields = {
  label: text({ error: 'Write the question' })
    .trim()
    .min(3, 'Write the question')
    .max(300, 'Keep it under 300 characters'),
  kind: z.enum(QUESTION_KINDS, { error: 'Choose the kind of answer' }),
  options: text().max(5000).optional(),
  required: z.boolean().default(false),
}

type QuestionFields = z.output<z.ZodObject<typeof questionFields>>

/** The question as it is stored: choices split one per line (and only for the kinds that have choices). */
function toQuestion(input: QuestionFields, ctx: z.RefinementCtx) {
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
}

/** An organizer's custom registration question; choices are typed one per line. */
export const QuestionFormSchema = z.object(questionFields).transform(toQuestion)

const questionId = z.number().int().positive()

/** The questions page's forms: add a question, save one, remove one. */
export const QuestionsActionSchema = z.discriminatedUnion('intent', [
  z
    .object({ intent: z.literal('create'), ...questionFields })
    .transform((input, ctx) => ({ intent: input.intent, question: toQuestion(input, ctx) })),
  z
    .object({ intent: z.literal('update'), questionId, ...questionFields })
    .transform((input, ctx) => ({
      intent: input.intent,
      questionId: input.questionId,
      question: toQuestion(input, ctx),
    })),
  z.object({ intent: z.literal('delete'), questionId }),
])
