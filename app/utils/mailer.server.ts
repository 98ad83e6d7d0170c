import nodemailer, { type SMTPTransportOptions, type Transporter } from 'nodemailer'
import { env } from '~/env.server'
import { singleton } from './singleton.server'

export type MailTransport = Transporter

/**
 * An SMTP transport for `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. Timeouts are
 * far shorter than nodemailer's defaults (10 minutes of socket silence) so one send always ends well within
 * the delivery lease (app/models/outbox/delivery.server.ts) and a stuck server cannot cause a double send.
 */
export function createMailTransport(url: string, options: Omit<SMTPTransportOptions, 'url'> = {}): MailTransport {
  return nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...options,
  })
}

/** The configured transport, created on first use; undefined without SMTP_URL (emails then stay in the outbox). */
export function mailTransport(): MailTransport | undefined {
  const url = env().SMTP_URL
  if (!url) return undefined
  return singleton('mail-transport', () => createMailTransport(url))
}
