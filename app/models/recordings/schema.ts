import { z } from 'zod'
import { text } from '~/utils/text'
import { parseYoutubeVideoId, YOUTUBE_VIDEO_ID } from './youtube-url'

const sessionId = z.coerce.number({ error: 'Choose a session' }).int('Choose a session').positive('Choose a session')

const gone = 'That recording no longer exists.'
const recordingId = z.coerce.number({ error: gone }).int(gone).positive(gone)

const partMessage = 'A part is a number from 1 to 99'
/** Part 1, 2, … of a recording split over several videos; left empty: the video is the whole recording. */
const part = z.coerce
  .number({ error: partMessage })
  .int(partMessage)
  .min(1, partMessage)
  .max(99, partMessage)
  .optional()

const TIME_IN_VIDEO = /^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$|^(\d{1,6})$/
const timeMessage = 'Write a time in the video as h:mm:ss, m:ss or seconds (1:02:03, 62:03, 3723)'

/** Seconds into a video from "1:02:03", "62:03" or "3723"; minutes and seconds after a colon stay below 60. */
export function parseTimeInVideo(value: string): number | null {
  const match = TIME_IN_VIDEO.exec(value.trim())
  if (!match) return null
  if (match[4] !== undefined) return Number(match[4])
  const [hours, minutes, seconds] = [Number(match[1] ?? 0), Number(match[2]), Number(match[3])]
  if (seconds >= 60 || (match[1] !== undefined && minutes >= 60)) return null
  return hours * 3600 + minutes * 60 + seconds
}

const timeInVideo = text({ error: timeMessage })
  .trim()
  .refine((value) => parseTimeInVideo(value) !== null, timeMessage)
  .transform((value) => parseTimeInVideo(value)!)
  .optional()

/**
 * Every form of the recordings page (/admin/events/:id/recordings), one member per `intent` button: the action
 * parses with it, and the link and position forms validate with it in the browser.
 */
export const RecordingActionSchema = z.discriminatedUnion(
  'intent',
  [
    /** "Look for recordings now". */
    z.object({ intent: z.literal('sync') }),
    /** Confirm a suggestion, or a re-upload in place of an unavailable video. */
    z.object({ intent: z.literal('accept'), recordingId }),
    /** Reject a suggestion, or unlink a recording. */
    z.object({ intent: z.literal('reject'), recordingId }),
    /** Keep a link flagged because its video left the playlist, while the video still plays. */
    z.object({ intent: z.literal('keep'), recordingId }),
    /** "Pick another session" for a video: from the session it is linked to, if any. */
    z.object({
      intent: z.literal('move'),
      sessionId,
      fromSessionId: sessionId.optional(),
      videoId: z.string().regex(YOUTUBE_VIDEO_ID, 'There is no such video'),
    }),
    /** "Link a recording by hand": a published session, any YouTube address of the video, and its part if split. */
    z.object({
      intent: z.literal('link'),
      sessionId,
      url: text({ error: 'Paste the address of the YouTube video' })
        .trim()
        .min(1, 'Paste the address of the YouTube video')
        .refine((value) => parseYoutubeVideoId(value) !== null, {
          message: 'This is not the address of a YouTube video (such as https://www.youtube.com/watch?v=…)',
        }),
      part,
    }),
    /** Where the session is in the video: its part, and where it starts and ends (empty: the video's own). */
    z
      .object({
        intent: z.literal('position'),
        recordingId,
        part,
        startSeconds: timeInVideo,
        endSeconds: timeInVideo,
      })
      .refine((v) => v.endSeconds === undefined || v.endSeconds > (v.startSeconds ?? 0), {
        message: 'The end comes after the start',
        path: ['endSeconds'],
      }),
  ],
  { error: 'Unknown action.' },
)

export type RecordingAction = z.output<typeof RecordingActionSchema>
