import { describe, expect, it } from 'vitest'
import { parseYoutubeVideoId, youtubeEmbedUrl, youtubeWatchUrl } from '~/models/recordings/youtube-url'

const ID = 'dQw4w9WgXcQ'

describe('parseYoutubeVideoId', () => {
  it.each([
    [`https://www.youtube.com/watch?v=${ID}`],
    [`https://youtube.com/watch?v=${ID}&t=42s`],
    [`https://www.youtube.com/watch?feature=shared&v=${ID}&list=PLabcdefghijkl&index=3`],
    [`https://m.youtube.com/watch?v=${ID}&si=AbC-dEf_123`],
    [`https://music.youtube.com/watch?v=${ID}`],
    [`http://www.youtube.com/watch?v=${ID}#t=1m2s`],
    [`www.youtube.com/watch?v=${ID}`],
    [`youtube.com/watch?v=${ID}`],
    [`https://youtu.be/${ID}`],
    [`https://youtu.be/${ID}?si=Xy12_ab-CD&t=120`],
    [`youtu.be/${ID}?t=5`],
    [`https://www.youtube.com/live/${ID}?si=abc123`],
    [`https://www.youtube.com/live/${ID}?feature=share&t=3600`],
    [`https://www.youtube.com/embed/${ID}`],
    [`https://www.youtube.com/embed/${ID}?start=30&rel=0`],
    [`https://www.youtube-nocookie.com/embed/${ID}`],
    [`https://www.youtube.com/shorts/${ID}`],
    [`https://youtube.com/shorts/${ID}?si=s1`],
    [`https://www.youtube.com/v/${ID}`],
    [`  https://www.youtube.com/watch?v=${ID}  `],
    [ID],
  ])('reads %s', (input) => {
    expect(parseYoutubeVideoId(input)).toBe(ID)
  })

  it.each([
    [''],
    ['not a url'],
    ['https://www.youtube.com/'],
    ['https://www.youtube.com/watch'],
    ['https://www.youtube.com/watch?v=short'],
    [`https://www.youtube.com/watch?v=${ID}x`],
    ['https://www.youtube.com/playlist?list=PLabcdefghijklmnop'],
    ['https://www.youtube.com/@scientific-python'],
    ['https://www.youtube.com/channel/UC1234567890123456789012'],
    [`https://vimeo.com/${ID}`],
    [`https://example.org/watch?v=${ID}`],
    [`https://youtube.com.evil.example/watch?v=${ID}`],
    [`ftp://youtu.be/${ID}`],
    [`javascript:alert('${ID}')`],
    ['https://youtu.be/'],
  ])('refuses %s', (input) => {
    expect(parseYoutubeVideoId(input)).toBeNull()
  })

  it('builds the watch and privacy-enhanced embed addresses', () => {
    expect(youtubeWatchUrl(ID)).toBe(`https://www.youtube.com/watch?v=${ID}`)
    expect(youtubeEmbedUrl(ID)).toBe(`https://www.youtube-nocookie.com/embed/${ID}`)
  })
})
