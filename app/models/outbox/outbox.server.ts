import type { NewOutboxEmail } from '#db/schema'
import type { Kysely, Transaction } from '~/utils/db.server'
import type { Database } from '#db/schema'
import { outboxSignal } from '~/utils/outbox-signal.server'

export type RenderedEmail = { subject: string; text: string; html: string }

/**
 * Puts an email in the outbox inside the caller's transaction, so it exists exactly when the change that caused
 * it does. Delivery happens later (jobs/send-email.ts); nothing is sent from a request.
 */
export async function queueEmail(
  trx: Kysely<Database> | Transaction<Database>,
  email: Pick<NewOutboxEmail, 'event_id' | 'registration_id' | 'kind' | 'to_address'> & RenderedEmail,
): Promise<void> {
  await trx
    .insertInto('email_outbox')
    .values({
      event_id: email.event_id,
      registration_id: email.registration_id,
      kind: email.kind,
      to_address: email.to_address,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
    })
    .execute()
  outboxSignal.queued()
}
