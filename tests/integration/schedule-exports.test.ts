import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, updateSession } from '~/models/agenda/session.server'
import { loader as jsonLoader } from '~/routes/events.$slug.schedule[.json]'
import { loader as xmlLoader } from '~/routes/events.$slug.schedule[.xml]'
import { seedDemoData } from '../../db/seed/demo'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, getRequest } from '../support/routes'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/c3voc')
const XSD = path.join(FIXTURES, 'schedule.xml.xsd')

const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addMetaSchema(draft06MetaSchema)
addFormats(ajv)
// The schema's own format for colours (ajv-formats has none): the XSD's hexColor.
ajv.addFormat('color', /^#[0-9a-fA-F]{6}$/)
const validateJson = ajv.compile(JSON.parse(readFileSync(path.join(FIXTURES, 'schema.json'), 'utf8')))

let workDir: string
beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'convene-schedule-'))
})
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true })
})

function xmllint(args: string[], xml: string, name: string) {
  const file = path.join(workDir, `${name}.xml`)
  writeFileSync(file, xml)
  return spawnSync('xmllint', [...args, file], { encoding: 'utf8' })
}

/** Fails with xmllint's own message unless the document is valid against the vendored XSD. */
function expectValidXml(xml: string, name: string) {
  const result = xmllint(['--noout', '--schema', XSD], xml, name)
  expect(result.error).toBeUndefined()
  expect(result.status, `xmllint: ${result.stderr}`).toBe(0)
}

function xpath(xml: string, expression: string): string {
  const result = xmllint(['--xpath', expression], xml, 'xpath')
  expect(result.status, result.stderr).toBe(0)
  // xmllint ends the value with a newline of its own.
  return result.stdout.replace(/\n$/, '')
}

