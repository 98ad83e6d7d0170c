import { EventEmitter, once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sendEmail } from '../../jobs/send-email'
import {
  DELIVERY_LEASE_MS,
  deliverDueEmails,
  INTERRUPTED_DELIVERY_ERROR,
  messageIdDomain,
  retryDelayMs,
} from '~/models/outbox/delivery.server'
import { queueEmail } from '~/models/outbox/outbox.server'
import { db } from '~/utils/db.server'
import { createMailTransport, type MailTransport } from '~/utils/mailer.server'

const FROM = 'Convene <no-reply@convene.test>'

type Received = { mailFrom: string; rcptTo: string[]; raw: string }

/** What the SMTP server below accepted, in order. */
const received: Received[] = []
/** How many of the next messages the server refuses (after reading them) with a temporary error. */
let refuseNext = 0
/** How many of the next messages the server reads and then keeps waiting for its answer, until `acceptHeld()`. */
let holdNext = 0
const held: Array<() => void> = []
/** Emits 'held' when the server has read a whole message it holds the answer to. */
const serverEvents = new EventEmitter()
let server: SMTPServer
let smtpUrl: string
let transport: MailTransport

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext--
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }))
          return
        }
        const accept = () => {
          received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          })
          callback()
        }
        if (holdNext > 0) {
          holdNext--
          held.push(accept)
          serverEvents.emit('held')
          return
        }
        accept()
      })
    },
  })
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const { port } = server.server.address() as AddressInfo
  smtpUrl = `smtp://127.0.0.1:${port}`
  transport = createMailTransport(smtpUrl, { ignoreTLS: true })
})

afterAll(async () => {
  transport.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(async () => {
  await db.deleteFrom('email_outbox').execute()
  received.length = 0
  refuseNext = 0
  holdNext = 0
})

/** The server answers 250 to every message it held. */
function acceptHeld() {
  for (const accept of held.splice(0)) accept()
}

// --- A small reader for the messages nodemailer writes: headers, multipart/alternative, QP/base64 ---------------

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body: raw.slice(at + 4) }
}

function decodeBody(body: string, encoding = '7bit'): string {
  if (/^base64$/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/^quoted-printable$/i.test(encoding)) {
    const text = body.replace(/=\r\n/g, '')
    const bytes: number[] = []
    for (let i = 0; i < text.length; i++) {
      const hex = text.slice(i + 1, i + 3)
      if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16))
        i += 2
      } else {
        bytes.push(...Buffer.from(text[i] ?? '', 'utf8'))
      }
    }
    return Buffer.from(bytes).toString('utf8')
  }
  return body
}

function readMessage(raw: string) {
  const { headers, body } = splitHead(raw)
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1]
  if (!boundary) throw new Error(`Not a multipart message:\n${raw}`)
  const parts = new Map<string, string>()
  for (const chunk of body.split(`--${boundary}`).slice(1, -1)) {
    const part = splitHead(chunk.replace(/^\r\n/, '').replace(/\r\n$/, ''))
    const type = (part.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
    parts.set(type, decodeBody(part.body, part.headers.get('content-transfer-encoding')).replace(/\r\n/g, '\n'))
  }
  return {
    messageId: headers.get('message-id'),
    type: headers.get('content-type')?.split(';')[0],
    subject: headers.get('subject'),
    to: headers.get('to'),
    from: headers.get('from'),
    text: parts.get('text/plain'),
    html: parts.get('text/html'),
  }
}

// --------------------------------------------------------------------------------------------------------------------

async function queue(n: number, overrides: { subject?: string; to?: string } = {}) {
  for (let i = 0; i < n; i++) {
    await queueEmail(db, {
      event_id: null,
      registration_id: null,
      kind: 'registration_confirmed',
      to_address: overrides.to ?? `attendee-${i}@example.org`,
      subject: overrides.subject ?? `Your place at Sparse Arrays 2027 (#${i})`,
      text: `Hello attendee ${i},\n\nYou are registered. Manage it: http://localhost/r/token-${i}\n\nSee you in Paris – café at 9:00.\n`,
      html: `<p>Hello attendee ${i},</p><p>You are registered. <a href="http://localhost/r/token-${i}">Manage it</a>.</p><p>See you in Paris – café at 9:00.</p>`,
    })
  }
}

function outboxRows() {
  return db.selectFrom('email_outbox').selectAll().orderBy('id').execute()
}

