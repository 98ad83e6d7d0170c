import { hostname } from 'node:os'
import { sql } from 'kysely'
import type { OutboxEmail } from '#db/schema'
import { db } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import type { MailTransport } from '~/utils/mailer.server'

/**
 * How long a claimed email belongs to the sender that claimed it. Far longer than one SMTP send can take (the
 * transport's timeouts end a send within about two minutes), so no other sender picks it up while it is sent.
 */
export const DELIVERY_LEASE_MS = 10 * 60 * 1000
const FIRST_RETRY_MS = 30 * 1000
const LONGEST_RETRY_MS = 6 * 60 * 60 * 1000
const MAX_ERROR_LENGTH = 1000

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS)
}

export type DeliveryResult = { sent: number; failed: number }

/** What an email's attempt says when the sender of the previous attempt stopped before recording its outcome. */
export const INTERRUPTED_DELIVERY_ERROR =
  'The sender stopped during the previous attempt, so whether the mail server accepted it is unknown; ' +
  'sent again with the same Message-ID, so mail clients can tell the copies are one email.'

/**
 * The domain on the right of our Message-IDs: the sender address's (as mail servers expect), else this host's.
 * Only characters a Message-ID allows unquoted.
 */
export function messageIdDomain(from: string): string {
  const fromDomain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1]
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '')
  return fromDomain || host || 'convene.invalid'
}

/**
 * Sends the emails that are due, one at a time, and records each outcome. Each email is first claimed in a
 * statement of its own (`FOR UPDATE SKIP LOCKED`, pushing `next_attempt_at` one lease ahead), then sent outside
 * any transaction, then marked: several senders (processes, machines, overlapping runs) never send one email
 * twice, and no transaction stays open during SMTP. A failed send stays pending with a growing delay, so
 * nothing is lost.
 *
 * SMTP has no transactions, so "at most once" cannot be had across a crash: a sender killed after the server
 * answered 250 but before the next statement recorded it leaves an email that is sent again once its lease ran
 * out. Two things keep that harmless. Every attempt carries the row's Message-ID (fixed at its first claim from
 * the row's id and our domain), so clients and mailbox providers that deduplicate by Message-ID show one. And "accepted" is recorded by the very
 * next statement after the 250, whatever became of the lease: a row recorded as sent is never claimed again.
 */
export async function deliverDueEmails(options: {
  transport: Pick<MailTransport, 'sendMail'>
  from: string
  /** Fixed clock for tests; the current time otherwise. */
  now?: Date
  limit?: number
}): Promise<DeliveryResult> {
  const { transport, from, limit = 50 } = options
  const clock = () => options.now ?? new Date()
  const domain = messageIdDomain(from)
  const result: DeliveryResult = { sent: 0, failed: 0 }
  for (let i = 0; i < limit; i++) {
    const claim = await claimDueEmail(clock(), domain)
    if (!claim) break
    const { email, leaseUntil, interrupted } = claim
    if (interrupted) {
      logger.warn(
        { outboxId: email.id, messageId: email.message_id },
        'resending an email whose last attempt was cut off',
      )
    }
    try {
      await transport.sendMail({
        from,
        to: email.to_address,
        subject: email.subject,
        text: email.text_body,
        html: email.html_body,
        messageId: email.message_id ?? undefined,
      })
    } catch (error) {
      await recordFailure(email, leaseUntil, error, clock())
      result.failed++
      continue
    }
    await recordSent(email, clock())
    result.sent++
  }
  return result
}

