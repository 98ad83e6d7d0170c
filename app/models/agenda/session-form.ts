import type { Session } from '#db/schema'
import { instantToWallTime } from '~/utils/time'
import { speakerLines } from './session-schema'

/** The organizer form's values for a stored session: wall times in the event's zone. */
export function sessionFormDefaults(session: Session, timeZone: string): Record<string, string> {
  return {
    title: session.title,
    kind: session.kind,
    abstract: session.abstract_md,
    speakers: speakerLines(session.speakers),
    startsAt: instantToWallTime(session.starts_at, timeZone),
    endsAt: instantToWallTime(session.ends_at, timeZone),
    room: session.room ?? '',
    track: session.track ?? '',
    capacity: session.capacity?.toString() ?? '',
    tags: session.tags.join(', '),
    status: session.status,
  }
}
