/**
 * The web process's scheduler as a test drives it, on an embedded PGlite of its own (DATA_DIR=memory://) with
 * YOUTUBE_API_KEY / YOUTUBE_API_ROOT_URL from the parent: the environment is read once per process, so a test
 * that needs YouTube configured runs the scheduler here. Over IPC: the parent sends `seed`, this seeds an event
 * due for a recording sync (its fake-YouTube videos go back to the parent, which serves them), then `run` with a
 * time, and this answers with what runScheduledTasks did and what the database holds afterwards.
 */
import { migrateToLatest } from '#db/migrate'
import { runScheduledTasks } from '../../jobs/in-process'
import { listJobRuns } from '~/models/operations/job-runs.server'
import { db } from '~/utils/db.server'
import type { FakeYoutube } from './fake-youtube'
import { eventWithRecordingDue } from './job-recorded-event'

export type SchedulerChildMessage =
  | { kind: 'add-videos'; videos: Parameters<FakeYoutube['addVideos']>[0] }
  | { kind: 'set-playlist'; playlistId: string; videoIds: string[] }
  | { kind: 'seeded'; eventId: number; videoId: string }
  | { kind: 'ran'; outcome: unknown; runs: unknown[]; linked: string[] }

const send = (message: SchedulerChildMessage) => process.send?.(message)

// Stands in for the parent's FakeYoutube: what the seeding puts there is sent over and served by the real one.
const fakeOverIpc = {
  addVideos: (videos: Parameters<FakeYoutube['addVideos']>[0]) => send({ kind: 'add-videos', videos }),
  playlists: { set: (playlistId: string, videoIds: string[]) => send({ kind: 'set-playlist', playlistId, videoIds }) },
} as unknown as FakeYoutube

await migrateToLatest(db)
let eventId = 0
process.on('message', async (message: { kind: 'seed' } | { kind: 'run'; at: string }) => {
  if (message.kind === 'seed') {
    const seeded = await eventWithRecordingDue(fakeOverIpc)
    eventId = seeded.event.id
    send({ kind: 'seeded', eventId, videoId: seeded.videoId })
    return
  }
  const outcome = await runScheduledTasks(new Date(message.at))
  const runs = await listJobRuns(eventId, 'sync-recordings')
  const linked = await db.selectFrom('recordings').select('video_id').where('event_id', '=', eventId).execute()
  send({ kind: 'ran', outcome, runs, linked: linked.map((r) => r.video_id) })
  await db.destroy()
  process.exit(0)
})
