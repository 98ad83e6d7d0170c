import { randomBytes } from 'node:crypto'
import { EventInputSchema, type EventInput } from '~/models/events/schema'
import { createEvent } from '~/models/events/event.server'
import { createUser } from '~/models/users/user.server'

export async function makeUser(overrides: { isAdmin?: boolean; name?: string; email?: string } = {}) {
  const suffix = randomBytes(4).toString('hex')
  return createUser({
    email: overrides.email ?? `person-${suffix}@example.org`,
    name: overrides.name ?? `Person ${suffix}`,
    password: 'correct horse battery',
    isAdmin: overrides.isAdmin,
  })
}

export function eventInput(overrides: Partial<Record<string, unknown>> = {}): EventInput {
  return EventInputSchema.parse({
    slug: `summit-${randomBytes(4).toString('hex')}`,
    title: 'Test Summit',
    summary: 'A summit for tests.',
    timeZone: 'Europe/Berlin',
    startsAt: '2030-05-04T09:00',
    endsAt: '2030-05-06T17:00',
    locationKind: 'in_person',
    venueName: 'Test Hall',
    status: 'published',
    ...overrides,
  })
}

export async function makeEvent(organizerId: number, overrides: Partial<Record<string, unknown>> = {}) {
  return createEvent(eventInput(overrides), organizerId)
}