describe('email delivery over SMTP', () => {
  it('sends due emails with text and HTML parts and marks them sent, once', async () => {
    await queue(2)
    const before = new Date()
    expect(await deliverDueEmails({ transport, from: FROM })).toEqual({ sent: 2, failed: 0 })

    expect(received).toHaveLength(2)
    for (const [i, message] of received.entries()) {
      expect(message.rcptTo).toEqual([`attendee-${i}@example.org`])
      expect(message.mailFrom).toBe('no-reply@convene.test')
      const mail = readMessage(message.raw)
      expect(mail.type).toBe('multipart/alternative')
      expect(mail.subject).toBe(`Your place at Sparse Arrays 2027 (#${i})`)
      expect(mail.to).toBe(`attendee-${i}@example.org`)
      expect(mail.from).toBe(FROM)
      expect(mail.text).toBe(
        `Hello attendee ${i},\n\nYou are registered. Manage it: http://localhost/r/token-${i}\n\nSee you in Paris – café at 9:00.\n`,
      )
      expect(mail.html).toBe(
        `<p>Hello attendee ${i},</p><p>You are registered. <a href="http://localhost/r/token-${i}">Manage it</a>.</p><p>See you in Paris – café at 9:00.</p>`,
      )
    }

    const rows = await outboxRows()
    // Each email carries the Message-ID fixed for its row: its id, its creation time, the sender's domain.
    expect(received.map((m) => readMessage(m.raw).messageId)).toEqual(
      rows.map((row) => `<outbox-${row.id}.${row.created_at.getTime()}@convene.test>`),
    )
    for (const row of rows) {
      expect(row.message_id).toBe(`<outbox-${row.id}.${row.created_at.getTime()}@convene.test>`)
      expect(row.status).toBe('sent')
      expect(row.attempts).toBe(1)
      expect(row.last_error).toBeNull()
      expect(row.sent_at!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000)
    }

    // Nothing is due any more: a second run sends nothing.
    expect(await deliverDueEmails({ transport, from: FROM })).toEqual({ sent: 0, failed: 0 })
    expect(received).toHaveLength(2)
  })

  it('keeps a refused email pending with a backoff, then delivers it exactly once when it is due', async () => {
    await queue(1, { to: 'grace@example.org', subject: 'Waiting list update' })
    refuseNext = 1
    const now = new Date(Date.now() + 1000)

    expect(await deliverDueEmails({ transport, from: FROM, now })).toEqual({ sent: 0, failed: 1 })
    expect(received).toHaveLength(0)
    let [row] = await outboxRows()
    expect(row!.status).toBe('pending')
    expect(row!.attempts).toBe(1)
    expect(row!.last_error).toMatch(/451/)
    expect(row!.last_error).toMatch(/Mailbox busy/)
    expect(row!.sent_at).toBeNull()
    expect(row!.next_attempt_at.getTime()).toBe(now.getTime() + 30_000)

    // Not yet due: nothing happens.
    expect(await deliverDueEmails({ transport, from: FROM, now: new Date(now.getTime() + 29_000) })).toEqual({
      sent: 0,
      failed: 0,
    })
    expect(received).toHaveLength(0)

    const later = new Date(now.getTime() + 31_000)
    expect(await deliverDueEmails({ transport, from: FROM, now: later })).toEqual({ sent: 1, failed: 0 })
    expect(await deliverDueEmails({ transport, from: FROM, now: new Date(later.getTime() + 3_600_000) })).toEqual({
      sent: 0,
      failed: 0,
    })
    expect(received).toHaveLength(1)
    expect(received[0]!.rcptTo).toEqual(['grace@example.org'])
    expect(readMessage(received[0]!.raw).subject).toBe('Waiting list update')
    ;[row] = await outboxRows()
    expect(row!.status).toBe('sent')
    expect(row!.attempts).toBe(2)
    expect(row!.sent_at!.getTime()).toBe(later.getTime())
  })

  it('sends each email exactly once when two senders run at the same time', async () => {
    await queue(12)
    // Two senders as two processes would have them: each with its own SMTP connection.
    const secondTransport = createMailTransport(smtpUrl, { ignoreTLS: true })
    const [a, b] = await Promise.all([
      deliverDueEmails({ transport, from: FROM }),
      deliverDueEmails({ transport: secondTransport, from: FROM }),
    ])
    secondTransport.close()
    expect(a.failed + b.failed).toBe(0)
    expect(a.sent + b.sent).toBe(12)
    expect(received).toHaveLength(12)
    const recipients = received.map((m) => m.rcptTo.join()).sort()
    expect(new Set(recipients).size).toBe(12)
    const rows = await outboxRows()
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })
})

