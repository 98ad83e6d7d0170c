import { runTask, TaskInputError, tasks } from '../../jobs/tasks'
import { openDatabase } from '../prepare'

const USAGE = `Usage: npm run job -- <task> ['<json payload>']
Runs one task once against the configured database. Tasks:
${Object.entries(tasks)
  .map(([name, t]) => `  ${name.padEnd(18)} ${t.description}`)
  .join('\n')}`

const [name, rawPayload] = process.argv.slice(2)
if (!name || name === '--help') {
  console.log(USAGE)
  process.exit(name ? 0 : 2)
}
let payload: unknown = {}
if (rawPayload) {
  try {
    payload = JSON.parse(rawPayload)
  } catch {
    console.error(`The payload is not valid JSON: ${rawPayload}\n\n${USAGE}`)
    process.exit(2)
  }
}

const database = await openDatabase('npm run job')
try {
  const result = await runTask(name, payload)
  console.log(JSON.stringify({ task: name, result }, null, 2))
} catch (error) {
  console.error(
    error instanceof TaskInputError ? `${error.message}\n\n${USAGE}` : `${name} failed: ${(error as Error).message}`,
  )
  process.exitCode = error instanceof TaskInputError ? 2 : 1
} finally {
  await database.close()
}
