import type { Database, Registration } from '#db/schema'
import type { Transaction } from '~/utils/db.server'
import { appBaseUrl } from '~/utils/url.server'
import { queueEmail } from '../outbox/outbox.server'
import { renderRegistrationEmail, type RegistrationEmailKind } from './emails'
import type { RegistrationEvent } from './registration-event'

/**
 * Queues the email telling the person what happened to their registration, in the transaction that made it
 * happen (see emails.ts for the templates).
 */
export async function notifyRegistrant(
  trx: Transaction<Database>,
  kind: RegistrationEmailKind,
  event: RegistrationEvent,
  registration: Registration,
  extra: { position?: number | null; reason?: string | null; onlineSeatFree?: boolean } = {},
) {
  await queueEmail(trx, {
    event_id: event.id,
    registration_id: registration.id,
    kind,
    to_address: registration.email,
    ...renderRegistrationEmail(kind, { baseUrl: appBaseUrl(), event, registration, ...extra }),
  })
}
