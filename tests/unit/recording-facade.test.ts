import { describe, expect, it } from 'vitest'
import {
  formatVideoDuration,
  partLabel,
  playingEmbedUrl,
  recordingFacts,
  recordingLinkTitle,
  sessionStartInVideo,
  spokenVideoDuration,
  watchUrlAt,
} from '~/models/recordings/facade'
import { demoVideoId } from '../../db/seed/recordings'

describe('the recording facade', () => {
  it('shows lengths as players do, and says them in words', () => {
    expect(formatVideoDuration(3482)).toBe('58:02')
    expect(formatVideoDuration(5278)).toBe('1:27:58')
    expect(formatVideoDuration(59)).toBe('0:59')
    expect(spokenVideoDuration(3482)).toBe('58 minutes')
    expect(spokenVideoDuration(5278)).toBe('1 hour 28 minutes')
    expect(spokenVideoDuration(7200)).toBe('2 hours')
  })

  it('names the part of a split recording among the parts linked', () => {
    expect(partLabel(1, 2)).toBe('Part 1 of 2')
    // Part 3 linked while part 2 is not: there are at least three.
    expect(partLabel(3, 2)).toBe('Part 3 of 3')
    // The other parts are not linked yet.
    expect(partLabel(1, 1)).toBe('Part 1')
    expect(recordingLinkTitle({ partLabel: 'Part 2 of 2' })).toBe('Recording, part 2 of 2')
    expect(recordingLinkTitle({ partLabel: null })).toBe('Recording')
  })

  it('says in words the part, where the session is in the video and whether it has captions', () => {
    const whole = { partLabel: null, startSeconds: 0, endSeconds: null, captions: null }
    expect(recordingFacts(whole)).toEqual([])
    expect(recordingFacts({ ...whole, startSeconds: 157, captions: true })).toEqual([
      'session starts at 2:37',
      'captions available',
    ])
    expect(recordingFacts({ partLabel: 'Part 2 of 2', startSeconds: 3600, endSeconds: 5400, captions: false })).toEqual(
      ['Part 2 of 2', 'session runs 1:00:00–1:30:00 of the video', 'no captions'],
    )
  })

  it("starts where the description's chapter for the session begins, else at 0", () => {
    const description =
      'Recorded at the summit.\n\n0:00 Before the session\n3:25 Array API standard adoption: status and blockers\n1:02:03 Q&A'
    expect(sessionStartInVideo(description, 'Array API standard adoption: status and blockers')).toBe(205)
    expect(sessionStartInVideo(description, 'Q&A')).toBe(3723)
    expect(sessionStartInVideo(description, 'Breakout: backend selection in NetworkX')).toBe(0)
    expect(sessionStartInVideo('', 'Anything')).toBe(0)
  })

  it('loads the youtube-nocookie player playing from the start offset, and links youtube.com to the same moment', () => {
    expect(playingEmbedUrl('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 205)).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=205',
    )
    // A session's stretch of a room stream stops where the session ends.
    expect(playingEmbedUrl('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 3600, 5400)).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=3600&end=5400',
    )
    expect(watchUrlAt('https://www.youtube.com/watch?v=dQw4w9WgXcQ', 205)).toBe(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=205s',
    )
    expect(watchUrlAt('https://www.youtube.com/watch?v=dQw4w9WgXcQ', 0)).toBe(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    )
  })

  it("gives the demo videos ids of YouTube's shape, the same on every run", () => {
    const id = demoVideoId('api-dispatching-summit/Welcome and goals for the summit')
    expect(id).toMatch(/^[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]$/)
    expect(demoVideoId('api-dispatching-summit/Welcome and goals for the summit')).toBe(id)
    expect(demoVideoId('alt-text-accessibility/Welcome')).not.toBe(id)
  })
})
