import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json'
import ICAL from 'ical.js'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Event, RecordingStatus, Session } from '#db/schema'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { ensureFeedToken, starSession } from '~/models/agenda/stars.server'
import {
  countLinkedRecordings,
  linkedRecordingsForEvent,
  liveStreamForSession,
  recordingForSession,
  recordingsForSession,
} from '~/models/recordings/links.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import * as sessionsApi from '~/routes/api.v1.events.$slug.sessions'
import * as eventFeed from '~/routes/events.$slug.calendar[.ics]'
import * as report from '~/routes/events.$slug.report'
import * as reportMd from '~/routes/events.$slug.report[.md]'
import { loader as scheduleJsonLoader } from '~/routes/events.$slug.schedule[.json]'
import { loader as scheduleXmlLoader } from '~/routes/events.$slug.schedule[.xml]'
import * as sessionPage from '~/routes/events.$slug.sessions.$sessionId/route'
import * as sessionIcs from '~/routes/events.$slug.sessions.$sessionId[.ics]'
import * as personalFeed from '~/routes/feeds.$token.calendar[.ics]'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest } from '../support/routes'

// What visitors, feeds, exports and the API see of sessions whose recording comes in several videos, or as a
// stretch of a whole-day room stream — and that what is not (or no longer) a public recording never shows.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/c3voc')
const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addMetaSchema(draft06MetaSchema)
addFormats(ajv)
ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/)
const validateScheduleJson = ajv.compile(JSON.parse(readFileSync(path.join(FIXTURES, 'schema.json'), 'utf8')))

const watch = (id: string, t?: number) => `https://www.youtube.com/watch?v=${id}${t ? `&t=${t}s` : ''}`

/** Videos that must never reach a public page: a suggestion, a removed link, a video gone private, a premiere. */
const NEVER_PUBLIC = ['suggestedV1', 'removedVid1', 'privateVid1', 'premiereVd1']

type VideoRow = {
  id: string
  title: string
  description?: string
  durationSeconds: number | null
  captions?: boolean | null
  liveBroadcastContent?: 'none' | 'live' | 'upcoming'
  unavailableSince?: Date | null
}

async function addVideo(eventId: number, v: VideoRow) {
  await db
    .insertInto('youtube_videos')
    .values({
      event_id: eventId,
      video_id: v.id,
      title: v.title,
      description: v.description ?? '',
      published_at: new Date('2030-05-10T12:00:00Z'),
      duration_seconds: v.durationSeconds,
      channel_id: 'UCfakechannel0000000000000',
      has_captions: v.captions ?? null,
      live_broadcast_content: v.liveBroadcastContent ?? 'none',
      unavailable_since: v.unavailableSince ?? null,
    })
    .execute()
}

async function link(
  session: Session,
  videoId: string,
  fields: { status?: RecordingStatus; part?: number; startSeconds?: number; endSeconds?: number } = {},
) {
  await db
    .insertInto('recordings')
    .values({
      event_id: session.event_id,
      session_id: session.id,
      video_id: videoId,
      status: fields.status ?? 'linked',
      source: 'auto',
      score: 0.9,
      part: fields.part ?? null,
      start_seconds: fields.startSeconds ?? null,
      end_seconds: fields.endSeconds ?? null,
    })
    .execute()
}

