import { z } from 'zod'
import type { LocationKind, QuestionKind } from '#db/schema'
import { text } from '~/utils/text'

// One schema, built from the event and its questions, serves the registration form (through conform, in the
// browser and in the action) and the public API.

export const KNOWN_PROJECTS = [
  'NumPy',
  'SciPy',
  'Matplotlib',
  'pandas',
  'scikit-learn',
  'NetworkX',
  'scikit-image',
  'IPython',
  'Jupyter',
  'Dask',
  'xarray',
  'CuPy',
  'JAX',
  'PyData/Sparse',
  'Array API standard',
  'python-graphblas',
] as const

export const ROLES = ['maintainer', 'contributor', 'user', 'organizer', 'other'] as const
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  maintainer: 'Maintainer',
  contributor: 'Contributor',
  user: 'User or researcher',
  organizer: 'Community organizer',
  other: 'Other',
}

export const ATTENDANCE_MODES = ['in_person', 'remote'] as const
export const ATTENDANCE_LABELS = { in_person: 'In person', remote: 'Remote' } as const

export type QuestionDefinition = {
  id: number
  label: string
  kind: QuestionKind
  options: string[]
  required: boolean
}

export const questionKey = (id: number) => `q${id}`

function answerSchema(q: QuestionDefinition): z.ZodType {
  switch (q.kind) {
    case 'text': {
      const answer = text().trim().max(2000, 'Keep the answer under 2,000 characters')
      return q.required
        ? text({ error: 'This question needs an answer' })
            .trim()
            .min(1, 'This question needs an answer')
            .max(2000, 'Keep the answer under 2,000 characters')
        : answer.optional()
    }
    case 'single_choice': {
      const choice = z.enum(q.options as [string, ...string[]], { error: 'Choose one of the options' })
      return q.required ? choice : choice.optional()
    }
    case 'multiple_choice': {
      const choices = z.array(z.enum(q.options as [string, ...string[]], { error: 'Choose from the options' }))
      return q.required ? choices.min(1, 'Choose at least one option') : choices.default([])
    }
    case 'checkbox':
      return q.required
        ? z.literal(true, { error: 'This box must be ticked to register' })
        : z.boolean({ error: 'Answer yes or no' }).default(false)
  }
}

const optionalText = (max: number, label: string) =>
  text({ error: `${label} must be text` })
    .trim()
    .max(max, `Keep ${label.toLowerCase()} under ${max} characters`)
    .optional()
    .transform((v) => v || null)

export type Role = (typeof ROLES)[number]
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number]

/** What a registrant tells about themselves, apart from the email that identifies the registration. */
export type RegistrationDetails = {
  name: string
  affiliations: string[]
  role: Role | null
  attendanceMode: AttendanceMode
  accessibilityNeeds: string | null
  dietaryNeeds: string | null
  publicListing: boolean
  answers: Record<string, string | string[] | boolean>
}

/** A registration as the form and the API send it. */
export type RegistrationInput = RegistrationDetails & { email: string }

/** The manage page's "Save changes": the details, under the form's intent. */
export type RegistrationChange = RegistrationDetails & { intent: 'update' }

type SchemaKind = 'register' | 'change'
const schemaCache = new Map<string, ReturnType<typeof buildRegistrationSchema> | ReturnType<typeof buildChangeSchema>>()

function cached<S>(
  kind: SchemaKind,
  event: { locationKind: LocationKind },
  questions: QuestionDefinition[],
  build: () => S,
): S {
  const key = JSON.stringify([kind, event.locationKind, questions])
  let schema = schemaCache.get(key) as S | undefined
  if (!schema) {
    if (schemaCache.size > 500) schemaCache.clear()
    schema = build()
    schemaCache.set(key, schema as ReturnType<typeof buildRegistrationSchema>)
  }
  return schema
}

