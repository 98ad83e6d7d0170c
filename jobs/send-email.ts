import { env } from '~/env.server'
import { deliverDueEmails, type DeliveryResult } from '~/models/outbox/delivery.server'
import { mailTransport } from '~/utils/mailer.server'

/**
 * Sends the outbox emails that are due through the SMTP server of SMTP_URL. Without SMTP_URL it sends nothing:
 * the emails wait in the outbox (organizers can read them there) until sending is configured.
 */
export async function sendEmail(): Promise<DeliveryResult> {
  const transport = mailTransport()
  if (!transport) return { sent: 0, failed: 0 }
  return deliverDueEmails({ transport, from: env().MAIL_FROM })
}
