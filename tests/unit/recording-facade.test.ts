import { describe, expect, it } from 'vitest'
import {
  formatVideoDuration,
  playingEmbedUrl,
  recordingPart,
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

  it('finds the part of a split upload', () => {
    expect(recordingPart('Sparse Array Summit – State of sparse arrays (part 1/2)')).toBe('Part 1 of 2')
    expect(recordingPart('Wrap-up, Part 2 of 3')).toBe('Part 2 of 3')
    expect(recordingPart('Partitioning graphs in NetworkX')).toBeNull()
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
