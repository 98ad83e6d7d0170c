import { describe, expect, it } from 'vitest'
import { listPublicEvents } from '~/models/event.server'
import { verifyLogin } from '~/models/user.server'
import { DEMO_ORGANIZER, seedDemoData } from '~/server/demo-data'

describe('demo data', () => {
  it('adds the four summits (two past, two upcoming) and the demo organizer, once', async () => {
    const first = await seedDemoData()
    expect(first.createdEvents).toHaveLength(4)
    expect(first.createdUser).toBe(true)
    const again = await seedDemoData()
    expect(again).toEqual({ createdUser: false, createdEvents: [] })

    const { upcoming, past } = await listPublicEvents()
    expect(upcoming.map((e) => e.slug)).toEqual(['domain-stacks-summit', 'sparse-array-summit'])
    expect(past.map((e) => e.slug)).toEqual(['alt-text-accessibility', 'api-dispatching-summit'])
    const zones = new Set([...upcoming, ...past].map((e) => e.time_zone))
    expect(zones.size).toBeGreaterThanOrEqual(3)
    expect((await verifyLogin(DEMO_ORGANIZER.email, DEMO_ORGANIZER.password))?.is_admin).toBe(true)
  })
})
