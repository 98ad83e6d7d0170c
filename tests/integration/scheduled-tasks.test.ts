import { fork } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runScheduledTasks } from '../../jobs/in-process'
import { SCHEDULE, tasksDueAt } from '../../jobs/schedule'
import { createAuthSession, getAuthSessionUser } from '~/models/users/auth-session.server'
import { db } from '~/utils/db.server'
import { FakeYoutube, VALID_KEY } from '../support/fake-youtube'
import { makeUser } from '../support/factories'
import type { SchedulerChildMessage } from '../support/scheduler-child'

describe('the one schedule', () => {
  it('names when each task is due, in UTC, as graphile-worker reads its crontab', () => {
    expect(SCHEDULE.map((s) => s.task)).toEqual(['send-email', 'schedule-recording-syncs', 'purge-expired-records'])
    expect(tasksDueAt(new Date('2026-12-01T03:17:30Z'))).toEqual(['send-email', 'schedule-recording-syncs'])
    expect(tasksDueAt(new Date('2026-12-01T04:17:00Z'))).toEqual(['send-email'])
    expect(tasksDueAt(new Date('2026-12-01T04:41:00Z'))).toEqual(['send-email', 'purge-expired-records'])
  })
})

describe('the scheduler of the embedded database', () => {
  it('purges expired organizer sessions and rate-limit counters at its time, and nothing else', async () => {
    const user = await makeUser()
    const live = await createAuthSession(user.id)
    await db
      .insertInto('auth_sessions')
      .values({ id: 'expired-session', user_id: user.id, expires_at: new Date(Date.now() - 1000) })
      .execute()
    await db
      .insertInto('rate_limits')
      .values([
        { key: 'login:old', points: 3, expire: Date.now() - 1000 },
        { key: 'login:current', points: 1, expire: Date.now() + 60_000 },
      ])
      .execute()

    expect(await runScheduledTasks(new Date('2026-12-01T04:40:00Z'))).toEqual({})
    expect(await db.selectFrom('auth_sessions').select('id').where('id', '=', 'expired-session').execute()).toHaveLength(1)

    const outcome = await runScheduledTasks(new Date('2026-12-01T04:41:00Z'))
    expect(outcome).toEqual({ 'purge-expired-records': { ok: true, result: { authSessions: 1, rateLimits: 1 } } })
    expect(await db.selectFrom('auth_sessions').select('id').where('id', '=', 'expired-session').execute()).toEqual([])
    expect(await getAuthSessionUser(live.id)).toMatchObject({ id: user.id })
    const keys = (await db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)
    expect(keys).toContain('login:current')
    expect(keys).not.toContain('login:old')
  })

  describe('looks recordings up on its own schedule', () => {
    const fake = new FakeYoutube()
    beforeAll(async () => {
      await fake.start()
    })
    afterAll(async () => {
      await fake.stop()
    })

    it('runs schedule-recording-syncs at 17 past every third hour and links the recording', async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATA_DIR: 'memory://',
        YOUTUBE_API_KEY: VALID_KEY,
        YOUTUBE_API_ROOT_URL: fake.url,
        LOG_LEVEL: 'silent',
      }
      delete env.DATABASE_URL // the embedded database's runner, whichever database the suite runs on
      const child = fork(path.resolve(import.meta.dirname, '../support/scheduler-child.ts'), [], {
        env,
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      const exited = new Promise((resolve) => child.once('exit', resolve))
      const answer = (kind: 'seeded' | 'ran') =>
        new Promise<SchedulerChildMessage>((resolve, reject) => {
          const onMessage = (message: SchedulerChildMessage) => {
            if (message.kind === 'add-videos') fake.addVideos(message.videos)
            else if (message.kind === 'set-playlist') fake.playlists.set(message.playlistId, message.videoIds)
            else if (message.kind === kind) {
              child.off('message', onMessage)
              resolve(message)
            }
          }
          child.on('message', onMessage)
          child.once('exit', (code) => reject(new Error(`the scheduler child exited (${code})`)))
        })
      try {
        const seededAnswer = answer('seeded')
        child.send({ kind: 'seed' })
        const seeded = (await seededAnswer) as Extract<SchedulerChildMessage, { kind: 'seeded' }>
        const ranAnswer = answer('ran')
        child.send({ kind: 'run', at: new Date(Date.UTC(2026, 11, 1, 6, 17)).toISOString() })
        const ran = (await ranAnswer) as Extract<SchedulerChildMessage, { kind: 'ran' }>
        expect(ran.outcome).toMatchObject({ 'schedule-recording-syncs': { ok: true } })
        expect(ran.runs).toMatchObject([{ status: 'succeeded', result: { linked: 1 } }])
        expect(ran.linked).toEqual([seeded.videoId])
      } finally {
        child.kill()
        await exited
      }
    })
  })
})
