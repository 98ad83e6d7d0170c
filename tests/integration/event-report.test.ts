import { describe, expect, it } from 'vitest'
import * as eventPage from '~/routes/events.$slug._index'
import * as report from '~/routes/events.$slug.report'
import * as reportMd from '~/routes/events.$slug.report[.md]'
import { actionItems } from '~/models/events/report.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession } from '~/models/agenda/session.server'
import { saveNotes } from '~/models/notes/edits.server'
import { eventWorklogId, setNotesHidden } from '~/models/notes/notes.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest } from '../support/routes'

describe('event report', () => {
  it('gathers action items', () => {
    expect(actionItems('Intro\n- [ ] @ralf: draft the SPEC\n* [x] merge the PR\n- not a task')).toEqual([
      { text: '@ralf: draft the SPEC', done: false },
      { text: 'merge the PR', done: true },
    ])
  })

  it('shows notes and recordings in agenda order, hidden notes left out, and downloads as Markdown', async () => {
    const event = await makeEvent((await makeUser()).id)
    const schema = sessionInputSchema(event.time_zone)
    const later = await createSession(
      event.id,
      schema.parse({ title: 'Later session', kind: 'talk', startsAt: '2030-05-05T10:00', endsAt: '2030-05-05T11:00' }),
    )
    const first = await createSession(
      event.id,
      schema.parse({
        title: 'First session',
        kind: 'discussion',
        startsAt: '2030-05-04T10:00',
        endsAt: '2030-05-04T11:00',
      }),
    )
    const hidden = await createSession(
      event.id,
      schema.parse({
        title: 'Hidden notes',
        kind: 'discussion',
        startsAt: '2030-05-04T12:00',
        endsAt: '2030-05-04T13:00',
      }),
    )
    await publishSchedule(event.id, 'Org')
    for (const [session, body, isHidden] of [
      [first, 'We agreed.\n\n- [ ] @ada: write it up', false],
      [hidden, 'Secret\n- [ ] hidden task', true],
    ] as const) {
      const note = await db
        .insertInto('notes')
        .values({ event_id: event.id, session_id: session.id, current_revision: 1, hidden: isHidden })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('note_revisions')
        .values({ note_id: note.id, number: 1, body_md: body, author_name: 'Ada' })
        .execute()
    }
    await db
      .insertInto('recordings')
      .values({ event_id: event.id, session_id: later.id, video_id: 'dQw4w9WgXcQ', status: 'linked', source: 'manual' })
      .execute()

    const page = await callRoute(report.loader, getRequest(`/events/${event.slug}/report`), { slug: event.slug })
    const data = page.data as {
      actionItems: { html: string }[]
      sessions: { title: string; notesHtml: string | null; recording: { url: string } | null }[]
    }
    expect(data.sessions.map((s) => s.title)).toEqual(['First session', 'Hidden notes', 'Later session'])
    expect(data.actionItems.map((i) => i.html)).toEqual(['@ada: write it up'])
    expect(data.sessions[1]!.notesHtml).toBeNull()
    expect(data.sessions[2]!.recording?.url).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ')

    const md = await callRoute(reportMd.loader, getRequest(`/events/${event.slug}/report.md`), { slug: event.slug })
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(String(md.data)).toContain('- [ ] @ada: write it up (First session)')
    expect(String(md.data)).not.toContain('Secret')
  })

  it('shows the event’s worklog on the event page and first in the report, unless it is hidden', async () => {
    const event = await makeEvent((await makeUser()).id)
    const params = { slug: event.slug }
    const worklog = await eventWorklogId(event.id)
    const page = async () =>
      (await callRoute(eventPage.loader, getRequest(`/events/${event.slug}`), params)).data as {
        worklog: { html: string | null; href: string } | null
      }
    expect((await page()).worklog).toEqual({ html: null, revision: 0, href: `/events/${event.slug}/notes` })

    await saveNotes(worklog, { body: '## Day 1\n\n- [ ] @mei: book the room', baseRevision: 0 }, { name: 'Mei' })
    expect((await page()).worklog?.html).toContain('<h2>Day 1</h2>')
    const data = (await callRoute(report.loader, getRequest(`/events/${event.slug}/report`), params)).data as {
      worklogHtml: string | null
      actionItems: { html: string; sessionId: number | null; sessionTitle: string }[]
    }
    expect(data.worklogHtml).toContain('<h2>Day 1</h2>')
    expect(data.actionItems).toMatchObject([{ html: '@mei: book the room', sessionId: null, sessionTitle: 'Worklog' }])
    const md = await callRoute(reportMd.loader, getRequest(`/events/${event.slug}/report.md`), params)
    expect(String(md.data)).toContain('## Worklog\n\n## Day 1')

    await setNotesHidden(worklog, true)
    expect((await page()).worklog).toBeNull()
    const hidden = await callRoute(reportMd.loader, getRequest(`/events/${event.slug}/report.md`), params)
    expect(String(hidden.data)).not.toContain('Day 1')
  })
})

describe('recording links in feeds and exports', () => {
  it('the event feed and the schedule exports carry a linked recording’s URL', async () => {
    const { eventCalendar } = await import('~/models/feeds/calendar-feed.server')
    const { scheduleJson, scheduleXml } = await import('~/models/feeds/schedule/schedule.server')
    const event = await makeEvent((await makeUser()).id)
    const session = await createSession(
      event.id,
      sessionInputSchema(event.time_zone).parse({
        title: 'Recorded talk',
        kind: 'talk',
        startsAt: '2030-05-04T10:00',
        endsAt: '2030-05-04T11:00',
      }),
    )
    await publishSchedule(event.id, 'Org')
    const before = await eventCalendar(event.slug)
    expect(before?.ics).not.toContain('youtube.com')
    await db
      .insertInto('recordings')
      .values({
        event_id: event.id,
        session_id: session.id,
        video_id: 'ZyXwVuTsRqP',
        status: 'linked',
        source: 'manual',
      })
      .execute()
    // The feed notices the new link although the agenda itself did not change.
    expect((await eventCalendar(event.slug))?.ics.replace(/\r\n /g, '')).toContain(
      'Recording: https://www.youtube.com/watch?v=ZyXwVuTsRqP',
    )
    expect((await scheduleJson(event.slug))?.body).toContain('https://www.youtube.com/watch?v=ZyXwVuTsRqP')
    expect((await scheduleXml(event.slug))?.body).toContain('https://www.youtube.com/watch?v=ZyXwVuTsRqP')
  })
})
