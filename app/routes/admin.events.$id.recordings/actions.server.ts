import type { Submission, SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import { RecordingError } from '~/models/recordings/recording-error'
import {
  acceptRecording,
  linkRecordingByUrl,
  linkVideoToSession,
  rejectRecording,
} from '~/models/recordings/review.server'
import { RecordingActionSchema, type RecordingAction } from '~/models/recordings/schema'
import { runRecordingSync } from '~/models/recordings/sync.server'
import { youtubeConfigured } from '~/models/recordings/youtube-client.server'
import { answerDomainErrors, parseAction, statusFor } from '~/utils/action.server'
import { plural } from '~/utils/format'

type Tone = 'success' | 'warning'

/** What an intent answers: a message for the page and, for the link form, conform's result. */
export type RecordingsReply = {
  /** Which form the reply answers (the intent, or `move-<videoId>`). */
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
  return answerDomainErrors(() => {
    switch (value.intent) {
      case 'sync':
        return lookForRecordings(eventId)
      case 'accept':
        return accept(eventId, value.recordingId)
      case 'reject':
        return reject(eventId, value.recordingId)
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
  return reply('sync', `Looked at ${plural(result.videos, 'video')}: ${found}.`)
}

async function accept(eventId: number, recordingId: number) {
  await acceptRecording(eventId, recordingId)
  return reply('accept', 'Recording linked: it now shows on the session page.')
}

async function reject(eventId: number, recordingId: number) {
  await rejectRecording(eventId, recordingId)
  return reply('reject', 'Recording removed; Convene will not suggest this video for that session again.')
}

/** "Pick another session" for a video, a recording's or an unmatched one. */
async function move(eventId: number, { videoId, sessionId }: Extract<RecordingAction, { intent: 'move' }>) {
  await linkVideoToSession(eventId, sessionId, videoId)
  return reply(`move-${videoId}`, 'Recording linked to the session you chose.')
}

/** "Link a recording by hand"; a refusal is shown by the field it is about. */
async function linkByHand(
  eventId: number,
  { sessionId, url }: Extract<RecordingAction, { intent: 'link' }>,
  submission: Submission<unknown, string[], unknown>,
) {
  try {
    await linkRecordingByUrl(eventId, sessionId, url)
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
