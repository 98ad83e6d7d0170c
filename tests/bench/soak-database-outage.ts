/**
 * `npm run soak`: mixed traffic (registrations, feeds, agenda, notes saves) against a server and a worker on
 * PostgreSQL while every connection of their database is terminated once a minute and new ones are refused
 * for a few seconds, as a restart or failover does. Checks at the end, from the database itself: no process
 * exited, every registration and every notes save that was answered as done is there, and no answer was a
 * 5xx other than 503 while the database was away (or just after, while requests begun during the outage end).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run soak            10 minutes
 *   SOAK_SECONDS=120 DATABASE_URL=… npm run soak                                 shorter
 *
 * Prints figures only; exits non-zero when a check fails. Traffic goes to 127.0.0.1 only, bounded in time.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { spawnConvene, startConveneServer } from '../support/convene-process'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600)
const OUTAGE_EVERY_MS = 60_000
const OUTAGE_MS = 5_000
/** Requests begun during an outage may still answer 503 a moment after it ends. */
const GRACE_MS = 6_000
const CLIENTS = 6

type Kind = 'register' | 'feed' | 'agenda' | 'notes'
type Tally = Record<string, number>

async function main() {
  const base = process.env.DATABASE_URL
  if (!base) {
    console.error('npm run soak needs DATABASE_URL=postgres://… (it terminates that server’s connections).')
    process.exit(2)
  }
  const name = `convene_soak_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(base)
  url.pathname = `/${name}`
  const dataDir = mkdtempSync(path.join(tmpdir(), 'convene-soak-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url.toString(),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    REGISTRATION_RATE_LIMIT_POINTS: '1000000',
    LOGIN_RATE_LIMIT_POINTS: '1000000',
  }
  delete env.SMTP_URL
  const server = await startConveneServer(env, 5 * 60_000)
  const worker = spawnConvene('jobs/worker.ts', env)
  const cleanUp = async () => {
    await server.stop()
    await worker.stop()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await worker.waitForLine(/Convene worker .*running tasks/, { timeoutMs: 60_000 })
    return await soak({ server, worker, name, admin, url })
  } finally {
    await cleanUp()
  }
}

async function soak({
  server,
  worker,
  name,
  admin,
  url,
}: {
  server: Awaited<ReturnType<typeof startConveneServer>>
  worker: ReturnType<typeof spawnConvene>
  name: string
  admin: pg.Client
  url: URL
}): Promise<boolean> {
  const direct = new pg.Client({ connectionString: url.toString() })

  const outages: { from: number; to: number }[] = []
  const duringOutage = (at: number) => outages.some((o) => at >= o.from && at <= o.to + GRACE_MS)
  const statuses: Record<Kind, Tally> = { register: {}, feed: {}, agenda: {}, notes: {} }
  const unexpected: string[] = []
  const registered: string[] = []
  const savedMarkers: string[] = []
  const count = (kind: Kind, status: number | string, startedAt: number) => {
    statuses[kind][status] = (statuses[kind][status] ?? 0) + 1
    const acceptable =
      typeof status === 'number' &&
      (status < 500 || (status === 503 && (duringOutage(startedAt) || duringOutage(Date.now()))))
    if (!acceptable) unexpected.push(`${kind}: ${status} at +${Math.round((startedAt - started) / 1000)} s`)
  }

  // An organizer's session and CSRF token for notes saves.
  const login = await fetch(`${server.baseUrl}/login`)
  const csrfCookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? ''
  const loggedIn = await fetch(`${server.baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'organizer@example.org', password: 'convene-demo', csrf }),
  })
  const cookie = [csrfCookie, ...loggedIn.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ')
  await direct.connect()
  // Registrations and feeds on the upcoming summit; notes on a published session (of any summit).
  const upcoming = (
    await direct.query<{ slug: string }>(
      `select slug from events where status = 'published' and ends_at > now() order by starts_at limit 1`,
    )
  ).rows[0]
  const notesTarget = (
    await direct.query<{ slug: string; session_id: number }>(
      `select e.slug, p.session_id from events e join published_sessions p on p.event_id = e.id
        where e.status = 'published' order by p.session_id limit 1`,
    )
  ).rows[0]
  // The demo summit asks questions of its own; answer the required ones as a registrant would.
  const answers: Record<string, string | string[] | boolean> = {}
  if (upcoming) {
    const questions = await direct.query<{ id: number; kind: string; options: string[] }>(
      `select q.id, q.kind, q.options from registration_questions q join events e on e.id = q.event_id
        where e.slug = $1 and q.required`,
      [upcoming.slug],
    )
    for (const q of questions.rows) {
      answers[`q${q.id}`] =
        q.kind === 'single_choice'
          ? q.options[0]!
          : q.kind === 'multiple_choice'
          ? [q.options[0]!]
          : q.kind === 'checkbox'
          ? true
          : 'soak'
    }
  }
  await direct.end()
  if (!upcoming || !notesTarget) throw new Error('The demo data has no upcoming event or no published session.')
  const slug = upcoming.slug
  const { slug: notesSlug, session_id: sessionId } = notesTarget

  const started = Date.now()
  const deadline = started + SECONDS * 1000
  const attempt = async (kind: Kind, run: () => Promise<Response>, onDone?: (r: Response) => Promise<void>) => {
    const at = Date.now()
    try {
      const response = await run()
      count(kind, response.status, at)
      if (onDone) await onDone(response)
      else await response.arrayBuffer()
    } catch (error) {
      count(kind, `network error: ${(error as Error).message}`, at)
    }
  }

  let sequence = 0
  const client = async (index: number) => {
    while (Date.now() < deadline) {
      const n = sequence++
      const pick = n % 4
      if (pick === 0) {
        const email = `soak-${index}-${n}@example.org`
        await attempt(
          'register',
          () =>
            fetch(`${server.baseUrl}/api/v1/events/${slug}/registrations`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name: `Soak ${n}`, email, attendanceMode: 'remote', answers }),
            }),
          async (response) => {
            if (response.status === 201 || response.status === 200) registered.push(email)
            await response.arrayBuffer()
          },
        )
      } else if (pick === 1) {
        await attempt('feed', () => fetch(`${server.baseUrl}/events/${slug}/calendar.ics`))
      } else if (pick === 2) {
        await attempt('agenda', () =>
          fetch(`${server.baseUrl}/events/${slug}/agenda`, { headers: { accept: 'text/html' } }),
        )
      } else if (index === 0) {
        // One author saving one line after another: each save starts from the revision it last saw.
        const marker = `soak line ${n} ${randomBytes(3).toString('hex')}`
        let posted = false
        await attempt(
          'notes',
          async () => {
            const latest = await latestNotes(url.toString(), sessionId)
            // The database is away for us too: ask the server, which must answer 503, rather than save blind.
            if (!latest)
              return fetch(`${server.baseUrl}/events/${notesSlug}/sessions/${sessionId}/notes.json`, {
                headers: { cookie },
              })
            const { revision, text } = latest
            posted = true
            return fetch(`${server.baseUrl}/events/${notesSlug}/sessions/${sessionId}/notes`, {
              method: 'POST',
              redirect: 'manual',
              headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({
                body: `${text}\n${marker}\n`,
                baseRevision: String(revision),
                csrf,
                confirm: 'yes',
              }),
            })
          },
          async (response) => {
            if (posted && response.status === 200) savedMarkers.push(marker)
            await response.arrayBuffer()
          },
        )
      } else {
        await attempt('feed', () => fetch(`${server.baseUrl}/events/${slug}/schedule.json`))
      }
    }
  }

  const outageLoop = async () => {
    while (Date.now() + OUTAGE_EVERY_MS < deadline) {
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_EVERY_MS - OUTAGE_MS))
      const outage = { from: Date.now(), to: Number.POSITIVE_INFINITY }
      outages.push(outage)
      await admin.query(`alter database ${name} with allow_connections false`)
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      )
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))
      await admin.query(`alter database ${name} with allow_connections true`)
      outage.to = Date.now()
    }
  }

  console.log(`Soak: ${SECONDS} s, ${CLIENTS} clients, connections terminated every ${OUTAGE_EVERY_MS / 1000} s`)
  await Promise.all([outageLoop(), ...Array.from({ length: CLIENTS }, (_, i) => client(i))])

  // Checks, from the database itself.
  const check = new pg.Client({ connectionString: url.toString() })
  await check.connect()
  const stored = new Set(
    (await check.query<{ email: string }>("select email from registrations where email like 'soak-%'")).rows.map(
      (r) => r.email,
    ),
  )
  await check.end()
  const lostRegistrations = registered.filter((email) => !stored.has(email))
  const finalNotes = (await latestNotes(url.toString(), sessionId))?.text ?? ''
  const lostNotes = savedMarkers.filter((marker) => !finalNotes.includes(marker))
  const serverAlive = server.child.exitCode === null && server.child.signalCode === null
  const workerAlive = worker.child.exitCode === null && worker.child.signalCode === null

  console.log(`outages: ${outages.length}`)
  for (const kind of Object.keys(statuses) as Kind[]) console.log(`${kind.padEnd(9)} ${JSON.stringify(statuses[kind])}`)
  console.log(
    `registrations answered 201: ${registered.length}, missing from the database: ${lostRegistrations.length}`,
  )
  console.log(`notes saves answered 200: ${savedMarkers.length}, missing from the notes: ${lostNotes.length}`)
  console.log(
    `unexpected answers: ${unexpected.length}${unexpected.length ? `\n  ${unexpected.slice(0, 20).join('\n  ')}` : ''}`,
  )
  console.log(`server running: ${serverAlive}, worker running: ${workerAlive}`)

  const ok = serverAlive && workerAlive && !lostRegistrations.length && !lostNotes.length && !unexpected.length
  console.log(ok ? 'soak: every check held' : 'soak: a check failed')
  return ok
}

/** The latest revision of the notes and its text, read directly; undefined while the database is away. */
async function latestNotes(
  databaseUrl: string,
  sessionId: number,
): Promise<{ revision: number; text: string } | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl })
  try {
    await client.connect()
    const row = (
      await client.query<{ revision: number; body: string | null }>(
        `select n.current_revision as revision, r.body_md as body from session_notes n
           left join note_revisions r on r.session_id = n.session_id and r.number = n.current_revision
          where n.session_id = $1`,
        [sessionId],
      )
    ).rows[0]
    return { revision: row?.revision ?? 0, text: row?.body ?? '' }
  } catch {
    return undefined
  } finally {
    await client.end().catch(() => {})
  }
}

process.exit((await main()) ? 0 : 1)