let workDir: string
let event: Event
let sessions: Record<'working' | 'lightning' | 'closing' | 'suggested' | 'removed' | 'plain', Session>

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'convene-recording-parts-'))
  event = await makeEvent((await makeUser()).id, { startsAt: '2030-05-04T09:00', endsAt: '2030-05-04T18:00' })
  const input = sessionInputSchema(event.time_zone)
  const add = (title: string, startsAt: string, endsAt: string, kind = 'talk') =>
    createSession(event.id, input.parse({ title, kind, startsAt, endsAt, room: 'Plenary' }))
  sessions = {
    working: await add('State of sparse arrays', '2030-05-04T10:00', '2030-05-04T12:00', 'working_session'),
    lightning: await add('Lightning talks', '2030-05-04T14:00', '2030-05-04T15:00'),
    closing: await add('Closing', '2030-05-04T15:00', '2030-05-04T16:00'),
    suggested: await add('Maybe recorded', '2030-05-04T16:00', '2030-05-04T16:30'),
    removed: await add('Recording taken down', '2030-05-04T16:30', '2030-05-04T17:00'),
    plain: await add('Not recorded', '2030-05-04T17:00', '2030-05-04T17:30'),
  }
  await publishSchedule(event.id, 'Org')

  // Part 2 kept the end of the break before it: its chapter says where the session resumes.
  await addVideo(event.id, {
    id: 'secondPart2',
    title: 'Test Summit – State of sparse arrays (part 2/2)',
    description: '0:00 Break\n0:45 State of sparse arrays (continued)',
    durationSeconds: 3000,
    captions: false,
  })
  await addVideo(event.id, {
    id: 'sparsePart1',
    title: 'Test Summit – State of sparse arrays (part 1/2)',
    durationSeconds: 3300,
    captions: true,
  })
  await addVideo(event.id, { id: 'roomStream1', title: 'Plenary, Saturday (live stream)', durationSeconds: 30_000 })
  for (const id of ['suggestedV1', 'removedVid1']) await addVideo(event.id, { id, title: id, durationSeconds: 600 })
  await addVideo(event.id, {
    id: 'privateVid1',
    title: 'Recording taken down',
    durationSeconds: 1800,
    unavailableSince: new Date('2030-06-01T00:00:00Z'),
  })
  await addVideo(event.id, {
    id: 'premiereVd1',
    title: 'Recording taken down (premiere)',
    durationSeconds: null,
    liveBroadcastContent: 'upcoming',
  })

  // Part 2 stored first, and its id sorts first: the order is the parts', not the rows' or the ids'.
  await link(sessions.working, 'secondPart2', { part: 2 })
  await link(sessions.working, 'sparsePart1', { part: 1 })
  await link(sessions.lightning, 'roomStream1', { startSeconds: 3600, endSeconds: 7200 })
  await link(sessions.closing, 'roomStream1', { startSeconds: 7200 })
  await link(sessions.suggested, 'suggestedV1', { status: 'suggested' })
  await link(sessions.removed, 'removedVid1', { status: 'unavailable' })
  await link(sessions.removed, 'privateVid1')
  await link(sessions.removed, 'premiereVd1')
})

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true })
})

function expectNothingPrivate(text: string) {
  for (const id of NEVER_PUBLIC) expect(text, `${id} is not public`).not.toContain(id)
}

function xmllint(args: string[], xml: string) {
  const file = path.join(workDir, `schedule-${Math.random().toString(36).slice(2)}.xml`)
  writeFileSync(file, xml)
  return spawnSync('xmllint', [...args, file], { encoding: 'utf8' })
}

function icsDescriptions(ics: string): Map<string, string> {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return new Map(
    calendar
      .getAllSubcomponents('vevent')
      .map((v) => [String(v.getFirstPropertyValue('summary')), String(v.getFirstPropertyValue('description') ?? '')]),
  )
}

const PARTS_LINES = [
  `Recording, part 1 of 2: ${watch('sparsePart1')}`,
  `Recording, part 2 of 2: ${watch('secondPart2', 45)}`,
].join('\n')

