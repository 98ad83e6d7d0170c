import { describe, expect, it } from 'vitest'
import { listPublicEvents } from '~/models/events/event.server'
import { verifyLogin } from '~/models/users/user.server'
import { countRegistrations } from '~/models/registration/registrations.server'
import { listPublishedSessions, listScheduleVersions } from '~/models/agenda/schedule.server'
import { listSessions } from '~/models/agenda/session.server'
import { db } from '~/utils/db.server'
import { DEMO_ORGANIZER, seedDemoData } from '../../db/seed/demo'

describe('demo data', () => {
  it('adds the four summits (two past with published agendas, two upcoming with drafts), registrations and the demo organizer, once', async () => {
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

    // Past summits: full agendas published twice, with one session moved and one cancelled between versions.
    for (const event of past) {
      const versions = await listScheduleVersions(event.id)
      expect(versions.map((v) => v.version)).toEqual([2, 1])
      expect(versions[0]!.changes.map((c) => c.type).sort()).toEqual(['cancelled', 'moved'])
      expect((await listPublishedSessions(event.id)).length).toBeGreaterThanOrEqual(8)
      // Recordings: most linked by the matcher, shortened titles waiting for review, the other event's video not.
      const review = await db
        .selectFrom('recordings')
        .select(['status', 'video_id'])
        .where('event_id', '=', event.id)
        .execute()
      expect(review.filter((r) => r.status === 'linked').length).toBeGreaterThanOrEqual(4)
      expect(review.some((r) => r.video_id.startsWith('other'))).toBe(false)
    }
    // Upcoming summits: draft agendas, not yet public.
    for (const event of upcoming) {
      expect(await listPublishedSessions(event.id)).toEqual([])
      expect((await listSessions(event.id)).length).toBeGreaterThan(0)
    }
    // The open summit has registrations, some of them waiting.
    const open = upcoming.find((e) => e.slug === 'domain-stacks-summit')!
    const counts = await countRegistrations(open.id)
    expect(counts.confirmed).toBeGreaterThan(20)
    expect(counts.waitlisted).toBeGreaterThan(0)
  })
})
