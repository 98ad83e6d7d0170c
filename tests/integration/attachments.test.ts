import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Event } from '#db/schema'
import * as managePage from '~/routes/events.$slug.sessions.$sessionId_.attachments/route'
import * as download from '~/routes/events.$slug.sessions.$sessionId_.attachments_.$attachmentId.($fileName)/route'
import * as sessionPage from '~/routes/events.$slug.sessions.$sessionId/route'
import * as report from '~/routes/events.$slug.report'
import * as reportMd from '~/routes/events.$slug.report[.md]'
import * as scheduleJson from '~/routes/events.$slug.schedule[.json]'
import * as scheduleXml from '~/routes/events.$slug.schedule[.xml]'
import * as manage from '~/routes/r.$token/route'
import type { AttachmentReply } from '~/components/attachments/attachment-manager'
import { NOT_ALLOWED_TO_ATTACH } from '~/access/attachments.server'
import {
  addFileAttachment,
  addLinkAttachment,
  describeImage,
  listSessionAttachments,
  moveAttachment,
  removeAttachment,
} from '~/models/attachments/attachments.server'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_REQUEST_MAX_BYTES, TOO_LARGE_MESSAGE } from '~/models/attachments/limits'
import { ALT_TEXT_REQUIRED } from '~/models/attachments/schema'
import { publishSchedule, listPublishedSessions } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { eventCalendarFor, sessionCalendar } from '~/models/feeds/calendar-feed.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { csrf } from '~/utils/session.server'
import { db } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { runInRequestScope } from '~/utils/request-scope.server'
import { eventTag } from '~/models/operations/public-content.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

// Slides and other attachments of a session: upload through the attachments page (by content, within the size
// limit, images described), download whole and by ranges, who may do what, and the exports that list them.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/c3voc')
const BASE = 'http://localhost'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
// The start of a JFIF file: what any JPEG begins with.
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
])
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
)
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)])
const PE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(126, 0x90)])
const TEXT = '0123456789abcdefghij'

let event: Event
let otherEvent: Event
let sessionId: number
let secondSessionId: number
let otherSessionId: number
let organizerCookie: string
let otherOrganizerCookie: string
let confirmedCookie: string
let waitlistedCookie: string

const pageUrl = (id = sessionId, slug = event.slug) => `/events/${slug}/sessions/${id}/attachments`
const pageParams = (id = sessionId, slug = event.slug) => ({ slug, sessionId: String(id) })

async function publishedSession(target: Event, title: string, startsAt: string, endsAt: string) {
  const session = await createSession(
    target.id,
    sessionInputSchema(target.time_zone).parse({ title, kind: 'talk', startsAt, endsAt }),
  )
  await publishSchedule(target.id, 'Org')
  return session.id
}

/** Registers someone and opens their personal link, which leaves the attendee cookie in "their browser". */
async function attendeeCookie(name: string, email: string) {
  const schema = registrationSchema({ locationKind: 'in_person' }, [])
  const { registration } = await registerForEvent(event.id, schema.parse({ name, email }))
  const opened = await callRoute(manage.loader, getRequest(`/r/${registration.manage_token}`), {
    token: registration.manage_token,
  })
  return { status: registration.status, cookie: opened.headers.get('set-cookie')!.split(';')[0]! }
}

type Upload = { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }

