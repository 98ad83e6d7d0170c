import {
  GENERATOR,
  hoursMinutes,
  isoWithOffset,
  sessionLinks,
  type ExportSchedule,
  type ExportSession,
} from './export-schedule'

/** The C3VOC schedule JSON, as conference apps and the c3voc tools read it (checked against its schema). */

const JSON_SCHEMA_URL = 'https://c3voc.de/schedule/schema.json'
/** The JSON schema's pattern for time_zone_name (zones such as Etc/GMT+2 do not match and are left out). */
const JSON_TIME_ZONE_PATTERN = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/

export function c3vocJson(schedule: ExportSchedule): string {
  return `${JSON.stringify(toJson(schedule), null, 2)}\n`
}

function toJson(schedule: ExportSchedule) {
  return {
    $schema: JSON_SCHEMA_URL,
    generator: { name: GENERATOR },
    schedule: {
      version: schedule.version,
      base_url: schedule.baseUrl,
      url: schedule.scheduleUrl('json'),
      conference: {
        acronym: schedule.acronym,
        title: schedule.title,
        description: schedule.description,
        start: schedule.firstDate,
        end: schedule.lastDate,
        daysCount: schedule.days.length,
        timeslot_duration: schedule.timeslot,
        ...(JSON_TIME_ZONE_PATTERN.test(schedule.timeZone) ? { time_zone_name: schedule.timeZone } : {}),
        url: schedule.eventUrl,
        tracks: schedule.tracks.map((t) => (t.slug ? { name: t.name, slug: t.slug } : { name: t.name })),
        rooms: schedule.rooms.map((r) => ({ name: r.name, guid: r.guid })),
        days: schedule.days.map((day) => ({
          index: day.index,
          date: day.date,
          day_start: isoWithOffset(day.start),
          day_end: isoWithOffset(day.end),
          rooms: Object.fromEntries(day.rooms.map((room) => [room.name, room.sessions.map(jsonEvent)])),
        })),
      },
    },
  }
}

function jsonEvent(s: ExportSession) {
  return {
    id: s.id,
    guid: s.guid,
    date: isoWithOffset(s.start),
    start: s.start.toFormat('HH:mm'),
    end: isoWithOffset(s.end),
    duration: hoursMinutes(s.minutes),
    room: s.room,
    slug: s.slug,
    url: s.url,
    title: s.title,
    subtitle: '',
    track: s.track,
    type: s.type,
    language: 'en',
    abstract: s.abstract,
    description: '',
    ...(s.doNotRecord ? { recording_license: '' } : {}),
    do_not_record: s.doNotRecord,
    // pretalx-style persons (`name`): the schema's oneOf refuses a person that is also frab-style (`public_name`).
    persons: s.persons.map((p) => ({ id: p.id, guid: p.guid, name: p.name, ...(p.url ? { url: p.url } : {}) })),
    links: sessionLinks(s).map((link) => ({ url: link.url, title: link.title, type: 'web' })),
    attachments: s.attachments.map((a) => ({ url: a.url, title: a.title, type: a.type })),
  }
}
