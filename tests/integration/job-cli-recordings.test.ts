import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/client'
import { FakeYoutube, VALID_KEY } from '../support/fake-youtube'

// `npm run job -- sync-recordings` as an operator runs it: a separate process, the embedded database of the demo,
// and the YouTube client pointed at a local server speaking the Data API.
const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-job-'))
const fake = new FakeYoutube()

function run(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    YOUTUBE_API_KEY: VALID_KEY,
    YOUTUBE_API_ROOT_URL: fake.url,
  }
  delete env.DATABASE_URL
  delete env.SMTP_URL
  // Asynchronous: the fake YouTube server runs in this process and must keep answering meanwhile.
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (c) => (out += String(c)))
  child.stderr.on('data', (c) => (err += String(c)))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })))
}

async function publishedTitles(): Promise<{ id: number; title: string }[]> {
  const db = createDatabase({ dataDir })
  try {
    return await db
      .selectFrom('published_sessions')
      .innerJoin('events', 'events.id', 'published_sessions.event_id')
      .select(['published_sessions.session_id as id', 'published_sessions.title'])
      .where('events.slug', '=', 'api-dispatching-summit')
      .where('published_sessions.status', '=', 'scheduled')
      .where('published_sessions.kind', 'not in', ['break', 'social'])
      .orderBy('published_sessions.starts_at')
      .execute()
  } finally {
    await db.destroy()
  }
}

async function linkedVideos(): Promise<Record<number, string>> {
  const db = createDatabase({ dataDir })
  try {
    const rows = await db
      .selectFrom('recordings')
      .select(['session_id', 'video_id'])
      .where('status', '=', 'linked')
      .execute()
    return Object.fromEntries(rows.map((r) => [r.session_id, r.video_id]))
  } finally {
    await db.destroy()
  }
}

/**
 * The demo links videos that exist only in its data, never on YouTube: a sync would flag every one of them as
 * gone (and keep their sessions for the organizers to decide). These tests start from an event nobody linked yet.
 */
async function forgetDemoRecordings(): Promise<void> {
  const db = createDatabase({ dataDir })
  try {
    await db.deleteFrom('recordings').execute()
  } finally {
    await db.destroy()
  }
}

beforeAll(async () => {
  await fake.start()
  const seeded = await run('server/cli/seed.ts', [])
  expect(seeded.code).toBe(0)
  await forgetDemoRecordings()
})
afterAll(async () => {
  await fake.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('npm run job -- sync-recordings', () => {
  it('links the playlist’s videos to the right sessions, and a second run links nothing new', async () => {
    const sessions = await publishedTitles()
    const videos = sessions.slice(0, 6).map((s, i) => ({
      id: `cliVideo${String(i).padStart(3, '0')}`,
      title: `API Dispatching Summit – ${s.title}`,
      publishedAt: '2030-01-01T09:00:00Z',
      duration: 'PT58M',
    }))
    fake.addVideos(videos)
    fake.playlists.set(
      'PLdemoApiDispatchingSummit',
      videos.map((v) => v.id),
    )

    fake.clearLog()
    const first = await run('server/cli/job.ts', ['sync-recordings', '{"event":"api-dispatching-summit"}'])
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    // One playlist page and one videos.list call: 2 quota units.
    expect(JSON.parse(first.out)).toMatchObject({
      task: 'sync-recordings',
      result: { source: 'playlist', fetched: 6, quotaUnits: fake.quotaUnits() },
    })
    expect(fake.callsTo('search')).toHaveLength(0)
    const linked = await linkedVideos()
    for (const [i, s] of sessions.slice(0, 6).entries()) expect(linked[s.id]).toBe(videos[i]!.id)

    const again = await run('server/cli/job.ts', ['sync-recordings', '{"event":"api-dispatching-summit"}'])
    expect(JSON.parse(again.out)).toMatchObject({ result: { linked: 0, suggested: 0, removed: 0, unavailable: 0 } })
    expect(await linkedVideos()).toEqual(linked)
  })

  it('re-checks the linked videos alone with recheck-recordings', async () => {
    fake.clearLog()
    const recheck = await run('server/cli/job.ts', ['recheck-recordings', '{"event":"api-dispatching-summit"}'])
    expect(recheck.err).toBe('')
    expect(recheck.code).toBe(0)
    expect(JSON.parse(recheck.out)).toMatchObject({
      task: 'recheck-recordings',
      result: { source: 'linked', fetched: null, unavailable: 0, quotaUnits: 1 },
    })
    expect(fake.requests.map((r) => r.path)).toEqual(['/youtube/v3/videos'])
  })

  it('refuses an unknown event with a message', async () => {
    const result = await run('server/cli/job.ts', ['sync-recordings', '{"event":"no-such-summit"}'])
    expect(result.code).not.toBe(0)
    expect(result.err + result.out).toMatch(/no-such-summit/)
  })
})