async function claimDueEmail(
  at: Date,
  domain: string,
): Promise<{ email: OutboxEmail; leaseUntil: Date; interrupted: boolean } | undefined> {
  const leaseUntil = new Date(at.getTime() + DELIVERY_LEASE_MS)
  // A claim still set on a due row is the previous attempt's: its sender stopped before recording an outcome.
  const interruptedClaim = sql<boolean>`due.previous_claim is not null`
  const row = await db
    .updateTable('email_outbox')
    .from((eb) =>
      eb
        .selectFrom('email_outbox as candidate')
        .select(['candidate.id', 'candidate.claimed_at as previous_claim'])
        .where('candidate.status', '=', 'pending')
        .where('candidate.next_attempt_at', '<=', at)
        .orderBy('candidate.next_attempt_at')
        .orderBy('candidate.id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .as('due'),
    )
    .set((eb) => ({
      next_attempt_at: leaseUntil,
      claimed_at: at,
      // Derived from the row (its id, and its creation time so that ids reused by another database differ).
      message_id: eb.fn.coalesce(
        'email_outbox.message_id',
        sql<string>`'<outbox-' || email_outbox.id || '.' || floor(extract(epoch from email_outbox.created_at) * 1000)::bigint || '@' || ${domain} || '>'`,
      ),
      attempts: sql<number>`email_outbox.attempts + case when ${interruptedClaim} then 1 else 0 end`,
      last_error: sql<
        string | null
      >`case when ${interruptedClaim} then ${INTERRUPTED_DELIVERY_ERROR} else email_outbox.last_error end`,
    }))
    .whereRef('email_outbox.id', '=', 'due.id')
    .returningAll('email_outbox')
    .returning(interruptedClaim.as('interrupted'))
    .executeTakeFirst()
  if (!row) return undefined
  const { interrupted, ...email } = row
  return { email, leaseUntil, interrupted }
}

async function recordSent(email: OutboxEmail, at: Date): Promise<void> {
  // Not tied to our lease: once the server accepted the email it is sent, even if another sender took it over.
  await db
    .updateTable('email_outbox')
    .set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1), claimed_at: null }))
    .where('id', '=', email.id)
    .where('status', '=', 'pending')
    .execute()
}

async function recordFailure(email: OutboxEmail, leaseUntil: Date, error: unknown, at: Date): Promise<void> {
  const attempts = email.attempts + 1
  const message = (error instanceof Error ? error.message : String(error)).trim() || 'Unknown error'
  await db
    .updateTable('email_outbox')
    .set({
      attempts,
      last_error: message.slice(0, MAX_ERROR_LENGTH),
      next_attempt_at: new Date(at.getTime() + retryDelayMs(attempts)),
      claimed_at: null,
    })
    .where('id', '=', email.id)
    .where('status', '=', 'pending')
    // Only while the claim is still ours: after a lease ran out another sender may have taken the email over.
    .where('next_attempt_at', '=', leaseUntil)
    .execute()
}

export type OutboxListItem = Pick<
  OutboxEmail,
  | 'id'
  | 'kind'
  | 'to_address'
  | 'subject'
  | 'status'
  | 'attempts'
  | 'last_error'
  | 'created_at'
  | 'sent_at'
  | 'next_attempt_at'
  | 'event_id'
> & { event_title: string | null }

const listColumns = [
  'email_outbox.id',
  'email_outbox.kind',
  'email_outbox.to_address',
  'email_outbox.subject',
  'email_outbox.status',
  'email_outbox.attempts',
  'email_outbox.last_error',
  'email_outbox.created_at',
  'email_outbox.sent_at',
  'email_outbox.next_attempt_at',
  'email_outbox.event_id',
  'events.title as event_title',
] as const

/** Outbox emails, newest first: of the given events, or every one (also those of no event) with 'all'. */
export async function listOutbox({
  eventIds,
  limit = 200,
}: {
  eventIds: number[] | 'all'
  limit?: number
}): Promise<OutboxListItem[]> {
  if (eventIds !== 'all' && eventIds.length === 0) return []
  let query = db
    .selectFrom('email_outbox')
    .leftJoin('events', 'events.id', 'email_outbox.event_id')
    .select(listColumns)
    .orderBy('email_outbox.created_at', 'desc')
    .orderBy('email_outbox.id', 'desc')
    .limit(limit)
  if (eventIds !== 'all') query = query.where('email_outbox.event_id', 'in', eventIds)
  return query.execute()
}

export type OutboxEmailDetail = OutboxEmail & { event_title: string | null }

/** One outbox email with its bodies. */
export async function getOutboxEmail(id: number): Promise<OutboxEmailDetail | undefined> {
  return db
    .selectFrom('email_outbox')
    .leftJoin('events', 'events.id', 'email_outbox.event_id')
    .selectAll('email_outbox')
    .select('events.title as event_title')
    .where('email_outbox.id', '=', id)
    .executeTakeFirst()
}

/** "Sent", "Waiting for delivery", or "Retrying: <last error>". */
export function outboxStatusLabel(email: Pick<OutboxEmail, 'status' | 'attempts' | 'last_error'>): string {
  if (email.status === 'sent') return 'Sent'
  if (email.attempts > 0 && email.last_error) return `Retrying: ${email.last_error}`
  return 'Waiting for delivery'
}
