import { create } from 'xmlbuilder2'
import {
  GENERATOR,
  hoursMinutes,
  isoWithOffset,
  sessionLinks,
  type ExportSchedule,
  type ExportSession,
} from './export-schedule'

/** frab's schedule.xml, as Giggity, ConfClerk and EventFahrplan read it (checked against the C3VOC XSD). */

type XMLBuilder = ReturnType<typeof create>

export function frabXml(schedule: ExportSchedule): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('schedule')
  root.ele('generator', { name: GENERATOR })
  root.ele('url').txt(schedule.scheduleUrl('xml'))
  root.ele('version').txt(schedule.version)

  const conference = root.ele('conference')
  text(conference, 'acronym', schedule.acronym)
  text(conference, 'title', schedule.title)
  text(conference, 'start', schedule.firstDate)
  text(conference, 'end', schedule.lastDate)
  text(conference, 'days', String(schedule.days.length))
  text(conference, 'timeslot_duration', schedule.timeslot)
  text(conference, 'base_url', schedule.baseUrl)
  text(conference, 'url', schedule.eventUrl)
  text(conference, 'time_zone_name', schedule.timeZone)
  for (const track of schedule.tracks) {
    conference.ele('track', track.slug ? { name: track.name, slug: track.slug } : { name: track.name })
  }

  const roomGuids = new Map(schedule.rooms.map((r) => [r.name, r.guid]))
  for (const day of schedule.days) {
    const dayElement = root.ele('day', {
      index: String(day.index),
      date: day.date,
      start: isoWithOffset(day.start),
      end: isoWithOffset(day.end),
    })
    for (const room of day.rooms) {
      const roomElement = dayElement.ele('room', { name: room.name, guid: roomGuids.get(room.name)! })
      for (const s of room.sessions) xmlEvent(roomElement, s)
    }
  }
  // wellFormed: refuses rather than writes anything an XML parser would reject.
  return `${root.end({ prettyPrint: true, wellFormed: true })}\n`
}

function xmlEvent(parent: XMLBuilder, s: ExportSession): void {
  const event = parent.ele('event', { id: String(s.id), guid: s.guid })
  text(event, 'date', isoWithOffset(s.start))
  text(event, 'start', s.start.toFormat('HH:mm'))
  text(event, 'duration', hoursMinutes(s.minutes))
  text(event, 'room', s.room)
  text(event, 'slug', s.slug)
  text(event, 'url', s.url)
  text(event, 'title', s.title)
  text(event, 'subtitle', '')
  text(event, 'track', s.track ?? '')
  text(event, 'type', s.type)
  text(event, 'language', 'en')
  text(event, 'abstract', s.abstract)
  text(event, 'description', '')
  if (s.doNotRecord) {
    const recording = event.ele('recording')
    text(recording, 'license', '')
    text(recording, 'optout', 'true')
  }
  const persons = event.ele('persons')
  for (const p of s.persons) persons.ele('person', { id: String(p.id), guid: p.guid }).txt(p.name)
  const links = event.ele('links')
  for (const link of sessionLinks(s)) links.ele('link', { href: link.url }).txt(link.title)
  const attachments = event.ele('attachments')
  for (const a of s.attachments) attachments.ele('attachment', { href: a.url, type: a.type }).txt(a.title)
}

function text(parent: XMLBuilder, name: string, value: string): void {
  parent.ele(name).txt(value)
}
