import { env } from '~/env.server'
import { logger } from '~/utils/logger.server'
import { outboxSignal } from '~/utils/outbox-signal.server'
import { tasksDueAt } from './schedule'
import { sendEmail } from './send-email'
import { runTask } from './tasks'

const EMAIL_EVERY_MS = 10_000

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

  const timer = setInterval(run, options.intervalMs ?? EMAIL_EVERY_MS)
  outboxSignal.on('queued', run)
  run()

  return async () => {
    stopped = true
    clearInterval(timer)
    outboxSignal.off('queued', run)
    await running
  }
}

/** What one minute's scheduled run did, by task: its result, or the error it failed with. */
export type ScheduledRunOutcome = Record<string, { ok: true; result: unknown } | { ok: false; error: string }>

/**
 * Runs the tasks of jobs/schedule.ts that are due in the minute of `at`, one after another (PGlite runs one
 * transaction at a time anyway). send-email is left to the email sender, which runs it more often. A failing
 * task is logged and reported; the next due time tries again, as graphile-worker's `?max=1` does.
 */
export async function runScheduledTasks(at: Date): Promise<ScheduledRunOutcome> {
  const outcome: ScheduledRunOutcome = {}
  for (const task of tasksDueAt(at).filter((name) => name !== 'send-email')) {
    try {
      outcome[task] = { ok: true, result: await runTask(task, {}) }
      logger.info({ task, result: outcome[task].result }, 'scheduled task done')
    } catch (error) {
      outcome[task] = { ok: false, error: (error as Error).message }
      logger.error({ err: error, task }, 'scheduled task failed')
    }
  }
  return outcome
}

/**
 * The embedded database's job runner: graphile-worker needs PostgreSQL, so on PGlite the web process itself runs
 * the schedule, checking at the start of every minute (a minute still busy with a long run is skipped, not
 * queued). Returns `stop()`, which resolves once a run in progress has finished.
 */
export function startScheduler(): () => Promise<void> {
  let running: Promise<unknown> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const untilNextMinute = () => 60_000 - (Date.now() % 60_000) + 50
  const tick = () => {
    if (stopped) return
    if (!running) {
      running = runScheduledTasks(new Date()).finally(() => {
        running = undefined
      })
    }
    timer = setTimeout(tick, untilNextMinute())
  }
  timer = setTimeout(tick, untilNextMinute())
  return async () => {
    stopped = true
    clearTimeout(timer)
    await running
  }
}
