import { openDatabase } from '../prepare'
import { DEMO_ORGANIZER, seedDemoData } from '../../db/seed/demo'

const database = await openDatabase('npm run db:seed')
try {
  const { createdUser, createdEvents } = await seedDemoData()
  console.log(
    createdEvents.length || createdUser
      ? `Demo data added: ${createdEvents.length} event(s)${
          createdUser ? ` and the organizer ${DEMO_ORGANIZER.email} (password ${DEMO_ORGANIZER.password})` : ''
        }.`
      : 'Demo data was already there; nothing changed.',
  )
} finally {
  await database.close()
}
