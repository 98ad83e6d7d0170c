import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { ATTACHMENT_ACCEPT } from '~/models/attachments/limits'
import { AttachmentActionSchema } from '~/models/attachments/schema'
import type { AttachmentItem } from '~/models/attachments/view'
import { ConfirmAction } from '../confirm-action'
import { ErrorList, InputField, TextareaField } from '../forms'
import { AttachmentEntry } from './attachment-list'

/** What the attachments page's action answers, for the form named by `intent` (and `attachmentId`). */
export type AttachmentReply = {
  intent: 'upload' | 'link' | 'alt' | 'remove' | 'move' | null
  attachmentId?: number
  ok: boolean
  message: string
  result?: SubmissionResult<string[]>
}

function resultFor(reply: AttachmentReply | undefined, intent: AttachmentReply['intent'], attachmentId?: number) {
  if (!reply || reply.intent !== intent) return undefined
  if (attachmentId !== undefined && reply.attachmentId !== attachmentId) return undefined
  return reply.result
}

const validate = ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema: AttachmentActionSchema })

function SubmitButton({ label, busyLabel, intent }: { label: string; busyLabel: string; intent: string }) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  return (
    <button type="submit" className="button" disabled={busy}>
      {busy ? busyLabel : label}
    </button>
  )
}

/** Attach a file: chosen, titled and, for an image, described. Checked here for size; by content on the server. */
export function UploadForm({ reply }: { reply?: AttachmentReply }) {
  const [form, fields] = useForm({
    id: 'attachment-upload',
    lastResult: resultFor(reply, 'upload'),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: validate,
  })
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card stack event-form">
      <h2>Attach a file</h2>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="upload" />
      <ErrorList errors={form.errors} />
      <InputField
        meta={fields.file}
        type="file"
        label="File"
        hint="PDF, PNG, JPEG, plain text or Markdown, at most 25 MB. Convene checks what the file contains, not only its name."
        accept={ATTACHMENT_ACCEPT}
      />
      <InputField meta={fields.title} label="Title" hint="Optional: the file’s name is used without one." />
      <TextareaField
        meta={fields.altText}
        label="Description of the image (alt text)"
        hint="Needed for PNG and JPEG images: what the image shows, for people who cannot see it."
        rows={3}
      />
      <div className="form-actions">
        <SubmitButton label="Attach file" busyLabel="Uploading…" intent="upload" />
      </div>
    </Form>
  )
}

/** Attach a link to slides or papers elsewhere (Zenodo, Speaker Deck, GitHub …). */
export function LinkForm({ reply }: { reply?: AttachmentReply }) {
  const [form, fields] = useForm({
    id: 'attachment-link',
    lastResult: resultFor(reply, 'link'),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: validate,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack event-form">
      <h2>Add a link</h2>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="link" />
      <ErrorList errors={form.errors} />
      <InputField
        meta={fields.url}
        type="url"
        label="Address"
        hint="Slides or a paper elsewhere: Zenodo, Speaker Deck, GitHub … (https:// or http://)."
      />
      <InputField meta={fields.title} label="Title" />
      <div className="form-actions">
        <SubmitButton label="Add link" busyLabel="Adding…" intent="link" />
      </div>
    </Form>
  )
}

function AltTextForm({ item, reply }: { item: AttachmentItem; reply?: AttachmentReply }) {
  const [form, fields] = useForm({
    id: `attachment-alt-${item.id}`,
    lastResult: resultFor(reply, 'alt', item.id),
    defaultValue: { altText: item.image?.altText ?? '' },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: validate,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="alt" />
      <input type="hidden" name="attachmentId" value={item.id} />
      <ErrorList errors={form.errors} />
      <TextareaField meta={fields.altText} label={`Alt text of “${item.title}”`} rows={2} />
      <div>
        <button type="submit" className="button button--secondary button--small">
          Save alt text<span className="visually-hidden"> of “{item.title}”</span>
        </button>
      </div>
    </Form>
  )
}

function MoveButton({ item, direction }: { item: AttachmentItem; direction: 'up' | 'down' }) {
  return (
    <Form method="post" className="inline-form">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="attachmentId" value={item.id} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" className="button button--secondary button--small">
        {direction === 'up' ? 'Move up' : 'Move down'}
        <span className="visually-hidden"> “{item.title}”</span>
      </button>
    </Form>
  )
}

/** The session's attachments in their order, each with what can be done to it. */
export function ManagedAttachments({ items, reply }: { items: AttachmentItem[]; reply?: AttachmentReply }) {
  if (!items.length) return <p className="empty">Nothing attached yet.</p>
  return (
    <ol className="plain-list">
      {items.map((item, index) => (
        <li key={item.id} className="stack">
          <AttachmentEntry item={item} />
          <p className="muted small">Added by {item.addedBy}.</p>
          {item.image ? <AltTextForm item={item} reply={reply} /> : null}
          <div className="inline-list">
            {index > 0 ? <MoveButton item={item} direction="up" /> : null}
            {index < items.length - 1 ? <MoveButton item={item} direction="down" /> : null}
            <ConfirmAction
              label="Remove"
              hiddenLabel={`“${item.title}”`}
              question={`Remove “${item.title}” from this session for good?`}
              confirmLabel="Remove"
              summaryClassName="button button--danger button--small"
              fields={
                <>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="attachmentId" value={item.id} />
                </>
              }
            />
          </div>
        </li>
      ))}
    </ol>
  )
}
