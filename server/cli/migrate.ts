import { describeDatabase, openDatabase } from '../prepare'

const database = await openDatabase('npm run db:migrate')
console.log(
  database.applied.length
    ? `Applied ${database.applied.join(', ')} to ${describeDatabase()}.`
    : `${describeDatabase()} is up to date.`,
)
await database.close()
