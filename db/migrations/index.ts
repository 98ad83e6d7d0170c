import type { Migration } from 'kysely/migration'
import * as m0001 from './0001_foundation'
import * as m0002 from './0002_registration'
import * as m0003 from './0003_agenda'
import * as m0004 from './0004_notes_and_recordings'
import * as m0005 from './0005_job_recovery'
import * as m0006 from './0006_search'
import * as m0007 from './0007_seat_counters'
import * as m0008 from './0008_live_notes'
import * as m0009 from './0009_topics'
import * as m0010 from './0010_recording_parts'
import * as m0011 from './0011_session_attachments'

/**
 * Every migration, in order. Listed by hand (not read from the folder) so that they survive bundling
 * and so that adding one is a visible change to this file.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registration': m0002,
  '0003_agenda': m0003,
  '0004_notes_and_recordings': m0004,
  '0005_job_recovery': m0005,
  '0006_search': m0006,
  '0007_seat_counters': m0007,
  '0008_live_notes': m0008,
  '0009_topics': m0009,
  '0010_recording_parts': m0010,
  '0011_session_attachments': m0011,
}