/** The upload form as a browser sends it: multipart, with the CSRF cookie and token. */
async function uploadRequest(fields: Record<string, string>, file: Upload | null, cookie?: string, url = pageUrl()) {
  const body = new FormData()
  const [token, csrfCookie] = await csrf.commitToken()
  body.set('csrf', token)
  body.set('intent', 'upload')
  for (const [k, v] of Object.entries(fields)) body.set(k, v)
  if (file) body.set('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name)
  const cookies = [cookie, csrfCookie?.split(';')[0]].filter(Boolean).join('; ')
  return new Request(new URL(url, BASE), { method: 'POST', body, headers: { cookie: cookies } })
}

async function upload(file: Upload, fields: Record<string, string> = {}, cookie = organizerCookie) {
  const result = await callRoute(managePage.action, await uploadRequest(fields, file, cookie), pageParams())
  return { ...result, reply: result.data as AttachmentReply }
}

async function manageAction(fields: Record<string, string | number>, cookie = organizerCookie, id = sessionId) {
  const result = await callRoute(managePage.action, await formRequest(pageUrl(id), fields, { cookie }), pageParams(id))
  return { ...result, reply: result.data as AttachmentReply }
}

async function latestAttachment(id = sessionId) {
  return (await listSessionAttachments(id)).at(-1)!
}

/** A GET (or HEAD) of an attached file, answered by the download route. */
async function fetchFile(
  attachmentId: number,
  headers: Record<string, string> = {},
  options: { method?: string; slug?: string; session?: number } = {},
): Promise<Response> {
  const slug = options.slug ?? event.slug
  const session = options.session ?? sessionId
  const request = new Request(new URL(`${pageUrl(session, slug)}/${attachmentId}/file`, BASE), {
    method: options.method ?? 'GET',
    headers,
  })
  try {
    return (await download.loader({
      request,
      params: { slug, sessionId: String(session), attachmentId: String(attachmentId), fileName: 'file' },
      context: { requestId: 'test', cspNonce: '' },
    })) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex')

beforeAll(async () => {
  const organizer = await makeUser({ name: 'Olga Organizer' })
  const otherOrganizer = await makeUser({ name: 'Otto Other' })
  organizerCookie = await sessionCookieFor(organizer.id)
  otherOrganizerCookie = await sessionCookieFor(otherOrganizer.id)
  event = await makeEvent(organizer.id, { capacity: 1 })
  otherEvent = await makeEvent(otherOrganizer.id)
  sessionId = await publishedSession(event, 'Array API slides', '2030-05-04T10:00', '2030-05-04T11:00')
  secondSessionId = await publishedSession(event, 'Dispatching', '2030-05-04T12:00', '2030-05-04T13:00')
  otherSessionId = await publishedSession(otherEvent, 'Elsewhere', '2030-05-04T10:00', '2030-05-04T11:00')
  const confirmed = await attendeeCookie('Carla Confirmed', 'carla@example.org')
  expect(confirmed.status).toBe('confirmed')
  confirmedCookie = confirmed.cookie
  const waitlisted = await attendeeCookie('Walter Waiting', 'walter@example.org')
  expect(waitlisted.status).toBe('waitlisted')
  waitlistedCookie = waitlisted.cookie
})

describe('uploading attachments', () => {
  it('attaches a PDF, a PNG, a JPEG, a text and a Markdown file, each typed by its content', async () => {
    const cases: { file: Upload; fields?: Record<string, string>; type: string; name: string }[] = [
      {
        file: { name: 'slides.pdf', bytes: PDF, type: 'application/pdf' },
        type: 'application/pdf',
        name: 'slides.pdf',
      },
      {
        file: { name: 'whiteboard.png', bytes: PNG, type: 'image/png' },
        fields: { altText: 'The whiteboard with the plan' },
        type: 'image/png',
        name: 'whiteboard.png',
      },
      {
        file: { name: 'photo.JPEG', bytes: JPEG, type: 'image/jpeg' },
        fields: { altText: 'The room during the session', title: 'Room photo' },
        type: 'image/jpeg',
        name: 'photo.JPEG',
      },
      { file: { name: 'notes.txt', bytes: Buffer.from(TEXT) }, type: 'text/plain', name: 'notes.txt' },
      {
        file: { name: 'agenda.md', bytes: Buffer.from('# Agenda\n\n- types\n') },
        type: 'text/markdown',
        name: 'agenda.md',
      },
    ]
    for (const c of cases) {
      const { status, reply } = await upload(c.file, c.fields)
      expect(status, reply.message).toBe(200)
      expect(reply).toMatchObject({ intent: 'upload', ok: true })
      const stored = await latestAttachment()
      expect(stored).toMatchObject({
        kind: 'file',
        contentType: c.type,
        fileName: c.name,
        sizeBytes: c.file.bytes.byteLength,
        sha256: sha256(c.file.bytes),
        addedBy: 'Olga Organizer',
      })
      const content = await db
        .selectFrom('session_attachment_contents')
        .select('content')
        .where('attachment_id', '=', stored.id)
        .executeTakeFirstOrThrow()
      expect(Buffer.from(content.content).equals(Buffer.from(c.file.bytes))).toBe(true)
    }
    const titles = (await listSessionAttachments(sessionId)).map((a) => a.title)
    expect(titles).toEqual(['slides', 'whiteboard', 'Room photo', 'notes', 'agenda'])
    expect((await latestAttachment()).altText).toBeNull()
  })

  it('refuses a renamed program by its content, whatever its name and claimed type say', async () => {
    const before = (await listSessionAttachments(sessionId)).length
    for (const [bytes, what] of [
      [ELF, 'a Linux program (ELF executable)'],
      [PE, 'a Windows program (PE executable)'],
    ] as const) {
      const { status, reply } = await upload({ name: 'slides.pdf', bytes, type: 'application/pdf' })
      expect(status).toBe(400)
      expect(reply.result?.error?.file).toEqual([
        `“slides.pdf” is ${what}, whatever its name says. Only PDF, PNG, JPEG, plain text and Markdown files can be attached.`,
      ])
    }
    const binary = await upload({ name: 'data.txt', bytes: Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x00]) })
    expect(binary.status).toBe(400)
    expect(binary.reply.result?.error?.file?.[0]).toMatch(/is not a PDF, an image or a text file/)
    expect((await listSessionAttachments(sessionId)).length).toBe(before)
  })

  it('gives text under a misleading name a name that matches what it is', async () => {
    const { status } = await upload({ name: 'fake.pdf', bytes: Buffer.from('just text\n') })
    expect(status).toBe(200)
    expect(await latestAttachment()).toMatchObject({ contentType: 'text/plain', fileName: 'fake.pdf.txt' })
    // Invisible reordering characters (which make "gpj.exe" look like "exe.jpg") and paths are taken out.
    await upload({ name: '../../x\u202Egpj.png', bytes: PNG }, { altText: 'A dot' })
    expect((await latestAttachment()).fileName).toBe('xgpj.png')
  })

  it('refuses an image without alt text, by the field, even when the browser did not say it was an image', async () => {
    const before = (await listSessionAttachments(sessionId)).length
    const claimed = await upload({ name: 'diagram.png', bytes: PNG, type: 'image/png' })
    expect(claimed.status).toBe(400)
    expect(claimed.reply.result?.error?.altText).toEqual([ALT_TEXT_REQUIRED])
    // Named and typed as anything else: the content says image, so alt text is asked for all the same.
    const disguised = await upload({ name: 'diagram.bin', bytes: PNG, type: 'application/octet-stream' })
    expect(disguised.status).toBe(400)
    expect(disguised.reply.result?.error?.altText).toEqual([ALT_TEXT_REQUIRED])
    expect((await listSessionAttachments(sessionId)).length).toBe(before)
  })

  it('refuses an empty form field, a missing file and a forged form', async () => {
    const missing = await callRoute(managePage.action, await uploadRequest({}, null, organizerCookie), pageParams())
    expect(missing.status).toBe(400)
    expect((missing.data as AttachmentReply).result?.error?.file).toEqual(['Choose a file to attach'])
    const empty = await upload({ name: 'empty.txt', bytes: new Uint8Array() })
    expect(empty.status).toBe(400)
    const body = new FormData()
    body.set('intent', 'upload')
    body.set('file', new Blob([PDF]), 'slides.pdf')
    const forged = await callRoute(
      managePage.action,
      new Request(new URL(pageUrl(), BASE), { method: 'POST', body, headers: { cookie: organizerCookie } }),
      pageParams(),
    )
    expect(forged.status).toBe(403)
  })

  it('refuses a file over 25 MB with a clear message, by the file field', async () => {
    const before = (await listSessionAttachments(sessionId)).length
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x20)
    PDF.copy(big)
    const { status, reply } = await upload({ name: 'huge.pdf', bytes: big, type: 'application/pdf' })
    expect(status).toBe(413)
    expect(reply).toMatchObject({ intent: 'upload', ok: false, message: TOO_LARGE_MESSAGE })
    expect(reply.result?.error?.file).toEqual([TOO_LARGE_MESSAGE])
    expect(TOO_LARGE_MESSAGE).toMatch(/larger than 25 MB/)
    expect((await listSessionAttachments(sessionId)).length).toBe(before)
    // Exactly at the limit is fine.
    const fits = await upload({ name: 'fits.pdf', bytes: big.subarray(0, ATTACHMENT_MAX_BYTES) })
    expect(fits.status, fits.reply.message).toBe(200)
    expect((await latestAttachment()).sizeBytes).toBe(ATTACHMENT_MAX_BYTES)
    await manageAction({ intent: 'remove', attachmentId: (await latestAttachment()).id })
  })

  it('stops reading a 50 MB body soon after it passes the limit, and answers 413', async () => {
    const boundary = 'convene-test-boundary'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
    )
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const total = 50 * 1024 * 1024
    let sent = 0
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) {
          sent += head.byteLength
          controller.enqueue(head)
        } else if (sent < total) {
          sent += chunk.byteLength
          controller.enqueue(chunk)
        } else {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`))
          controller.close()
        }
      },
      cancel() {
        cancelled = true
      },
    })
    const request = new Request(new URL(pageUrl(), BASE), {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { cookie: organizerCookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit)
    const { status, data } = await callRoute(managePage.action, request, pageParams())
    expect(status).toBe(413)
    expect((data as AttachmentReply).message).toBe(TOO_LARGE_MESSAGE)
    expect(cancelled).toBe(true)
    expect(sent).toBeLessThan(ATTACHMENT_REQUEST_MAX_BYTES + 4 * chunk.byteLength)
    expect(sent).toBeLessThan(total / 2 + 2 * 1024 * 1024)

    // A declared length over the limit is refused before any of the body is read.
    let pulled = 0
    const declared = new Request(new URL(pageUrl(), BASE), {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          pulled++
          controller.enqueue(chunk)
        },
      }),
      duplex: 'half',
      headers: {
        cookie: organizerCookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(total),
      },
    } as RequestInit)
    expect((await callRoute(managePage.action, declared, pageParams())).status).toBe(413)
    expect(pulled).toBeLessThanOrEqual(1)
  })
})

describe('links, alt text, order and removal', () => {
  it('adds http(s) links and refuses other schemes', async () => {
    const ok = await manageAction({ intent: 'link', url: 'https://zenodo.org/records/123', title: 'Paper on Zenodo' })
    expect(ok.status).toBe(200)
    expect(await latestAttachment()).toMatchObject({ kind: 'link', url: 'https://zenodo.org/records/123' })
    for (const url of ['javascript:alert(1)', 'ftp://example.org/slides.pdf', 'data:text/html,hi', 'not a url']) {
      const refused = await manageAction({ intent: 'link', url, title: 'Bad' })
      expect(refused.status).toBe(400)
      expect(refused.reply.result?.error?.url).toEqual([
        'Only web addresses starting with https:// or http:// can be attached',
      ])
    }
    const untitled = await manageAction({ intent: 'link', url: 'https://github.com/org/repo' })
    expect(untitled.reply.result?.error?.title).toEqual(['Give the link a title'])
  })

  it('describes an image anew, moves attachments and removes them', async () => {
    const image = (await listSessionAttachments(sessionId)).find((a) => a.title === 'whiteboard')!
    expect((await manageAction({ intent: 'alt', attachmentId: image.id, altText: '' })).status).toBe(400)
    expect(
      (await manageAction({ intent: 'alt', attachmentId: image.id, altText: 'Plan, in three steps' })).status,
    ).toBe(200)
    expect((await listSessionAttachments(sessionId)).find((a) => a.id === image.id)?.altText).toBe(
      'Plan, in three steps',
    )

    const order = async () => (await listSessionAttachments(sessionId)).map((a) => a.id)
    const before = await order()
    expect((await manageAction({ intent: 'move', attachmentId: before[1]!, direction: 'up' })).status).toBe(200)
    expect(await order()).toEqual([before[1], before[0], ...before.slice(2)])
    await manageAction({ intent: 'move', attachmentId: before[1]!, direction: 'down' })
    expect(await order()).toEqual(before)

    const link = (await listSessionAttachments(sessionId)).find((a) => a.kind === 'link')!
    const removed = await manageAction({ intent: 'remove', attachmentId: link.id })
    expect(removed.reply).toMatchObject({ ok: true, message: 'Removed “Paper on Zenodo”.' })
    expect(await order()).not.toContain(link.id)
    const again = await manageAction({ intent: 'remove', attachmentId: link.id })
    expect(again.status).toBe(404)
    expect(again.reply.message).toBe('That attachment no longer exists.')
    // An attachment of another session is not found from this one.
    await addLinkAttachment(
      { eventId: event.id, sessionId: secondSessionId },
      { url: 'https://a.example', title: 'A' },
      'X',
    )
    const elsewhere = await latestAttachment(secondSessionId)
    expect((await manageAction({ intent: 'remove', attachmentId: elsewhere.id })).status).toBe(404)
    expect(await latestAttachment(secondSessionId)).toMatchObject({ id: elsewhere.id })
  })
})

describe('cached public pages', () => {
  it('every change drops the cached pages of its event (session page, report, exports, feeds)', async () => {
    const target = { eventId: otherEvent.id, sessionId: otherSessionId }
    const changes: (() => Promise<unknown>)[] = [
      () => addFileAttachment(target, { bytes: PNG, fileName: 'a.png', altText: 'A dot' }, 'Otto'),
      () => addLinkAttachment(target, { url: 'https://example.org/', title: 'Example' }, 'Otto'),
      async () => describeImage(target, (await listSessionAttachments(otherSessionId))[0]!.id, 'A small dot'),
      async () => moveAttachment(target, (await latestAttachment(otherSessionId)).id, 'up'),
      async () => removeAttachment(target, (await latestAttachment(otherSessionId)).id),
    ]
    for (const change of changes) {
      const { scope, result } = runInRequestScope(change)
      await result
      expect([...scope.changedTags]).toContain(eventTag(otherEvent.id))
    }
    await removeAttachment(target, (await latestAttachment(otherSessionId)).id)
    expect(await listSessionAttachments(otherSessionId)).toEqual([])
  })
})

describe('downloading attachments', () => {
  let textId: number
  beforeAll(async () => {
    await upload({ name: 'ranges.txt', bytes: Buffer.from(TEXT) })
    textId = (await latestAttachment()).id
  })

  it('serves the whole file with its type, a safe name, nosniff, a strict policy and validators', async () => {
    const response = await fetchFile(textId)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(TEXT)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '20',
      'content-disposition': 'attachment; filename=ranges.txt',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      etag: `"${sha256(TEXT)}"`,
    })
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
    expect(response.headers.get('cache-control')).toContain('no-transform')

    const head = await fetchFile(textId, {}, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('20')
    expect(head.body).toBeNull()

    const notModified = await fetchFile(textId, { 'if-none-match': `"${sha256(TEXT)}"` })
    expect(notModified.status).toBe(304)
  })

  it('answers byte ranges with 206, and 416 for a range outside the file', async () => {
    const cases = [
      ['bytes=0-9', '0123456789', 'bytes 0-9/20'],
      ['bytes=-5', 'fghij', 'bytes 15-19/20'],
      ['bytes=10-', 'abcdefghij', 'bytes 10-19/20'],
      ['bytes=15-99', 'fghij', 'bytes 15-19/20'],
    ] as const
    for (const [range, body, contentRange] of cases) {
      const response = await fetchFile(textId, { range })
      expect(response.status, range).toBe(206)
      expect(await response.text()).toBe(body)
      expect(response.headers.get('content-range')).toBe(contentRange)
      expect(response.headers.get('content-length')).toBe(String(body.length))
      expect(response.headers.get('accept-ranges')).toBe('bytes')
    }
    const unsatisfiable = await fetchFile(textId, { range: 'bytes=20-30' })
    expect(unsatisfiable.status).toBe(416)
    expect(unsatisfiable.headers.get('content-range')).toBe('bytes */20')
    // A range for an older version of the file (If-Range) gets the whole of this one.
    const stale = await fetchFile(textId, { range: 'bytes=0-9', 'if-range': '"an-old-etag"' })
    expect(stale.status).toBe(200)
    expect(await stale.text()).toBe(TEXT)
    const current = await fetchFile(textId, { range: 'bytes=0-9', 'if-range': `"${sha256(TEXT)}"` })
    expect(current.status).toBe(206)
    // Several ranges at once are answered with the whole file, as RFC 9110 allows.
    expect((await fetchFile(textId, { range: 'bytes=0-1,5-6' })).status).toBe(200)
    const headRange = await fetchFile(textId, { range: 'bytes=0-9' }, { method: 'HEAD' })
    expect(headRange.status).toBe(206)
    expect(headRange.body).toBeNull()
  })

  it('serves Markdown as plain text, images inline, PDFs as downloads, and encodes other names (RFC 6266)', async () => {
    const all = await listSessionAttachments(sessionId)
    const markdown = await fetchFile(all.find((a) => a.contentType === 'text/markdown')!.id)
    expect(markdown.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const png = await fetchFile(all.find((a) => a.contentType === 'image/png')!.id)
    expect(png.headers.get('content-type')).toBe('image/png')
    expect(png.headers.get('content-disposition')).toBe('inline; filename=whiteboard.png')
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true)
    const pdf = await fetchFile(all.find((a) => a.contentType === 'application/pdf')!.id)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename=slides.pdf')

    await upload({ name: 'Größe "final"\r\n.txt', bytes: Buffer.from('x') })
    const named = await latestAttachment()
    expect(named.fileName).toBe('Größe _final_.txt')
    expect((await fetchFile(named.id)).headers.get('content-disposition')).toBe(
      `attachment; filename="Gr??e _final_.txt"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20_final_.txt`,
    )
  })

  it('answers 404 for an attachment of another session or event, an unknown id, and a link', async () => {
    await addFileAttachment(
      { eventId: otherEvent.id, sessionId: otherSessionId },
      { bytes: Buffer.from('theirs'), fileName: 'theirs.txt' },
      'Otto',
    )
    const theirs = await latestAttachment(otherSessionId)
    expect((await fetchFile(theirs.id, {}, { slug: otherEvent.slug, session: otherSessionId })).status).toBe(200)
    expect((await fetchFile(theirs.id)).status).toBe(404)
    expect((await fetchFile(theirs.id, {}, { session: otherSessionId })).status).toBe(404)
    expect((await fetchFile(theirs.id, {}, { slug: otherEvent.slug })).status).toBe(404)
    expect((await fetchFile(999_999)).status).toBe(404)
    const link = await latestAttachment(secondSessionId)
    expect(link.kind).toBe('link')
    expect((await fetchFile(link.id, {}, { session: secondSessionId })).status).toBe(404)
    // A session taken off the agenda: its files go with it.
    await db.updateTable('events').set({ status: 'draft' }).where('id', '=', otherEvent.id).execute()
    expect((await fetchFile(theirs.id, {}, { slug: otherEvent.slug, session: otherSessionId })).status).toBe(404)
    await db.updateTable('events').set({ status: 'published' }).where('id', '=', otherEvent.id).execute()
  })
})

describe('who may manage attachments', () => {
  it('lets organizers and confirmed attendees in; everyone else gets 403 on the page and the action', async () => {
    expect((await callRoute(managePage.loader, getRequest(pageUrl(), organizerCookie), pageParams())).status).toBe(200)
    const attendee = await callRoute(managePage.loader, getRequest(pageUrl(), confirmedCookie), pageParams())
    expect(attendee.status).toBe(200)
    const added = await upload({ name: 'attendee.md', bytes: Buffer.from('# From the floor\n') }, {}, confirmedCookie)
    expect(added.status).toBe(200)
    expect((await latestAttachment()).addedBy).toBe('Carla Confirmed')

    const count = (await listSessionAttachments(sessionId)).length
    for (const cookie of [undefined, waitlistedCookie, otherOrganizerCookie]) {
      const page = await callRoute(managePage.loader, getRequest(pageUrl(), cookie), pageParams())
      expect(page.status).toBe(403)
      expect(page.data).toBe(NOT_ALLOWED_TO_ATTACH)
      const action = await callRoute(
        managePage.action,
        await uploadRequest({}, { name: 'x.txt', bytes: Buffer.from('x') }, cookie),
        pageParams(),
      )
      expect(action.status).toBe(403)
      const removal = await callRoute(
        managePage.action,
        await formRequest(pageUrl(), { intent: 'remove', attachmentId: (await latestAttachment()).id }, { cookie }),
        pageParams(),
      )
      expect(removal.status).toBe(403)
    }
    expect((await listSessionAttachments(sessionId)).length).toBe(count)
    // An unknown session, or one of another event, is not there at all.
    expect(
      (
        await callRoute(
          managePage.loader,
          getRequest(pageUrl(otherSessionId), organizerCookie),
          pageParams(otherSessionId),
        )
      ).status,
    ).toBe(404)
  })

  it('lists attachments on the session page, images with their alt text, and links managers to the page', async () => {
    const anonymous = await callRoute(sessionPage.loader, getRequest(`/events/${event.slug}/sessions/${sessionId}`), {
      slug: event.slug,
      sessionId: String(sessionId),
    })
    const data = anonymous.data as Awaited<ReturnType<typeof sessionPage.loader>>
    expect(data.attachmentsHref).toBeNull()
    const titles = data.attachments.map((a) => a.title)
    expect(titles.slice(0, 5)).toEqual(['slides', 'whiteboard', 'Room photo', 'notes', 'agenda'])
    const image = data.attachments.find((a) => a.title === 'whiteboard')!
    expect(image).toMatchObject({ description: 'PNG image, 70 bytes', image: { altText: 'Plan, in three steps' } })
    expect(image.href).toBe(`${pageUrl()}/${image.id}/whiteboard.png`)
    const organizer = await callRoute(
      sessionPage.loader,
      getRequest(`/events/${event.slug}/sessions/${sessionId}`, organizerCookie),
      { slug: event.slug, sessionId: String(sessionId) },
    )
    expect((organizer.data as typeof data).attachmentsHref).toBe(pageUrl())
  })
})

describe('attachments in the report, the schedule exports and the calendar', () => {
  let workDir: string
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'convene-attachments-'))
  })
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true })
  })

  const slidesUrl = async () => {
    const slides = (await listSessionAttachments(sessionId)).find((a) => a.title === 'slides')!
    return new URL(`${pageUrl()}/${slides.id}/slides.pdf`, appBaseUrl()).toString()
  }

  it('lists them in the report, on the page and in Markdown', async () => {
    await addLinkAttachment(
      { eventId: event.id, sessionId },
      { url: 'https://speakerdeck.com/x/y', title: 'Deck' },
      'O',
    )
    const page = await callRoute(report.loader, getRequest(`/events/${event.slug}/report`), { slug: event.slug })
    const sessions = (page.data as Awaited<ReturnType<typeof report.loader>>).sessions
    const reported = sessions.find((s) => s.id === sessionId)!
    expect(reported.attachments.map((a) => a.title)).toContain('slides')
    expect(reported.attachments.find((a) => a.title === 'Deck')?.url).toBe('https://speakerdeck.com/x/y')
    const md = await callRoute(reportMd.loader, getRequest(`/events/${event.slug}/report.md`), { slug: event.slug })
    expect(md.data).toContain(`- [slides](<${await slidesUrl()}>) (PDF, 77 bytes)`)
    expect(md.data).toContain('- [Deck](<https://speakerdeck.com/x/y>) (link)')
  })

  it('lists them in schedule.json and schedule.xml, both still valid', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true })
    ajv.addMetaSchema(draft06MetaSchema)
    addFormats(ajv)
    ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/)
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(FIXTURES, 'schema.json'), 'utf8')))
    const json = await callRoute(scheduleJson.loader, getRequest(`/events/${event.slug}/schedule.json`), {
      slug: event.slug,
    })
    expect(json.status).toBe(200)
    const valid = validate(json.data)
    expect(valid ? [] : validate.errors).toEqual([])
    type JsonEvent = { id: number; attachments: { url: string; title: string; type: string }[] }
    const days = (json.data as { schedule: { conference: { days: { rooms: Record<string, JsonEvent[]> }[] } } })
      .schedule.conference.days
    const jsonEvent = days.flatMap((d) => Object.values(d.rooms).flat()).find((e) => e.id === sessionId)!
    expect(jsonEvent.attachments).toContainEqual({ url: await slidesUrl(), title: 'slides', type: 'slides' })
    expect(jsonEvent.attachments).toContainEqual({ url: 'https://speakerdeck.com/x/y', title: 'Deck', type: 'related' })
    expect(jsonEvent.attachments.find((a) => a.title === 'whiteboard')?.type).toBe('media')

    const xml = await callRoute(scheduleXml.loader, getRequest(`/events/${event.slug}/schedule.xml`), {
      slug: event.slug,
    })
    expect(xml.status).toBe(200)
    const file = path.join(workDir, 'schedule.xml')
    writeFileSync(file, xml.data as string)
    const lint = spawnSync('xmllint', ['--noout', '--schema', path.join(FIXTURES, 'schedule.xml.xsd'), file], {
      encoding: 'utf8',
    })
    expect(lint.status, lint.stderr).toBe(0)
    const href = spawnSync(
      'xmllint',
      ['--xpath', `string(//event[@id="${sessionId}"]/attachments/attachment[text()="slides"]/@href)`, file],
      { encoding: 'utf8' },
    )
    expect(href.stdout.trim()).toBe(await slidesUrl())
  })

  it('lists them in the served calendar feeds, in the description and as ATTACH, and a change reaches them', async () => {
    const published = await listPublishedSessions(event.id)
    const publicEvent = { ...event, status: 'published' as const } as never
    const entryOf = (ics: string, summary: string) =>
      new ICAL.Component(ICAL.parse(ics))
        .getAllSubcomponents('vevent')
        .find((v) => v.getFirstPropertyValue('summary') === summary)!
    const entry = entryOf((await eventCalendarFor(publicEvent)).ics, 'Array API slides')
    const description = String(entry.getFirstPropertyValue('description'))
    expect(description).toContain(`Slides and attachments:\n- slides: ${await slidesUrl()}`)
    expect(description).toContain('- Deck: https://speakerdeck.com/x/y')
    expect(entry.getAllProperties('attach').map((p) => p.getFirstValue())).toContain(await slidesUrl())
    const other = entryOf((await eventCalendarFor(publicEvent)).ics, 'Dispatching')
    expect(String(other.getFirstPropertyValue('description'))).toContain('- A: https://a.example')

    // The event feed is kept built between polls: an attachment added since must not be missed.
    await addLinkAttachment(
      { eventId: event.id, sessionId },
      { url: 'https://zenodo.org/records/1', title: 'Paper' },
      'O',
    )
    const again = entryOf((await eventCalendarFor(publicEvent)).ics, 'Array API slides')
    expect(String(again.getFirstPropertyValue('description'))).toContain('- Paper: https://zenodo.org/records/1')

    const single = await sessionCalendar(publicEvent, published.find((s) => s.session_id === sessionId)!)
    expect(single.ics).toContain('Slides and attachments:')
    expect(single.ics).toContain('https://zenodo.org/records/1')
  })
})