function expectValidJson(data: unknown) {
  const valid = validateJson(data)
  expect(valid ? [] : validateJson.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
}

type JsonEvent = {
  id: number
  guid: string
  title: string
  date: string
  start: string
  duration: string
  persons: { id: number; guid: string; name: string }[]
}
type JsonSchedule = {
  schedule: {
    version: string
    conference: {
      acronym: string
      daysCount: number
      time_zone_name: string
      rooms: { name: string; guid: string }[]
      days: { index: number; date: string; day_start: string; day_end: string; rooms: Record<string, JsonEvent[]> }[]
    }
  }
}

function allEvents(data: JsonSchedule): (JsonEvent & { day: string; roomKey: string })[] {
  return data.schedule.conference.days.flatMap((day) =>
    Object.entries(day.rooms).flatMap(([roomKey, events]) => events.map((e) => ({ ...e, day: day.date, roomKey }))),
  )
}

const TRICKY_TITLE = 'Welcome & <opening> — “Größe” 日本語 🎉 ]]> "quoted"'

describe('schedule exports', () => {
  it('exports a two-day agenda across a DST change as valid frab XML and C3VOC JSON', async () => {
    const organizer = await makeUser()
    const event = await makeEvent(organizer.id, {
      title: 'Dispatch & <Arrays> Summit',
      timeZone: 'Europe/Berlin',
      startsAt: '2030-03-30T09:00',
      endsAt: '2030-03-31T17:00',
      venueName: 'Test Hall',
    })
    const input = sessionInputSchema('Europe/Berlin')
    const add = (fields: Record<string, unknown>) => createSession(event.id, input.parse({ kind: 'talk', ...fields }))
    const welcome = await add({
      title: TRICKY_TITLE,
      abstract: 'Why *dispatching* matters: a < b && c > d.',
      startsAt: '2030-03-30T09:00',
      endsAt: '2030-03-30T10:00',
      room: 'Plenary',
      track: 'Dispatching',
      speakers: 'Ada Lovelace, SciPy, https://example.org/ada\nStéfan van der Walt, scikit-image',
    })
    const breakout = await add({
      title: 'Breakout: A & B < C',
      kind: 'breakout',
      startsAt: '2030-03-30T10:00',
      endsAt: '2030-03-30T11:30',
      room: 'Room 190',
      track: 'Array API',
    })
    const lunch = await add({ title: 'Lunch', kind: 'break', startsAt: '2030-03-30T12:00', endsAt: '2030-03-30T13:00' })
    // Clocks jump from 02:00 CET to 03:00 CEST on the night of 30 to 31 March 2030.
    const nightOwls = await add({
      title: 'Night owls hacking',
      kind: 'social',
      startsAt: '2030-03-31T01:30',
      endsAt: '2030-03-31T03:30',
      room: 'Room 190',
    })
    const spec = await add({
      title: 'Drafting a SPEC',
      kind: 'working_session',
      startsAt: '2030-03-31T09:00',
      endsAt: '2030-03-31T10:30',
      room: 'Room 210',
      speakers: 'Ada Lovelace, SciPy',
    })
    const dropped = { title: 'Dropped discussion', startsAt: '2030-03-31T11:00', endsAt: '2030-03-31T12:00' }
    const toCancel = await add({ ...dropped, room: 'Plenary' })
    await publishSchedule(event.id, 'Org')
    await updateSession(
      event.id,
      toCancel.id,
      input.parse({ ...dropped, kind: 'talk', room: 'Plenary', status: 'cancelled' }),
    )
    await publishSchedule(event.id, 'Org')

    const xmlResponse = await callRoute(xmlLoader, getRequest(`/events/${event.slug}/schedule.xml`), {
      slug: event.slug,
    })
    expect(xmlResponse.status).toBe(200)
    expect(xmlResponse.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const xml = xmlResponse.data as string
    expectValidXml(xml, 'summit')
    // Escaped on the way out, read back exactly.
    expect(xml).toContain('Welcome &amp; &lt;opening&gt;')
    expect(xpath(xml, `string(//event[@id="${welcome.id}"]/title)`)).toBe(TRICKY_TITLE)
    expect(xpath(xml, 'string(/schedule/conference/title)')).toBe('Dispatch & <Arrays> Summit')
    expect(xpath(xml, 'string(/schedule/version)')).toBe('2')
    expect(xpath(xml, `string(//event[@id="${nightOwls.id}"]/date)`)).toBe('2030-03-31T01:30:00+01:00')
    expect(xpath(xml, `string(//event[@id="${nightOwls.id}"]/duration)`)).toBe('01:00')
    expect(xpath(xml, `string(//event[@id="${nightOwls.id}"]/../../@date)`)).toBe('2030-03-30')
    expect(xpath(xml, `string(//event[@id="${spec.id}"]/start)`)).toBe('09:00')
    expect(xpath(xml, `string(//event[@id="${welcome.id}"]/persons/person[2])`)).toBe('Stéfan van der Walt')
    expect(xml).not.toContain('Dropped discussion')

    const jsonResponse = await callRoute(jsonLoader, getRequest(`/events/${event.slug}/schedule.json`), {
      slug: event.slug,
    })
    expect(jsonResponse.status).toBe(200)
    expect(jsonResponse.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const data = jsonResponse.data as JsonSchedule
    expectValidJson(data)
    const { conference } = data.schedule
    expect(data.schedule.version).toBe('2')
    expect(conference.acronym).toBe(event.slug.replaceAll('-', '_'))
    expect(conference.time_zone_name).toBe('Europe/Berlin')
    expect(conference.daysCount).toBe(2)
    expect(conference.days.map((d) => [d.index, d.date, d.day_start, d.day_end])).toEqual([
      [1, '2030-03-30', '2030-03-30T06:00:00+01:00', '2030-03-31T06:00:00+02:00'],
      [2, '2030-03-31', '2030-03-31T06:00:00+02:00', '2030-04-01T06:00:00+02:00'],
    ])
    // Rooms in order of first use; a session without a room is in the venue's.
    expect(conference.rooms.map((r) => r.name)).toEqual(['Plenary', 'Room 190', 'Test Hall', 'Room 210'])

    const events = allEvents(data)
    const byId = new Map(events.map((e) => [e.id, e]))
    expect(events.map((e) => e.id).sort((a, b) => a - b)).toEqual(
      [welcome.id, breakout.id, lunch.id, nightOwls.id, spec.id].sort((a, b) => a - b),
    )
    expect(byId.get(welcome.id)).toMatchObject({
      guid: welcome.uid,
      title: TRICKY_TITLE,
      date: '2030-03-30T09:00:00+01:00',
      start: '09:00',
      duration: '01:00',
      roomKey: 'Plenary',
      persons: [{ name: 'Ada Lovelace', url: 'https://example.org/ada' }, { name: 'Stéfan van der Walt' }],
      links: [{ url: 'https://example.org/ada', title: 'Ada Lovelace', type: 'web' }],
    })
    expect(byId.get(breakout.id)).toMatchObject({ duration: '01:30', track: 'Array API', type: 'breakout' })
    expect(byId.get(lunch.id)).toMatchObject({ room: 'Test Hall', do_not_record: true })
    // Past midnight but before the day change: still the first day; one hour of real time despite the wall clock.
    expect(byId.get(nightOwls.id)).toMatchObject({
      day: '2030-03-30',
      date: '2030-03-31T01:30:00+01:00',
      start: '01:30',
      duration: '01:00',
    })
    expect(byId.get(spec.id)).toMatchObject({ day: '2030-03-31', date: '2030-03-31T09:00:00+02:00', start: '09:00' })
    // The same speaker is the same person in every session.
    const ada = (id: number) => byId.get(id)!.persons.map((p) => [p.id, p.guid, p.name])[0]
    expect(ada(spec.id)).toEqual(ada(welcome.id))
    expect(JSON.stringify(data)).not.toContain('Dropped discussion')

    // Caching: the same body gives the same ETag, and a revalidation answers 304.
    const etag = jsonResponse.headers.get('etag')
    expect(etag).toBeTruthy()
    const revalidation = new Request(`http://localhost/events/${event.slug}/schedule.json`, {
      headers: { 'if-none-match': etag! },
    })
    expect((await callRoute(jsonLoader, revalidation, { slug: event.slug })).status).toBe(304)
  })

  it('answers 404 for a draft or unknown event', async () => {
    const organizer = await makeUser()
    const draft = await makeEvent(organizer.id, { status: 'draft' })
    await createSession(
      draft.id,
      sessionInputSchema('Europe/Berlin').parse({
        title: 'Secret plans',
        kind: 'talk',
        startsAt: '2030-05-04T10:00',
        endsAt: '2030-05-04T11:00',
      }),
    )
    await publishSchedule(draft.id, 'Org')
    for (const slug of [draft.slug, 'no-such-summit']) {
      for (const [loader, format] of [
        [xmlLoader, 'xml'],
        [jsonLoader, 'json'],
      ] as const) {
        const response = await callRoute(loader, getRequest(`/events/${slug}/schedule.${format}`), { slug })
        expect(response.status).toBe(404)
      }
    }
  })

  it('exports an event without published sessions as a valid, empty schedule', async () => {
    const organizer = await makeUser()
    // A three-letter slug and a zone whose name the JSON schema's pattern refuses (so it is left out there).
    const event = await makeEvent(organizer.id, { slug: 'abc', timeZone: 'Etc/GMT-14' })
    const xml = await callRoute(xmlLoader, getRequest(`/events/${event.slug}/schedule.xml`), { slug: event.slug })
    expectValidXml(xml.data as string, 'empty')
    const json = await callRoute(jsonLoader, getRequest(`/events/${event.slug}/schedule.json`), { slug: event.slug })
    expectValidJson(json.data)
    expect((json.data as JsonSchedule).schedule).toMatchObject({ version: '0', conference: { daysCount: 3 } })
    expect((json.data as JsonSchedule).schedule.conference.acronym).toBe('abc_')
    expect((json.data as JsonSchedule).schedule.conference).not.toHaveProperty('time_zone_name')
  })

  it("validates the demo data's past summit", async () => {
    await seedDemoData()
    const slug = 'api-dispatching-summit'
    const xml = await callRoute(xmlLoader, getRequest(`/events/${slug}/schedule.xml`), { slug })
    expect(xml.status).toBe(200)
    expectValidXml(xml.data as string, 'demo')
    const json = await callRoute(jsonLoader, getRequest(`/events/${slug}/schedule.json`), { slug })
    expect(json.status).toBe(200)
    expectValidJson(json.data)
    const data = json.data as JsonSchedule
    expect(data.schedule.version).toBe('2')
    expect(data.schedule.conference.daysCount).toBe(3)
    // The demo's second version cancelled the first working session.
    const events = allEvents(data)
    expect(events.map((e) => e.title)).not.toContain('Drafting a SPEC for dispatching')
    expect(events.length).toBeGreaterThanOrEqual(15)
    expect(xpath(xml.data as string, 'count(//event)')).toBe(String(events.length))
  })
})
