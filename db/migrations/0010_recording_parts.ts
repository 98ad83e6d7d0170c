import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Recordings as they really come (docs/decisions/020-recordings-as-they-come.md): a session may have several
// videos (parts, in order), a video may record several sessions (a whole-day room stream, each session at its
// offset); a linked video that is removed or made private is flagged, not silently kept; live streams and
// premieres are remembered as such, so they are never taken for recordings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table recordings drop constraint recordings_session_key`.execute(db)
  await sql`alter table recordings drop constraint recordings_event_video_key`.execute(db)
  await sql`alter table recordings add constraint recordings_session_video_key unique (session_id, video_id)`.execute(db)
  await sql`create index recordings_event_video on recordings (event_id, video_id)`.execute(db)
  // 1, 2, … when the session's recording is split over several videos; null for a video that is the whole of it.
  await sql`alter table recordings add column part integer check (part between 1 and 99)`.execute(db)
  // Where the session starts and ends in the video, in seconds (a room stream, a chapter); null: its start, its end.
  await sql`alter table recordings add column start_seconds integer check (start_seconds >= 0)`.execute(db)
  await sql`alter table recordings add column end_seconds integer check (end_seconds > 0)`.execute(db)
  // An organizer set the offsets by hand: the matcher's later runs keep them.
  await sql`alter table recordings add column offsets_by_organizer boolean not null default false`.execute(db)
  // 'unavailable': the linked video was removed or made private (taken off public pages, flagged to organizers).
  await sql`alter table recordings drop constraint recordings_status_check`.execute(db)
  await sql`alter table recordings add constraint recordings_status_check check (status in ('linked', 'suggested', 'unavailable'))`.execute(
    db,
  )
  // For a suggestion: the unavailable video it would replace (a re-upload under a new id, same title).
  await sql`alter table recordings add column replaces_video_id text`.execute(db)

  // What YouTube says of each video beyond its snippet.
  await sql`alter table youtube_videos add column live_broadcast_content text not null default 'none' check (live_broadcast_content in ('none', 'live', 'upcoming'))`.execute(
    db,
  )
  await sql`alter table youtube_videos add column actual_start_time timestamptz`.execute(db)
  await sql`alter table youtube_videos add column actual_end_time timestamptz`.execute(db)
  await sql`alter table youtube_videos add column scheduled_start_time timestamptz`.execute(db)
  // contentDetails.caption: whether the video has captions; null until known.
  await sql`alter table youtube_videos add column has_captions boolean`.execute(db)
  // status.privacyStatus, and when a re-check found the video gone (deleted, or no longer public).
  await sql`alter table youtube_videos add column privacy_status text`.execute(db)
  await sql`alter table youtube_videos add column unavailable_since timestamptz`.execute(db)
  await sql`alter table youtube_videos add column checked_at timestamptz`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'checked_at',
    'unavailable_since',
    'privacy_status',
    'has_captions',
    'scheduled_start_time',
    'actual_end_time',
    'actual_start_time',
    'live_broadcast_content',
  ])
    await sql`alter table youtube_videos drop column ${sql.ref(column)}`.execute(db)
  await sql`delete from recordings where status = 'unavailable'`.execute(db)
  await sql`alter table recordings drop constraint recordings_status_check`.execute(db)
  await sql`alter table recordings add constraint recordings_status_check check (status in ('linked', 'suggested'))`.execute(db)
  for (const column of ['replaces_video_id', 'offsets_by_organizer', 'end_seconds', 'start_seconds', 'part'])
    await sql`alter table recordings drop column ${sql.ref(column)}`.execute(db)
  await sql`drop index recordings_event_video`.execute(db)
  await sql`alter table recordings drop constraint recordings_session_video_key`.execute(db)
  await sql`alter table recordings add constraint recordings_event_video_key unique (event_id, video_id)`.execute(db)
  await sql`alter table recordings add constraint recordings_session_key unique (session_id)`.execute(db)
}
