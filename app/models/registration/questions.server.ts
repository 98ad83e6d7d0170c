import type { QuestionKind, RegistrationQuestion } from '#db/schema'
import { db } from '~/utils/db.server'
import { RegistrationError } from './error'
import type { QuestionDefinition } from './schema'

const columns = ['id', 'label', 'kind', 'options', 'required', 'position'] as const

export async function listQuestions(eventId: number): Promise<QuestionDefinition[]> {
  return db
    .selectFrom('registration_questions')
    .select(columns)
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('id')
    .execute()
}

export type QuestionInput = { label: string; kind: QuestionKind; options: string[]; required: boolean }

export async function createQuestion(eventId: number, input: QuestionInput): Promise<RegistrationQuestion> {
  const { max } = await db
    .selectFrom('registration_questions')
    .select((eb) => eb.fn.max<number | null>('position').as('max'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow()
  return db
    .insertInto('registration_questions')
    .values({ event_id: eventId, ...input, position: (max ?? 0) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow()
}

const GONE = 'That question no longer exists.'

export async function updateQuestion(eventId: number, questionId: number, input: QuestionInput): Promise<void> {
  const result = await db
    .updateTable('registration_questions')
    .set(input)
    .where('id', '=', questionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new RegistrationError(GONE, 'not_found')
}

/** Removes the question; answers already given stay in the registrations (and in old exports). */
export async function deleteQuestion(eventId: number, questionId: number): Promise<void> {
  const result = await db
    .deleteFrom('registration_questions')
    .where('id', '=', questionId)
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  if (Number(result.numDeletedRows) === 0) throw new RegistrationError(GONE, 'not_found')
}