describe('a session recorded in parts, and sessions in a room stream', () => {
  it('lists the linked videos of a session in part order, each at its offset, with its part and captions', async () => {
    const parts = await recordingsForSession(sessions.working.id)
    expect(parts).toEqual([
      {
        videoId: 'sparsePart1',
        url: watch('sparsePart1'),
        embedUrl: 'https://www.youtube-nocookie.com/embed/sparsePart1',
        status: 'linked',
        title: 'Test Summit – State of sparse arrays (part 1/2)',
        durationSeconds: 3300,
        part: 1,
        partLabel: 'Part 1 of 2',
        startSeconds: 0,
        endSeconds: null,
        captions: true,
      },
      {
        videoId: 'secondPart2',
        url: watch('secondPart2', 45),
        embedUrl: 'https://www.youtube-nocookie.com/embed/secondPart2',
        status: 'linked',
        title: 'Test Summit – State of sparse arrays (part 2/2)',
        durationSeconds: 3000,
        part: 2,
        partLabel: 'Part 2 of 2',
        startSeconds: 45,
        endSeconds: null,
        captions: false,
      },
    ])
    expect(await recordingForSession(sessions.working.id)).toEqual(parts[0])
    expect(await recordingsForSession(sessions.lightning.id)).toMatchObject([
      { videoId: 'roomStream1', url: watch('roomStream1', 3600), startSeconds: 3600, endSeconds: 7200, part: null },
    ])
    expect(await recordingsForSession(sessions.closing.id)).toMatchObject([
      { url: watch('roomStream1', 7200), startSeconds: 7200, endSeconds: null, partLabel: null },
    ])
  })

  it('never shows a suggestion, a removed link, a video gone private or a premiere', async () => {
    expect(await recordingsForSession(sessions.suggested.id)).toEqual([])
    expect(await recordingsForSession(sessions.removed.id)).toEqual([])
    expect(await recordingForSession(sessions.removed.id)).toBeNull()
    // Organizer views see the suggestion; an unavailable link never comes back as one.
    expect(await recordingsForSession(sessions.suggested.id, { includeSuggested: true })).toMatchObject([
      { videoId: 'suggestedV1', status: 'suggested' },
    ])
    expect(await recordingsForSession(sessions.removed.id, { includeSuggested: true })).toEqual([])

    const byEvent = await linkedRecordingsForEvent(event.id)
    expect([...byEvent.keys()].sort((a, b) => a - b)).toEqual(
      [sessions.working.id, sessions.lightning.id, sessions.closing.id].sort((a, b) => a - b),
    )
    expect(byEvent.get(sessions.working.id)!.map((r) => r.videoId)).toEqual(['sparsePart1', 'secondPart2'])
    // The home page counts recorded sessions, not videos.
    expect(await countLinkedRecordings([event.id])).toEqual(new Map([[event.id, 3]]))
  })

  it('gives the API recordings[] in order and recording as the first, as before', async () => {
    const result = await callRoute(sessionsApi.loader, getRequest(`/api/v1/events/${event.slug}/sessions`), {
      slug: event.slug,
    })
    expect(result.status).toBe(200)
    const listed = (result.data as { sessions: { id: number; recordings: unknown[]; recording: unknown }[] }).sessions
    const json = (session: Session) => listed.find((s) => s.id === session.id)!
    expect(json(sessions.working).recordings).toEqual([
      {
        videoId: 'sparsePart1',
        url: watch('sparsePart1'),
        title: 'Test Summit – State of sparse arrays (part 1/2)',
        part: 1,
        startSeconds: 0,
        endSeconds: null,
        durationSeconds: 3300,
        status: 'linked',
      },
      {
        videoId: 'secondPart2',
        url: watch('secondPart2', 45),
        title: 'Test Summit – State of sparse arrays (part 2/2)',
        part: 2,
        startSeconds: 45,
        endSeconds: null,
        durationSeconds: 3000,
        status: 'linked',
      },
    ])
    expect(json(sessions.working).recording).toEqual({
      videoId: 'sparsePart1',
      url: watch('sparsePart1'),
      status: 'linked',
    })
    expect(json(sessions.lightning).recordings).toEqual([
      {
        videoId: 'roomStream1',
        url: watch('roomStream1', 3600),
        title: 'Plenary, Saturday (live stream)',
        part: null,
        startSeconds: 3600,
        endSeconds: 7200,
        durationSeconds: 30_000,
        status: 'linked',
      },
    ])
    expect(json(sessions.lightning).recording).toEqual({
      videoId: 'roomStream1',
      url: watch('roomStream1', 3600),
      status: 'linked',
    })
    for (const session of [sessions.suggested, sessions.removed, sessions.plain]) {
      expect(json(session)).toMatchObject({ recordings: [], recording: null })
    }
    expectNothingPrivate(JSON.stringify(result.data))
  })

  it('shows every part on the session page, and none of what is not public', async () => {
    const page = async (session: Session) =>
      (
        await callRoute(sessionPage.loader, getRequest(`/events/${event.slug}/sessions/${session.id}`), {
          slug: event.slug,
          sessionId: String(session.id),
        })
      ).data as { recordings: { videoId: string; partLabel: string | null }[]; liveStream: unknown }
    const working = await page(sessions.working)
    expect(working.recordings.map((r) => [r.videoId, r.partLabel])).toEqual([
      ['sparsePart1', 'Part 1 of 2'],
      ['secondPart2', 'Part 2 of 2'],
    ])
    // The session is not running now: no live stream to link.
    expect(working.liveStream).toBeNull()
    const removed = await page(sessions.removed)
    expect(removed.recordings).toEqual([])
    expectNothingPrivate(JSON.stringify(removed))
  })

  it('lists every part in the report and its Markdown', async () => {
    const page = await callRoute(report.loader, getRequest(`/events/${event.slug}/report`), { slug: event.slug })
    const reported = (page.data as { sessions: { id: number; recordings: unknown[]; recording: unknown }[] }).sessions
    const bySession = (session: Session) => reported.find((s) => s.id === session.id)!
    expect(bySession(sessions.working).recordings).toEqual([
      { videoId: 'sparsePart1', url: watch('sparsePart1'), title: 'Recording, part 1 of 2', status: 'linked' },
      { videoId: 'secondPart2', url: watch('secondPart2', 45), title: 'Recording, part 2 of 2', status: 'linked' },
    ])
    expect(bySession(sessions.working).recording).toMatchObject({ videoId: 'sparsePart1' })
    expect(bySession(sessions.lightning).recordings).toMatchObject([{ url: watch('roomStream1', 3600) }])
    expect(bySession(sessions.removed)).toMatchObject({ recordings: [], recording: null })
    expectNothingPrivate(JSON.stringify(page.data))

    const md = String(
      (await callRoute(reportMd.loader, getRequest(`/events/${event.slug}/report.md`), { slug: event.slug })).data,
    )
    expect(md).toContain(PARTS_LINES)
    expect(md).toContain(`Recording: ${watch('roomStream1', 3600)}`)
    expectNothingPrivate(md)
  })

  it('links every part in schedule.json and schedule.xml, both still valid', async () => {
    const json = await callRoute(scheduleJsonLoader, getRequest(`/events/${event.slug}/schedule.json`), {
      slug: event.slug,
    })
    expect(json.status).toBe(200)
    const valid = validateScheduleJson(json.data)
    expect(valid ? [] : validateScheduleJson.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
    type JsonEvent = { id: number; links: { url: string; title: string; type: string }[] }
    const events = (
      json.data as { schedule: { conference: { days: { rooms: Record<string, JsonEvent[]> }[] } } }
    ).schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat())
    const linksOf = (session: Session) => events.find((e) => e.id === session.id)!.links
    expect(linksOf(sessions.working)).toEqual([
      { url: watch('sparsePart1'), title: 'Recording, part 1 of 2', type: 'web' },
      { url: watch('secondPart2', 45), title: 'Recording, part 2 of 2', type: 'web' },
    ])
    expect(linksOf(sessions.lightning)).toEqual([{ url: watch('roomStream1', 3600), title: 'Recording', type: 'web' }])
    expect(linksOf(sessions.removed)).toEqual([])
    expectNothingPrivate(JSON.stringify(json.data))

    const xmlResponse = await callRoute(scheduleXmlLoader, getRequest(`/events/${event.slug}/schedule.xml`), {
      slug: event.slug,
    })
    const xml = xmlResponse.data as string
    const validation = xmllint(['--noout', '--schema', path.join(FIXTURES, 'schedule.xml.xsd')], xml)
    expect(validation.status, `xmllint: ${validation.stderr}`).toBe(0)
    const hrefs = xmllint(['--xpath', `//event[@id="${sessions.working.id}"]/links/link/@href`], xml)
    expect(hrefs.status, hrefs.stderr).toBe(0)
    expect(hrefs.stdout.trim().split(/\s+/)).toEqual([
      `href="${watch('sparsePart1')}"`,
      `href="${watch('secondPart2', 45).replace('&', '&amp;')}"`,
    ])
    const titles = xmllint(['--xpath', `//event[@id="${sessions.working.id}"]/links/link/text()`], xml)
    expect(titles.stdout.trim().split('\n')).toEqual(['Recording, part 1 of 2', 'Recording, part 2 of 2'])
    expect(xml).toContain(`href="${watch('roomStream1', 3600).replace('&', '&amp;')}"`)
    expectNothingPrivate(xml)
  })

  it('carries every part in the calendar feeds, each at its offset', async () => {
    const feed = String(
      (await callRoute(eventFeed.loader, getRequest(`/events/${event.slug}/calendar.ics`), { slug: event.slug })).data,
    )
    const descriptions = icsDescriptions(feed)
    expect(descriptions.get('State of sparse arrays')).toContain(PARTS_LINES)
    expect(descriptions.get('Lightning talks')).toContain(`Recording: ${watch('roomStream1', 3600)}`)
    expect(descriptions.get('Closing')).toContain(`Recording: ${watch('roomStream1', 7200)}`)
    expect(descriptions.get('Recording taken down')).not.toContain('Recording:')
    expectNothingPrivate(feed)

    const one = String(
      (
        await callRoute(sessionIcs.loader, getRequest(`/events/${event.slug}/sessions/${sessions.working.id}.ics`), {
          slug: event.slug,
          sessionId: String(sessions.working.id),
        })
      ).data,
    )
    expect(icsDescriptions(one).get('State of sparse arrays')).toContain(PARTS_LINES)

    const attendee = await registerForEvent(
      event.id,
      registrationSchema({ locationKind: event.location_kind }, []).parse({
        name: 'Ada',
        email: `ada-${event.slug}@example.org`,
        affiliations: ['SciPy'],
        attendanceMode: 'in_person',
      }),
    )
    for (const session of [sessions.working, sessions.removed])
      expect(await starSession(attendee.registration.id, event.id, session.id)).toBe(true)
    const token = await ensureFeedToken(attendee.registration.id)
    const mine = String(
      (await callRoute(personalFeed.loader, getRequest(`/feeds/${token}/calendar.ics`), { token })).data,
    )
    expect(icsDescriptions(mine).get('State of sparse arrays')).toContain(PARTS_LINES)
    expectNothingPrivate(mine)
  })
})

