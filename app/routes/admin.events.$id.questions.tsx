import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { z } from 'zod'
import { CheckboxField, ErrorList, InputField, SelectField, TextareaField } from '~/components/forms'
import { QUESTION_KIND_LABELS, QUESTION_KINDS, QuestionFormSchema } from '~/models/registration/question-schema'
import { createQuestion, deleteQuestion, listQuestions, updateQuestion } from '~/models/registration/questions.server'
import type { QuestionDefinition } from '~/models/registration/schema'
import { requireManagedEvent } from '~/access/event.server'
import { validateCsrf } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Registration questions — Convene' }]

const IdSchema = z.coerce.number().int().positive()

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  return { questions: await listQuestions(event.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireManagedEvent(request, params)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const intent = formData.get('intent')
  const questionId = IdSchema.safeParse(formData.get('questionId'))
  if (intent === 'delete') {
    if (!questionId.success || !(await deleteQuestion(event.id, questionId.data))) {
      return data({ formId: 'delete', result: null, message: 'That question no longer exists.' }, { status: 404 })
    }
    return { formId: 'delete', result: null, message: 'Question removed.' }
  }
  const formId = intent === 'update' && questionId.success ? `question-${questionId.data}` : 'new-question'
  const submission = parseWithZod(formData, { schema: QuestionFormSchema })
  if (submission.status !== 'success')
    return data({ formId, result: submission.reply(), message: null }, { status: 400 })
  if (intent === 'update' && questionId.success) {
    if (!(await updateQuestion(event.id, questionId.data, submission.value))) {
      return data({ formId, result: null, message: 'That question no longer exists.' }, { status: 404 })
    }
    return { formId, result: submission.reply(), message: 'Question saved.' }
  }
  await createQuestion(event.id, submission.value)
  return { formId, result: submission.reply({ resetForm: true }), message: 'Question added.' }
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
  return (
    <div className="stack narrow-wide">
      <p className="lead">
        Registration always asks for name, email, projects, role, attendance, accessibility and dietary needs, and
        consent to be listed. Add the questions specific to this event here.
      </p>
      {actionData?.message ? (
        <p className="notice notice--success" role="status">
          {actionData.message}
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
                <QuestionForm
                  question={q}
                  lastResult={actionData?.formId === `question-${q.id}` ? actionData.result : null}
                />
              </details>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">No custom questions yet.</p>
      )}
      <section className="card" aria-labelledby="add-question-heading">
        <h2 id="add-question-heading">Add a question</h2>
        <QuestionForm lastResult={actionData?.formId === 'new-question' ? actionData.result : null} />
      </section>
    </div>
  )
}
