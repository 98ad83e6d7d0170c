import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/client'
import { lockEmbeddedDatabase } from '../../server/embedded-lock'

// The operator CLI against an embedded database folder of its own, as on a newcomer's laptop.
const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-cli-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function admin(args: string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...extraEnv }
  delete env.DATABASE_URL
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], {
    env,
    encoding: 'utf8',
    input: '',
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

function job(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  delete env.SMTP_URL
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/job.ts', ...args], { env, encoding: 'utf8', input: '' })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

describe('npm run job', () => {
  it('runs a task once and explains bad input', () => {
    const ok = job(['send-email'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.out)).toEqual({ task: 'send-email', result: { sent: 0, failed: 0 } })
    const unknown = job(['make-coffee'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('Unknown task "make-coffee"')
    const badJson = job(['send-email', '{oops'])
    expect(badJson.code).toBe(2)
    expect(badJson.err).toContain('The payload is not valid JSON')
  })
})

describe('npm run admin', () => {
  it('creates an admin from CONVENE_PASSWORD, then a token that is stored hashed', async () => {
    const created = admin(['create-user', '--email', 'jarrod@example.org', '--name', 'Jarrod', '--admin'], {
      CONVENE_PASSWORD: 'a long enough password',
    })
    expect(created.err).toBe('')
    expect(created.out).toContain('Created administrator Jarrod <jarrod@example.org>')

    const token = admin(['create-token', '--email', 'jarrod@example.org'])
    const printed = /cvn_[\w-]{40,}/.exec(token.out)?.[0]
    expect(printed).toBeDefined()

    const db = createDatabase({ dataDir })
    try {
      const row = await db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow()
      expect(row.token_hash).not.toContain(printed?.slice(4, 20))
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/)
      const user = await db.selectFrom('users').select(['is_admin', 'password_hash']).executeTakeFirstOrThrow()
      expect(user.is_admin).toBe(true)
      expect(user.password_hash).toMatch(/^\$argon2id\$/)
    } finally {
      await db.destroy()
    }
  })

  it('refuses bad arguments and short passwords with a message', () => {
    const noEmail = admin(['create-user', '--name', 'X'], { CONVENE_PASSWORD: 'a long enough password' })
    expect(noEmail.code).toBe(2)
    expect(noEmail.err).toContain('Give a valid --email')
    const short = admin(['create-user', '--email', 'x@example.org', '--name', 'X'], { CONVENE_PASSWORD: 'short' })
    expect(short.code).toBe(2)
    expect(short.err).toContain('at least 10 characters')
    const noPassword = admin(['create-user', '--email', 'x@example.org', '--name', 'X'])
    expect(noPassword.err).toContain('Set CONVENE_PASSWORD')
    const unknownUser = admin(['create-token', '--email', 'nobody@example.org'])
    expect(unknownUser.err).toContain('No account has the email nobody@example.org')
  })

  it('says clearly that the running server holds the embedded database, and touches nothing', async () => {
    const release = await lockEmbeddedDatabase(dataDir, 'the test server')
    try {
      const result = admin(['create-user', '--email', 'late@example.org', '--name', 'Late'], {
        CONVENE_PASSWORD: 'a long enough password',
      })
      expect(result.code).toBe(1)
      expect(result.err).toContain(
        'Another Convene process (most likely the running server) holds the embedded database',
      )
      expect(result.err).not.toMatch(/at .*\.ts:\d+/) // no stack trace
    } finally {
      await release()
    }
    const db = createDatabase({ dataDir })
    try {
      const late = await db.selectFrom('users').select('id').where('email', '=', 'late@example.org').execute()
      expect(late).toEqual([])
    } finally {
      await db.destroy()
    }
  })
})
