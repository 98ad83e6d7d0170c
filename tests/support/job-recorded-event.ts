import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { makeEvent, makeUser } from './factories'
import type { FakeYoutube } from './fake-youtube'

const ZONE = 'Europe/Berlin'
const wall = (at: DateTime) => at.setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")

/**
 * A published event that ended yesterday, so schedule-recording-syncs looks its recordings up now, with one
 * published talk and, in the fake YouTube, a playlist holding that talk's recording (a sure match).
 */
export async function eventWithRecordingDue(fake: FakeYoutube) {
  const owner = await makeUser()
  const tag = randomBytes(3).toString('hex')
  const playlistId = `PL${tag}${'r'.repeat(12)}`
  const start = DateTime.now().minus({ days: 3 }).startOf('hour')
  const event = await makeEvent(owner.id, {
    title: `Sparse Summit ${tag}`,
    startsAt: wall(start),
    endsAt: wall(start.plus({ days: 2 })),
    youtubePlaylistId: playlistId,
    timeZone: ZONE,
  })
  const session = await createSession(
    event.id,
    sessionInputSchema(ZONE).parse({
      title: 'Sparse arrays in JAX',
      kind: 'talk',
      startsAt: wall(start.plus({ hours: 2 })),
      endsAt: wall(start.plus({ hours: 3 })),
      room: 'Plenary',
      speakers: 'Grace Hopper',
    }),
  )
  await publishSchedule(event.id, 'Org')
  const videoId = `${tag}jax01`
  fake.addVideos([
    {
      id: videoId,
      title: `Sparse Summit ${tag} – Sparse arrays in JAX (Grace Hopper)`,
      publishedAt: start.plus({ days: 2, hours: 2 }).toUTC().toISO()!,
      duration: 'PT58M',
    },
  ])
  fake.playlists.set(playlistId, [videoId])
  return { event, owner, session, videoId }
}
