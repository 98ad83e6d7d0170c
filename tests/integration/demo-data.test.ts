import { describe, expect, it } from 'vitest'
import { listPublicEvents } from '~/models/events/event.server'
import { verifyLogin } from '~/models/users/user.server'
import { countRegistrations } from '~/models/registration/registrations.server'
import { listPublishedSessions, listScheduleVersions } from '~/models/agenda/schedule.server'
import { listSessions } from '~/models/agenda/session.server'
import { listStarredSessionIds } from '~/models/agenda/stars.server'
import { listRegistrations } from '~/models/registration/registrations.server'
import { recordingForSession } from '~/models/recordings/links.server'
import { db } from '~/utils/db.server'
import { DEMO_ORGANIZER, seedDemoData } from '../../db/seed/demo'

/** A real YouTube id: 11 URL-safe base64 characters, the last carrying only 4 bits. */
const REAL_VIDEO_ID = /^[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]$/

describe('demo data', () => {
  it('adds the four summits (two past with published agendas and recordings, the nearest upcoming one published and revised, the later one a draft), registrations, stars and the demo organizer, once', async () => {
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
        .selectFrom('recordings as r')
        .innerJoin('youtube_videos as v', (join) =>
          join.onRef('v.event_id', '=', 'r.event_id').onRef('v.video_id', '=', 'r.video_id'),
        )
        .select(['r.status', 'r.video_id', 'r.session_id', 'v.title', 'v.duration_seconds'])
        .where('r.event_id', '=', event.id)
        .execute()
      expect(review.filter((r) => r.status === 'linked').length).toBeGreaterThanOrEqual(4)
      expect(review.some((r) => r.title.startsWith('PyData Global'))).toBe(false)
      const videos = await db
        .selectFrom('youtube_videos')
        .select(['video_id', 'duration_seconds'])
        .where('event_id', '=', event.id)
        .execute()
      for (const video of videos) {
        expect(video.video_id).toMatch(REAL_VIDEO_ID)
        expect(video.duration_seconds).toBeGreaterThan(600)
      }
      // Some uploads kept the minutes before the session: the session page starts them at its chapter.
      const links = await Promise.all(review.map((r) => recordingForSession(r.session_id)))
      expect(links.some((link) => link && link.startSeconds > 0)).toBe(true)
    }

    // The nearest upcoming summit: published a week ago, revised since (one moved, one cancelled, three voted
    // topics added), one session added and not yet published.
    const [nearest, later] = upcoming
    const versions = await listScheduleVersions(nearest!.id)
    expect(versions.map((v) => v.version)).toEqual([2, 1])
    expect(versions[0]!.changes.map((c) => c.type).sort()).toEqual(['added', 'added', 'added', 'cancelled', 'moved'])
    const published = await listPublishedSessions(nearest!.id)
    expect(published.length).toBeGreaterThanOrEqual(15)
    const minutes = published.map((s) => (s.ends_at.getTime() - s.starts_at.getTime()) / 60_000)
    expect(minutes).toContain(90)
    expect(minutes).toContain(30)
    expect(new Set(published.map((s) => s.room)).size).toBeGreaterThanOrEqual(3)
    expect(new Set(published.map((s) => s.track).filter(Boolean)).size).toBeGreaterThanOrEqual(3)
    expect(published.some((s) => s.speakers.some((p) => p.affiliation === 'scikit-learn'))).toBe(true)
    expect((await listSessions(nearest!.id)).length).toBe(published.length + 1)
    // The later one: a draft agenda, not yet public.
    expect(await listPublishedSessions(later!.id)).toEqual([])
    expect((await listSessions(later!.id)).length).toBeGreaterThan(0)

    // Registrations in several states and both modes; the cancelled seat went to the first in the queue.
    const counts = await countRegistrations(nearest!.id)
    expect(counts.confirmed).toBeGreaterThan(20)
    expect(counts.confirmedInPerson).toBeGreaterThan(0)
    expect(counts.confirmedRemote).toBeGreaterThan(0)
    expect(counts.waitlisted).toBeGreaterThan(0)
    expect(counts.cancelled).toBe(1)
    // One seat is left for a visitor to take (the registration browser tests take it).
    expect(counts.confirmed).toBe(nearest!.capacity! - 1)
    // Attendees starred sessions, so their personal agendas have something in them.
    const registrations = await listRegistrations(nearest!.id)
    const confirmed = registrations.filter((r) => r.status === 'confirmed')
    for (const r of confirmed.slice(0, 5)) expect((await listStarredSessionIds(r.id)).length).toBeGreaterThanOrEqual(3)

    // Its topics: eight proposals with votes, three accepted and on the published agenda, one declined, the rest
    // open for votes; the scheduled ones starred for their voters who did not opt out.
    const topics = await db
      .selectFrom('topics')
      .select(['id', 'status', 'session_id'])
      .where('event_id', '=', nearest!.id)
      .execute()
    expect(topics).toHaveLength(8)
    const scheduled = topics.filter((t) => t.status === 'accepted' && t.session_id !== null)
    expect(scheduled).toHaveLength(3)
    expect(topics.filter((t) => t.status === 'declined')).toHaveLength(1)
    expect(topics.filter((t) => t.status === 'open')).toHaveLength(4)
    const publishedIds = new Set(published.map((s) => s.session_id))
    for (const t of scheduled) expect(publishedIds.has(t.session_id!)).toBe(true)
    const votes = await db
      .selectFrom('topic_votes')
      .innerJoin('topics', 'topics.id', 'topic_votes.topic_id')
      .select('topic_votes.topic_id')
      .where('topics.event_id', '=', nearest!.id)
      .execute()
    expect(votes.length).toBeGreaterThan(50)
    const stars = await db
      .selectFrom('session_stars')
      .select('registration_id')
      .where('session_id', 'in', scheduled.map((t) => t.session_id!))
      .execute()
    expect(stars.length).toBeGreaterThan(20)
  })
})
