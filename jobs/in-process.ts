import { env } from '~/env.server'
import { logger } from '~/utils/logger.server'
import { outboxSignal } from '~/utils/outbox-signal.server'
import { sendEmail } from './send-email'

const EVERY_MS = 10_000

/**
 * Runs the send-email task in this process every 10 seconds and right after a request queues an email, one run
 * at a time (a nudge during a run asks for one more run after it). Does nothing without SMTP_URL. Errors are
 * logged, never thrown. Safe beside other senders: deliverDueEmails claims each email with SKIP LOCKED.
 * Returns `stop()`, which resolves once a run in progress has finished.
 */
export function startEmailSender(options: { intervalMs?: number } = {}): () => Promise<void> {
  if (!env().SMTP_URL) {
    logger.info('email sending is off (no SMTP_URL): emails stay in the outbox')
    return async () => {}
  }
  let running: Promise<void> | undefined
  let runAgain = false
  let stopped = false

  const loop = async () => {
    do {
      runAgain = false
      try {
        const result = await sendEmail()
        if (result.failed) logger.warn(result, 'some outbox emails could not be sent; they will be retried')
        else if (result.sent) logger.info(result, 'outbox emails sent')
      } catch (error) {
        logger.error({ err: error }, 'sending outbox emails failed')
      }
    } while (runAgain && !stopped)
  }

  const run = () => {
    if (stopped) return
    if (running) {
      runAgain = true
      return
    }
    running = loop().finally(() => {
      running = undefined
    })
  }

  const timer = setInterval(run, options.intervalMs ?? EVERY_MS)
  outboxSignal.on('queued', run)
  run()

  return async () => {
    stopped = true
    clearInterval(timer)
    outboxSignal.off('queued', run)
    await running
  }
}
