import { appBaseUrl } from '~/utils/url.server'
import { getPublicEventBySlug, type PublicEvent } from '../../events/event.server'
import { linkedRecordingsForEvent } from '../../recordings/links.server'
import { attachmentsForEvent } from '../../attachments/attachments.server'
import { publicAttachmentLinks } from '../../attachments/exports'
import { latestScheduleVersion, listPublishedSessions } from '../../agenda/schedule.server'
import { c3vocJson } from './c3voc-json'
import { buildExportSchedule, type ExportSchedule } from './export-schedule'
import { frabXml } from './frab-xml'

/**
 * The published agenda in the formats conference apps read (Giggity, ConfClerk, EventFahrplan, the c3voc tools):
 * frab's schedule.xml and the C3VOC schedule JSON. Only published events (cancelled ones answer undefined, so 404)
 * and only the published copy of their sessions.
 */

export type ScheduleExport = {
  body: string
  /** The newest change to anything in the body: the event, a published session or the schedule version. */
  lastModified: Date
}

/** frab / C3VOC schedule XML of a public event; undefined for a cancelled one. */
export async function scheduleXmlFor(event: PublicEvent): Promise<ScheduleExport | undefined> {
  const schedule = await loadSchedule(event)
  return schedule && { body: frabXml(schedule), lastModified: schedule.lastModified }
}

/** C3VOC schedule JSON of a public event; undefined for a cancelled one. */
export async function scheduleJsonFor(event: PublicEvent): Promise<ScheduleExport | undefined> {
  const schedule = await loadSchedule(event)
  return schedule && { body: c3vocJson(schedule), lastModified: schedule.lastModified }
}

/** scheduleXmlFor by slug; undefined for an unknown or draft event too. For callers without the event at hand. */
export async function scheduleXml(eventSlug: string): Promise<ScheduleExport | undefined> {
  const event = await getPublicEventBySlug(eventSlug)
  return event && scheduleXmlFor(event)
}

/** scheduleJsonFor by slug; undefined for an unknown or draft event too. For callers without the event at hand. */
export async function scheduleJson(eventSlug: string): Promise<ScheduleExport | undefined> {
  const event = await getPublicEventBySlug(eventSlug)
  return event && scheduleJsonFor(event)
}

async function loadSchedule(event: PublicEvent): Promise<ExportSchedule | undefined> {
  if (event.status !== 'published') return undefined
  const [published, version, recordings] = await Promise.all([
    listPublishedSessions(event.id),
    latestScheduleVersion(event.id),
    linkedRecordingsForEvent(event.id),
  ])
  const attachments = publicAttachmentLinks(appBaseUrl(), event.slug, await attachmentsForEvent(event.id))
  return buildExportSchedule({ baseUrl: appBaseUrl(), event, published, version, recordings, attachments })
}
