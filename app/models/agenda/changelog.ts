import { Feed } from 'feed'
import type { ScheduleChange, ScheduleVersion } from '#db/schema'
import { formatDateTime } from '~/utils/time'
import { DateTime } from 'luxon'
import { escapeHtml } from '~/utils/format'
import { eventPath } from '~/utils/paths'

function slot(startsAt: string, endsAt: string | null, room: string | null, zone: string) {
  const start = DateTime.fromISO(startsAt, { zone }).setLocale('en-GB')
  const end = endsAt ? DateTime.fromISO(endsAt, { zone }).toFormat('HH:mm') : null
  return `${start.toFormat('ccc d LLL HH:mm')}${end ? `–${end}` : ''}${room ? `, ${room}` : ''}`
}

/** One changelog entry as a sentence, times in the event's zone. */
export function describeChange(change: ScheduleChange, zone: string): string {
  switch (change.type) {
    case 'added':
      return `Added “${change.title}” (${slot(change.startsAt, null, change.room, zone)}).`
    case 'cancelled':
      return `Cancelled “${change.title}”.`
    case 'restored':
      return `Reinstated “${change.title}”.`
    case 'moved':
      return `Moved “${change.title}” from ${slot(
        change.from.startsAt,
        change.from.endsAt,
        change.from.room,
        zone,
      )} to ${slot(change.to.startsAt, change.to.endsAt, change.to.room, zone)}.`
    case 'retitled':
      return `Renamed “${change.from}” to “${change.to}”.`
  }
}

export function changelogView(versions: ScheduleVersion[], zone: string) {
  return versions.map((v) => ({
    version: v.version,
    publishedAt: formatDateTime(v.published_at, zone),
    publishedAtIso: v.published_at.toISOString(),
    changes: v.changes.map((c) => ({ sessionId: c.sessionId, text: describeChange(c, zone) })),
  }))
}



/** The changelog as an Atom feed, one entry per published version. */
export function changelogAtom(
  event: { slug: string; title: string; time_zone: string },
  versions: ScheduleVersion[],
  baseUrl: string,
): string {
  const pageUrl = new URL(eventPath(event.slug, 'changes'), baseUrl).toString()
  const feed = new Feed({
    title: `${event.title}: agenda changes`,
    id: pageUrl,
    link: pageUrl,
    copyright: '',
    updated: versions[0]?.published_at ?? new Date(0),
    feedLinks: { atom: new URL(eventPath(event.slug, 'changes.atom'), baseUrl).toString() },
    generator: 'Convene',
  })
  for (const v of versions) {
    const lines = v.changes.map((c) => describeChange(c, event.time_zone))
    feed.addItem({
      title: `Version ${v.version}: ${lines.length} change${lines.length === 1 ? '' : 's'}`,
      id: `${pageUrl}#version-${v.version}`,
      link: `${pageUrl}#version-${v.version}`,
      date: v.published_at,
      // Both are written as type="html" (summary and content).
      description: escapeHtml(lines.join(' ')),
      content: `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    })
  }
  return feed.atom1()
}
