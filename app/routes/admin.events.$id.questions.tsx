import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import type { z } from 'zod'
import { CheckboxField, ErrorList, InputField, SelectField, TextareaField } from '~/components/forms'
import {
  QUESTION_KIND_LABELS,
  QUESTION_KINDS,
  QuestionFormSchema,
  QuestionsActionSchema,
} from '~/models/registration/question-schema'
import { createQuestion, deleteQuestion, listQuestions, updateQuestion } from '~/models/registration/questions.server'
import type { QuestionDefinition } from '~/models/registration/schema'
import { requireManagedEvent } from '~/access/event.server'
import { answerDomainErrors, parseAction, type ActionReply } from '~/utils/action.server'

export const meta: MetaFunction = () => [{ title: 'Registration questions — Convene' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return { questions: await listQuestions(event.id) }
}

type Intent<Name> = Extract<z.output<typeof QuestionsActionSchema>, { intent: Name }>
type Submitted = { reply: (options?: { resetForm?: boolean }) => SubmissionResult<string[]> }
/** A form that worked: which one (so only it gets `result`), and what to tell. */
type Done = { ok: true; formId: string; result: SubmissionResult<string[]> | null; message: string }

async function addQuestion(eventId: number, value: Intent<'create'>, submission: Submitted): Promise<Done> {
  await createQuestion(eventId, value.question)
  return { ok: true, formId: 'new-question', result: submission.reply({ resetForm: true }), message: 'Question added.' }
}

async function saveQuestion(eventId: number, value: Intent<'update'>, submission: Submitted): Promise<Done> {
  await updateQuestion(eventId, value.questionId, value.question)
  return { ok: true, formId: `question-${value.questionId}`, result: submission.reply(), message: 'Question saved.' }
}

async function removeQuestion(eventId: number, value: Intent<'delete'>): Promise<Done> {
  await deleteQuestion(eventId, value.questionId)
  return { ok: true, formId: 'delete', result: null, message: 'Question removed.' }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const parsed = await parseAction(request, QuestionsActionSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  return answerDomainErrors(() => {
    if (value.intent === 'create') return addQuestion(event.id, value, submission)
    if (value.intent === 'update') return saveQuestion(event.id, value, submission)
    return removeQuestion(event.id, value)
  }, submission)
}

/** The form an answer belongs to: named by a success, read back from a refusal's own fields. */
function formIdOf(reply: Done | ActionReply | undefined): string | undefined {
  if (!reply) return undefined
  if ('formId' in reply) return reply.formId
  const sent = reply.result?.initialValue
  if (sent?.intent === 'create') return 'new-question'
  if (sent?.intent === 'update') return `question-${String(sent.questionId)}`
  return sent?.intent === 'delete' ? 'delete' : undefined
}

function QuestionForm({
  question,
  lastResult,
}: {
  question?: QuestionDefinition
  lastResult?: SubmissionResult<string[]> | null
}) {
  const id = question ? `question-${question.id}` : 'new-question'
  const [form, fields] = useForm<z.input<typeof QuestionFormSchema>, z.output<typeof QuestionFormSchema>>({
    id,
    lastResult,
    defaultValue: question
      ? {
          label: question.label,
          kind: question.kind,
          options: question.options.join('\n'),
          required: question.required,
        }
      : { kind: 'text' },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuestionFormSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value={question ? 'update' : 'create'} />
      {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
      <ErrorList errors={form.errors} />
      <InputField meta={fields.label} label="Question" />
      <SelectField
        meta={fields.kind}
        label="Answer"
        options={QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }))}
      />
      <TextareaField meta={fields.options} label="Choices" hint="For one or several choices: one per line." rows={4} />
      <CheckboxField meta={fields.required} label="An answer is required" />
      <div>
        <button type="submit" className="button">
          {question ? 'Save question' : 'Add question'}
        </button>
      </div>
    </Form>
  )
}

export default function QuestionsPage() {
  const { questions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formId = formIdOf(actionData)
  const lastResultOf = (id: string) => (formId === id ? actionData?.result : null)
  // Field errors show by their fields; a line at the top for what worked, and for a removal that could not be.
  const notice = actionData?.ok || formId === 'delete' ? actionData?.message : null
  return (
    <div className="stack narrow-wide">
      <p className="lead">
        Registration always asks for name, email, projects, role, attendance, accessibility and dietary needs, and
        consent to be listed. Add the questions specific to this event here.
      </p>
      {notice ? (
        <p className={`notice ${actionData?.ok ? 'notice--success' : 'notice--warning'}`} role="status">
          {notice}
        </p>
      ) : null}
      {questions.length ? (
        <ol className="question-list">
          {questions.map((q) => (
            <li key={q.id} className="card">
              <div className="row-between">
                <p>
                  <strong>{q.label}</strong>{' '}
                  <span className="muted">
                    ({QUESTION_KIND_LABELS[q.kind]}
                    {q.required ? ', required' : ''}
                    {q.options.length ? `: ${q.options.join(', ')}` : ''})
                  </span>
                </p>
                <Form method="post">
                  <AuthenticityTokenInput />
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <button type="submit" className="button button--small button--secondary">
                    Remove <span className="visually-hidden">{q.label}</span>
                  </button>
                </Form>
              </div>
              <details>
                <summary>
                  Edit <span className="visually-hidden">{q.label}</span>
                </summary>
                <QuestionForm question={q} lastResult={lastResultOf(`question-${q.id}`)} />
              </details>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">No custom questions yet.</p>
      )}
      <section className="card" aria-labelledby="add-question-heading">
        <h2 id="add-question-heading">Add a question</h2>
        <QuestionForm lastResult={lastResultOf('new-question')} />
      </section>
    </div>
  )
}