/**
 * The registration schema for an event with these questions. Built schemas are kept (by their definition), as
 * zod compiles each new schema on first use and a registration storm would otherwise rebuild it per request.
 */
export function registrationSchema(event: { locationKind: LocationKind }, questions: QuestionDefinition[]) {
  return cached('register', event, questions, () => buildRegistrationSchema(event, questions))
}

/**
 * The schema of the manage page's details form: the same fields and rules without the email (which is not
 * changed there, so not sent), under `intent: 'update'` so it is one member of that page's action schema.
 */
export function registrationChangeSchema(event: { locationKind: LocationKind }, questions: QuestionDefinition[]) {
  return cached('change', event, questions, () => buildChangeSchema(event, questions))
}

function fixedModeOf(locationKind: LocationKind): AttendanceMode | null {
  return locationKind === 'online' ? 'remote' : locationKind === 'in_person' ? 'in_person' : null
}

/** The fields of the form, but the email. */
function detailFields(event: { locationKind: LocationKind }, questions: QuestionDefinition[]) {
  const answers = Object.fromEntries(questions.map((q) => [questionKey(q.id), answerSchema(q)]))
  return {
    name: text({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(200, 'Use at most 200 characters'),
    affiliations: z
      .array(
        text({ error: 'Affiliations are names of projects' })
          .trim()
          .min(1)
          .max(100, 'Project names are at most 100 characters'),
      )
      .max(20, 'Name at most 20 projects')
      .default([]),
    otherAffiliations: optionalText(300, 'Other projects'),
    role: z.enum(ROLES, { error: 'Choose a role from the list' }).optional(),
    attendanceMode: fixedModeOf(event.locationKind)
      ? z.enum(ATTENDANCE_MODES).optional()
      : z.enum(ATTENDANCE_MODES, { error: 'Choose in person or remote' }),
    accessibilityNeeds: optionalText(2000, 'Accessibility needs'),
    dietaryNeeds: optionalText(500, 'Dietary needs'),
    publicListing: z.boolean({ error: 'Answer yes or no' }).default(false),
    // prefault, not default: an absent answers object must still be checked against required questions.
    answers: z.object(answers, { error: 'Answers must be an object keyed by question' }).prefault({}),
  }
}

type DetailFields = z.output<z.ZodObject<ReturnType<typeof detailFields>>>

/** The typed fields as the registration keeps them: projects merged, the attendance settled, meals in the room only. */
function toDetails(input: DetailFields, locationKind: LocationKind): RegistrationDetails {
  const extra = (input.otherAffiliations ?? '')
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
  const affiliations = [...new Set([...input.affiliations, ...extra])]
  const attendanceMode = fixedModeOf(locationKind) ?? input.attendanceMode ?? 'remote'
  return {
    name: input.name,
    affiliations,
    role: input.role ?? null,
    attendanceMode,
    accessibilityNeeds: input.accessibilityNeeds,
    // Meals are only planned for people in the room.
    dietaryNeeds: attendanceMode === 'in_person' ? input.dietaryNeeds : null,
    publicListing: input.publicListing,
    answers: input.answers as Record<string, string | string[] | boolean>,
  }
}

function buildRegistrationSchema(event: { locationKind: LocationKind }, questions: QuestionDefinition[]) {
  const { name, ...details } = detailFields(event, questions)
  return z
    .object({
      name,
      email: text({ error: 'Enter your email address' })
        .trim()
        .max(320, 'This email address is too long')
        .pipe(z.email({ error: 'Enter a valid email address, like ada@example.org' })),
      ...details,
    })
    .transform((input): RegistrationInput => ({ ...toDetails(input, event.locationKind), email: input.email }))
}

function buildChangeSchema(event: { locationKind: LocationKind }, questions: QuestionDefinition[]) {
  return z
    .object({ intent: z.literal('update'), ...detailFields(event, questions) })
    .transform((input): RegistrationChange => ({ ...toDetails(input, event.locationKind), intent: input.intent }))
}
