import { run, type Task, type TaskList } from 'graphile-worker'
import { env } from '~/env.server'
import { logger } from '~/utils/logger.server'
import { tasks, runTask } from '../../jobs/tasks'
import { openDatabase } from './prepare'

/**
 * Crontab of the recurring work. Emails are also sent right after they are queued by the web process; this
 * line catches retries and anything queued while no web process ran.
 */
export const CRONTAB = [
  '* * * * * send-email ?max=1',
  ...(tasks['schedule-recording-syncs'] ? ['17 */3 * * * schedule-recording-syncs ?max=1'] : []),
].join('\n')

/** Our tasks as graphile-worker tasks: a thrown error is retried by graphile-worker with exponential backoff. */
export function graphileTaskList(): TaskList {
  return Object.fromEntries(
    Object.keys(tasks).map((name): [string, Task] => [
      name,
      async (payload) => {
        const result = await runTask(name, payload)
        logger.info({ task: name, result }, 'task done')
      },
    ]),
  )
}

export async function startWorker(options: { connectionString: string; schema?: string; concurrency?: number }) {
  return run({
    connectionString: options.connectionString,
    schema: options.schema,
    concurrency: options.concurrency ?? 2,
    taskList: graphileTaskList(),
    crontab: CRONTAB,
    noHandleSignals: false,
    pollInterval: 2000,
  })
}

async function main() {
  const { DATABASE_URL } = env()
  if (!DATABASE_URL) {
    console.error(
      'npm run worker needs PostgreSQL (DATABASE_URL). On the embedded database the web process runs the same tasks itself.',
    )
    process.exit(1)
  }
  const database = await openDatabase('the worker')
  const runner = await startWorker({ connectionString: DATABASE_URL })
  console.log(`Convene worker running tasks: ${Object.keys(tasks).join(', ')}`)
  await runner.promise
  await database.close()
}

if (process.argv[1]?.endsWith('worker.ts')) await main()
