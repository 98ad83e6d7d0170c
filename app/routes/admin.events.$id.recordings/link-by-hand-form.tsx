import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { ErrorList, InputField, SelectField } from '~/components/forms'
import { RecordingActionSchema } from '~/models/recordings/schema'
import type { SessionOption } from './view-model'

/**
 * "Link a recording by hand": a session, any YouTube address and, for a split recording, its part; checked in the
 * browser with the action's schema.
 */
export function LinkByHandForm({
  options,
  lastResult,
}: {
  options: SessionOption[]
  /** The action's answer to this form, if the last one was. */
  lastResult: SubmissionResult<string[]> | null
}) {
  const [form, fields] = useForm({
    id: 'link-recording',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecordingActionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="link" />
      <ErrorList errors={form.errors} />
      <SelectField meta={fields.sessionId} label="Session" options={options} placeholder="Choose a session…" />
      <InputField
        meta={fields.url}
        label="YouTube address"
        hint="Any form works: youtube.com/watch?v=…, youtu.be/…, /live/…, /embed/…, /shorts/…"
        inputMode="url"
        autoComplete="off"
      />
      <InputField
        meta={fields.part}
        label="Part (optional)"
        hint="For a recording split over several videos: this video's part, 1, 2, … Empty: the video is the whole recording and replaces the session's other videos."
        inputMode="numeric"
        autoComplete="off"
      />
      <div>
        <button type="submit" className="button">
          Link recording
        </button>
      </div>
    </Form>
  )
}