describe('a live stream', () => {
  it('is linked from the session page while the session runs, and never shown as a recording', async () => {
    const zone = 'Europe/Berlin'
    const now = DateTime.now().setZone(zone)
    const local = (t: DateTime) => t.toFormat("yyyy-MM-dd'T'HH:mm")
    const live = await makeEvent((await makeUser()).id, {
      timeZone: zone,
      startsAt: local(now.minus({ days: 1 }).startOf('day')),
      endsAt: local(now.plus({ days: 1 }).endOf('day')),
    })
    const running = await createSession(
      live.id,
      sessionInputSchema(zone).parse({
        title: 'On air now',
        kind: 'talk',
        startsAt: local(now.minus({ hours: 1 })),
        endsAt: local(now.plus({ hours: 1 })),
      }),
    )
    await publishSchedule(live.id, 'Org')
    await addVideo(live.id, {
      id: 'liveStream1',
      title: 'Plenary (live)',
      durationSeconds: null,
      liveBroadcastContent: 'live',
    })
    // The matcher keeps a live stream as a suggestion; it is not a recording until it ends.
    await link(running, 'liveStream1', { status: 'suggested' })

    expect(await liveStreamForSession(running.id, new Date())).toEqual({
      videoId: 'liveStream1',
      url: watch('liveStream1'),
    })
    expect(await liveStreamForSession(running.id, now.plus({ hours: 2 }).toJSDate())).toBeNull()
    expect(await liveStreamForSession(running.id, now.minus({ hours: 2 }).toJSDate())).toBeNull()
    expect(await recordingsForSession(running.id)).toEqual([])

    const page = await callRoute(sessionPage.loader, getRequest(`/events/${live.slug}/sessions/${running.id}`), {
      slug: live.slug,
      sessionId: String(running.id),
    })
    expect(page.data).toMatchObject({ recordings: [], liveStream: { url: watch('liveStream1') } })

    // Once the stream is over it is a video like any other: no longer live.
    await db
      .updateTable('youtube_videos')
      .set({ live_broadcast_content: 'none', duration_seconds: 7200 })
      .where('video_id', '=', 'liveStream1')
      .execute()
    expect(await liveStreamForSession(running.id, new Date())).toBeNull()
  })
})
