import { parseCrontab, type ParsedCronItem } from 'graphile-worker'

/**
 * The recurring work, once, for every runner: graphile-worker's crontab on PostgreSQL (`npm run worker`), and the
 * web process's own scheduler on the embedded PGlite (jobs/in-process.ts), as ADR 004 promises. Times are UTC,
 * as graphile-worker reads them.
 */
export const SCHEDULE = [
  // Emails are also sent right after they are queued; this catches retries and anything queued while no
  // process was sending.
  { task: 'send-email', cron: '* * * * *' },
  // YouTube look-ups for events that ended recently, every three hours (quota is per day).
  { task: 'schedule-recording-syncs', cron: '17 */3 * * *' },
  // Expired organizer sessions and rate-limit counters, once a day at a quiet hour.
  { task: 'purge-expired-records', cron: '41 4 * * *' },
] as const

export type ScheduledTaskName = (typeof SCHEDULE)[number]['task']

/** The schedule in graphile-worker's crontab syntax; `?max=1`: a job that fails is retried by the next run. */
export const CRONTAB = SCHEDULE.map(({ task, cron }) => `${cron} ${task} ?max=1`).join('\n')

let parsed: ParsedCronItem[] | undefined

/** The tasks due in the minute that `at` falls in, matched by graphile-worker's own cron parser. */
export function tasksDueAt(at: Date): string[] {
  parsed ??= parseCrontab(CRONTAB)
  const digest = {
    min: at.getUTCMinutes(),
    hour: at.getUTCHours(),
    date: at.getUTCDate(),
    month: at.getUTCMonth() + 1,
    dow: at.getUTCDay(),
  }
  return parsed.filter((item) => item.match(digest)).map((item) => item.task)
}
