import { z } from 'zod'
import { text } from '~/utils/text'
import { parseYoutubeVideoId, YOUTUBE_VIDEO_ID } from './youtube-url'

const sessionId = z.coerce.number({ error: 'Choose a session' }).int('Choose a session').positive('Choose a session')

const gone = 'That recording no longer exists.'
const recordingId = z.coerce.number({ error: gone }).int(gone).positive(gone)

/**
 * Every form of the recordings page (/admin/events/:id/recordings), one member per `intent` button: the action
 * parses with it, and the link form validates with it in the browser.
 */
export const RecordingActionSchema = z.discriminatedUnion(
  'intent',
  [
    /** "Look for recordings now". */
    z.object({ intent: z.literal('sync') }),
    /** Confirm a suggestion. */
    z.object({ intent: z.literal('accept'), recordingId }),
    /** Reject a suggestion, or unlink a recording. */
    z.object({ intent: z.literal('reject'), recordingId }),
    /** "Pick another session" for a video. */
    z.object({
      intent: z.literal('move'),
      sessionId,
      videoId: z.string().regex(YOUTUBE_VIDEO_ID, 'There is no such video'),
    }),
    /** "Link a recording by hand": a published session and any YouTube address of the video. */
    z.object({
      intent: z.literal('link'),
      sessionId,
      url: text({ error: 'Paste the address of the YouTube video' })
        .trim()
        .min(1, 'Paste the address of the YouTube video')
        .refine((value) => parseYoutubeVideoId(value) !== null, {
          message: 'This is not the address of a YouTube video (such as https://www.youtube.com/watch?v=…)',
        }),
    }),
  ],
  { error: 'Unknown action.' },
)

export type RecordingAction = z.output<typeof RecordingActionSchema>
