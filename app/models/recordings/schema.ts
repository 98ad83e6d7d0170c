import { z } from 'zod'
import { text } from '~/utils/text'
import { parseYoutubeVideoId, YOUTUBE_VIDEO_ID } from './youtube-url'

const sessionId = z.coerce.number({ error: 'Choose a session' }).int('Choose a session').positive('Choose a session')

/** "Link a recording by hand": a published session and any YouTube address of the video. */
export const LinkRecordingSchema = z.object({
  sessionId,
  url: text({ error: 'Paste the address of the YouTube video' })
    .trim()
    .min(1, 'Paste the address of the YouTube video')
    .refine((value) => parseYoutubeVideoId(value) !== null, {
      message: 'This is not the address of a YouTube video (such as https://www.youtube.com/watch?v=…)',
    }),
})

/** "Pick another session" for a video. */
export const MoveRecordingSchema = z.object({
  sessionId,
  videoId: z.string().regex(YOUTUBE_VIDEO_ID, 'There is no such video'),
})

export const RecordingIdSchema = z.coerce.number().int().positive()
