import type { Submission, SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import { RecordingError } from '~/models/recordings/recording-error'
import {
  acceptRecording,
  keepRecording,
  linkRecordingByUrl,
  linkVideoToSession,
  rejectRecording,
  setRecordingPosition,
} from '~/models/recordings/review.server'
import { RecordingActionSchema, type RecordingAction } from '~/models/recordings/schema'
import { runRecordingSync } from '~/models/recordings/sync.server'
import { youtubeConfigured } from '~/models/recordings/youtube-client.server'
import { answerDomainErrors, parseAction, statusFor } from '~/utils/action.server'
import { plural } from '~/utils/format'

type Tone = 'success' | 'warning'

/** What an intent answers: a message for the page and, for the link form, conform's result. */
export type RecordingsReply = {
  /** Which form the reply answers (the intent, `move-<videoId>`, or `position-<recordingId>`). */
  formId: string
  message: string
  tone: Tone
  result: SubmissionResult<string[]> | null
  /** Set once a link by hand succeeded: the page then shows a fresh link form. */
  at?: number
}

function reply(formId: string, message: string, tone: Tone = 'success') {
  return data<RecordingsReply>({ formId, message, tone, result: null })
}

/**
 * The recordings page's action, after `requireManagedEvent`: one function per intent. A form that does not pass
 * the schema gets parseAction's 400 (conform's result, and the first message for the page).
 */
export async function recordingsAction(request: Request, eventId: number) {
  const parsed = await parseAction(request, RecordingActionSchema)
  if (parsed.failure) return parsed.failure
  const { value, submission } = parsed
  if (value.intent === 'link') return linkByHand(eventId, value, submission)
  if (value.intent === 'position') return position(eventId, value, submission)
  return answerDomainErrors(async () => {
    switch (value.intent) {
      case 'sync':
        return lookForRecordings(eventId)
      case 'accept':
        return accept(eventId, value.recordingId)
      case 'reject':
        return reject(eventId, value.recordingId)
      case 'keep':
        return keep(eventId, value.recordingId)
      case 'move':
        return move(eventId, value)
    }
  })
}

/** "Look for recordings now": a sync that asks YouTube even when a problem is recorded (the organizer fixed it). */
async function lookForRecordings(eventId: number) {
  const configured = youtubeConfigured()
  const outcome = await runRecordingSync(eventId, { force: true })
  if (outcome.status === 'failed') {
    return reply(
      'sync',
      outcome.retryable
        ? `YouTube could not be asked now: ${outcome.error.message}`
        : `Looking for recordings failed: ${outcome.error.message}`,
      'warning',
    )
  }
  const { result } = outcome
  const found = `${plural(result.linked, 'new link')} and ${plural(result.suggested, 'new suggestion')}`
  if (!configured) {
    return reply(
      'sync',
      `The YouTube API key is missing (YOUTUBE_API_KEY is not set), so Convene could not look on YouTube. It matched the ${plural(
        result.videos,
        'video',
      )} it already knew: ${found}. You can still link recordings by hand below.`,
      'warning',
    )
  }
  if (result.skipped === 'no-source') {
    return reply(
      'sync',
      `This event has no YouTube playlist or channel yet: add one on the Details tab. Matched the ${plural(
        result.videos,
        'stored video',
      )}: ${found}.`,
      'warning',
    )
  }
  const flagged = result.unavailable ? ` ${plural(result.unavailable, 'link')} taken off public pages: see below.` : ''
  return reply(
    'sync',
    `Looked at ${plural(result.videos, 'video')}: ${found}.${flagged} This used ${plural(
      result.quotaUnits,
      'unit',
    )} of the YouTube quota.`,
    result.unavailable ? 'warning' : 'success',
  )
}

async function accept(eventId: number, recordingId: number) {
  await acceptRecording(eventId, recordingId)
  return reply('accept', 'Recording linked: it now shows on the session page.')
}

async function reject(eventId: number, recordingId: number) {
  await rejectRecording(eventId, recordingId)
  return reply('reject', 'Recording removed; Convene will not suggest this video for that session again.')
}

async function keep(eventId: number, recordingId: number) {
  await keepRecording(eventId, recordingId)
  return reply('keep', 'Recording kept: it shows on the session page again, as a link made by hand.')
}

/** "Pick another session" for a video, a recording's (moved from its session) or an unmatched one. */
async function move(
  eventId: number,
  { videoId, sessionId, fromSessionId }: Extract<RecordingAction, { intent: 'move' }>,
) {
  await linkVideoToSession(eventId, sessionId, videoId, { fromSessionId })
  return reply(`move-${videoId}`, 'Recording linked to the session you chose.')
}

/** Part and offsets of a recording; a refusal (past the video's end) is shown by its field. */
async function position(
  eventId: number,
  { recordingId, part, startSeconds, endSeconds }: Extract<RecordingAction, { intent: 'position' }>,
  submission: Submission<unknown, string[], unknown>,
) {
  const formId = `position-${recordingId}`
  try {
    await setRecordingPosition(eventId, recordingId, {
      part: part ?? null,
      startSeconds: startSeconds ?? null,
      endSeconds: endSeconds ?? null,
    })
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error
    const result = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
      : submission.reply({ formErrors: [error.message] })
    return data<RecordingsReply>(
      { formId, message: error.message, tone: 'warning', result },
      { status: error.field ? 400 : statusFor(error.code) },
    )
  }
  return data<RecordingsReply>({
    formId,
    message: 'Where the session is in the video is saved.',
    tone: 'success',
    result: null,
  })
}

/** "Link a recording by hand"; a refusal is shown by the field it is about. */
async function linkByHand(
  eventId: number,
  { sessionId, url, part }: Extract<RecordingAction, { intent: 'link' }>,
  submission: Submission<unknown, string[], unknown>,
) {
  try {
    await linkRecordingByUrl(eventId, sessionId, url, { part: part ?? null })
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error
    const field = error.code === 'invalid_url' ? 'url' : 'sessionId'
    return data<RecordingsReply>(
      {
        formId: 'link',
        message: '',
        tone: 'warning',
        result: submission.reply({ fieldErrors: { [field]: [error.message] } }),
      },
      { status: statusFor(error.code) },
    )
  }
  // No form state to reply with: the page shows a fresh form (see the link form's `key`).
  return data<RecordingsReply>({
    formId: 'link',
    message: 'Recording linked by hand.',
    tone: 'success',
    result: null,
    at: Date.now(),
  })
}