describe('an email in flight when its sender stops', () => {
  it('is sent again with the same Message-ID once the lease ran out, and never again once recorded as accepted', async () => {
    await queue(1, { to: 'grace@example.org', subject: 'Waiting list update' })
    const [queued] = await outboxRows()
    const start = new Date(Date.now() + 1000)
    holdNext = 1

    // The first sender hands the message over; the server has read it all but its 250 has not come back, as
    // when the sender is killed at that moment: nothing is recorded about the outcome.
    const stopped = deliverDueEmails({ transport, from: FROM, now: start })
    await once(serverEvents, 'held')
    expect(received).toHaveLength(0)

    // Once the lease is over another sender takes the email over, knowing the last attempt was cut off.
    const second = createMailTransport(smtpUrl, { ignoreTLS: true })
    try {
      const afterLease = new Date(start.getTime() + DELIVERY_LEASE_MS + 1000)
      expect(await deliverDueEmails({ transport: second, from: FROM, now: afterLease })).toEqual({
        sent: 1,
        failed: 0,
      })
    } finally {
      second.close()
    }
    let [row] = await outboxRows()
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: INTERRUPTED_DELIVERY_ERROR })

    // The first attempt turns out to have been accepted too: two copies, one Message-ID, which clients show once.
    acceptHeld()
    await stopped
    expect(received).toHaveLength(2)
    const ids = received.map((m) => readMessage(m.raw).messageId)
    expect(ids[0]).toBe(`<outbox-${queued!.id}.${queued!.created_at.getTime()}@convene.test>`)
    expect(ids[1]).toBe(ids[0])

    // Recorded as accepted: no later run sends it again, however long after.
    for (const hours of [1, 24, 24 * 30]) {
      const later = new Date(start.getTime() + hours * 3_600_000)
      expect(await deliverDueEmails({ transport, from: FROM, now: later })).toEqual({ sent: 0, failed: 0 })
    }
    expect(received).toHaveLength(2)
    ;[row] = await outboxRows()
    expect(row).toMatchObject({ status: 'sent', attempts: 2, claimed_at: null })
  })

  it('keeps the Message-ID of a failed attempt for the retry', async () => {
    await queue(1)
    refuseNext = 1
    const now = new Date(Date.now() + 1000)
    expect(await deliverDueEmails({ transport, from: FROM, now })).toEqual({ sent: 0, failed: 1 })
    const [failed] = await outboxRows()
    expect(failed!.message_id).toMatch(/^<outbox-\d+\.\d+@convene\.test>$/)
    // Sent later by a sender configured with another address: the email keeps the Message-ID it was given.
    const later = new Date(now.getTime() + 31_000)
    expect(await deliverDueEmails({ transport, from: 'Other <mail@elsewhere.test>', now: later })).toEqual({
      sent: 1,
      failed: 0,
    })
    expect(readMessage(received[0]!.raw).messageId).toBe(failed!.message_id)
  })

  it("takes the Message-ID's domain from the sender address, else from this host", () => {
    expect(messageIdDomain('Convene <no-reply@summits.example.org>')).toBe('summits.example.org')
    expect(messageIdDomain('no-reply@convene.local')).toBe('convene.local')
    expect(messageIdDomain('Convene')).toMatch(/^[A-Za-z0-9.-]+$/)
  })
})

describe('retry bookkeeping', () => {
  it('waits 30 s, then twice as long after each failure, at most 6 hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(retryDelayMs(10)).toBe(30_000 * 512)
    expect(retryDelayMs(11)).toBe(6 * 3600_000)
    expect(retryDelayMs(60)).toBe(6 * 3600_000)
  })

  it('keeps the error message, cut to 1000 characters, and never loses the email', async () => {
    await queue(1)
    const failing = {
      sendMail: async () => {
        throw new Error(`  Greylisted ${'x'.repeat(3000)}  `)
      },
    }
    const now = new Date(Date.now() + 1000)
    expect(await deliverDueEmails({ transport: failing, from: FROM, now })).toEqual({ sent: 0, failed: 1 })
    const later = new Date(now.getTime() + 30_000)
    expect(await deliverDueEmails({ transport: failing, from: FROM, now: later })).toEqual({ sent: 0, failed: 1 })
    const [row] = await outboxRows()
    expect(row!.status).toBe('pending')
    expect(row!.attempts).toBe(2)
    expect(row!.last_error).toHaveLength(1000)
    expect(row!.last_error!.startsWith('Greylisted x')).toBe(true)
    expect(row!.next_attempt_at.getTime()).toBe(later.getTime() + 60_000)
  })

  it('the send-email task sends nothing without SMTP_URL', async () => {
    await queue(1)
    expect(await sendEmail()).toEqual({ sent: 0, failed: 0 })
    const [row] = await outboxRows()
    expect(row!.status).toBe('pending')
    expect(row!.attempts).toBe(0)
  })
})
