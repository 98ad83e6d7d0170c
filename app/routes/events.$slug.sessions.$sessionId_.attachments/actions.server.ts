import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { AttachmentEditor } from '~/access/attachments.server'
import type { AttachmentReply } from '~/components/attachments/attachment-manager'
import {
  addFileAttachment,
  addLinkAttachment,
  describeImage,
  moveAttachment,
  removeAttachment,
  type AttachmentTarget,
} from '~/models/attachments/attachments.server'
import { AttachmentActionSchema, type AttachmentAction } from '~/models/attachments/schema'
import { statusFor } from '~/utils/action.server'
import { DomainError } from '~/utils/domain-error'
import { validateCsrf } from '~/utils/session.server'
import { FormReadRefusal, readAttachmentForm } from './form-reader.server'

function answer(reply: AttachmentReply, status = 200) {
  return data(reply, { status })
}

function intentOf(formData: FormData): AttachmentReply['intent'] {
  const intent = formData.get('intent')
  return intent === 'upload' || intent === 'link' || intent === 'alt' || intent === 'remove' || intent === 'move'
    ? intent
    : null
}

function attachmentIdOf(formData: FormData): number | undefined {
  const id = Number(formData.get('attachmentId'))
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

function errorResult(field: string | undefined, message: string): SubmissionResult<string[]> {
  return { status: 'error', error: { [field ?? '']: [message] } }
}

/** Does what the form asked; returns the message for the page. */
async function perform(target: AttachmentTarget, input: AttachmentAction, addedBy: string): Promise<string> {
  switch (input.intent) {
    case 'upload': {
      const attachment = await addFileAttachment(
        target,
        {
          bytes: new Uint8Array(await input.file.arrayBuffer()),
          fileName: input.file.name,
          title: input.title,
          altText: input.altText,
        },
        addedBy,
      )
      return `Attached “${attachment.title}” as ${attachment.fileName}.`
    }
    case 'link': {
      const attachment = await addLinkAttachment(target, { url: input.url, title: input.title }, addedBy)
      return `Added the link “${attachment.title}”.`
    }
    case 'alt':
      await describeImage(target, input.attachmentId, input.altText)
      return 'Saved the alt text.'
    case 'remove': {
      const { title } = await removeAttachment(target, input.attachmentId)
      return `Removed “${title}”.`
    }
    case 'move':
      await moveAttachment(target, input.attachmentId, input.direction)
      return 'Moved.'
  }
}

/**
 * The contract of parseAction (CSRF token, then the one schema), for forms that may carry a 25 MB file: the body
 * is read within its limits first (413 past them), then the token is checked from the parsed form, then the
 * schema; a model's refusal comes back by its field (400) or by its code.
 */
export async function attachmentAction(request: Request, editor: AttachmentEditor) {
  let formData: FormData
  try {
    formData = await readAttachmentForm(request)
  } catch (error) {
    if (!(error instanceof FormReadRefusal)) throw error
    const intent = error.field === 'file' ? 'upload' : null
    return answer(
      { intent, ok: false, message: error.message, result: errorResult(error.field, error.message) },
      error.status,
    )
  }
  await validateCsrf(formData, request.headers)
  const intent = intentOf(formData)
  const attachmentId = attachmentIdOf(formData)
  const submission = parseWithZod(formData, { schema: AttachmentActionSchema })
  if (submission.status !== 'success') {
    const message =
      Object.values(submission.error ?? {})
        .flat()
        .find(Boolean) ?? 'Check the form.'
    return answer({ intent, attachmentId, ok: false, message, result: submission.reply() }, 400)
  }
  const target = { eventId: editor.event.id, sessionId: editor.session.session_id }
  try {
    const message = await perform(target, submission.value, editor.author.name)
    return answer({ intent, attachmentId, ok: true, message, result: submission.reply({ resetForm: true }) })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const result = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
      : submission.reply({ formErrors: [error.message] })
    return answer(
      { intent, attachmentId, ok: false, message: error.message, result },
      error.field ? 400 : statusFor(error.code),
    )
  }
}
