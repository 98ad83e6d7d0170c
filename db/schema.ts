import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database when marked Generated. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamptz column with a database default (now()). */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export type LocationKind = 'in_person' | 'online' | 'hybrid'
export type EventStatus = 'draft' | 'published' | 'cancelled'

export interface UsersTable {
  id: Generated<number>
  email: string
  name: string
  password_hash: string
  is_admin: Generated<boolean>
  created_at: GeneratedTimestamp
}

export interface AuthSessionsTable {
  id: string
  user_id: number
  expires_at: Timestamp
  created_at: GeneratedTimestamp
}

export interface ApiTokensTable {
  id: Generated<number>
  user_id: number
  token_hash: string
  label: string
  created_at: GeneratedTimestamp
  last_used_at: Timestamp | null
}

export interface EventsTable {
  id: Generated<number>
  slug: string
  title: string
  summary_md: Generated<string>
  time_zone: string
  starts_at: Timestamp
  ends_at: Timestamp
  location_kind: LocationKind
  venue_name: string | null
  venue_address: string | null
  online_url: string | null
  capacity: number | null
  registration_opens_at: Timestamp | null
  registration_closes_at: Timestamp | null
  status: Generated<EventStatus>
  youtube_playlist_id: string | null
  youtube_channel_id: string | null
  /** Set when looking up recordings failed for a reason retrying will not fix (a bad API key). */
  recordings_problem: string | null
  /** Hybrid events: seats in the room, within `capacity`; null means no separate limit. */
  in_person_capacity: number | null
  requires_approval: Generated<boolean>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  /**
   * The event's registrations counted, kept by a trigger on registrations in the transaction of every change
   * (db/migrations/0007_seat_counters.ts): never written by the app. Read them through countRegistrations.
   */
  confirmed_count: Generated<number>
  confirmed_in_person_count: Generated<number>
  confirmed_remote_count: Generated<number>
  waitlisted_count: Generated<number>
  pending_count: Generated<number>
  cancelled_count: Generated<number>
  declined_count: Generated<number>
  /** Confirmed registrations checked in at the door. */
  checked_in_count: Generated<number>
}

export interface EventOrganizersTable {
  event_id: number
  user_id: number
  created_at: GeneratedTimestamp
}

/** Owned by rate-limiter-flexible's Postgres store; the layout is the library's. */
export interface RateLimitsTable {
  key: string
  points: Generated<number>
  expire: number | null
}

export type QuestionKind = 'text' | 'single_choice' | 'multiple_choice' | 'checkbox'

export interface RegistrationQuestionsTable {
  id: Generated<number>
  event_id: number
  label: string
  kind: QuestionKind
  options: Generated<string[]>
  required: Generated<boolean>
  position: Generated<number>
  created_at: GeneratedTimestamp
}

export type RegistrationStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled' | 'declined'
export type AttendanceMode = 'in_person' | 'remote'
/** Custom answers by question id: text, a choice, several choices, or a checkbox. */
export type Answers = Record<string, string | string[] | boolean>

export interface RegistrationsTable {
  id: Generated<number>
  event_id: number
  manage_token: string
  name: string
  email: string
  email_normalized: string
  affiliations: Generated<string[]>
  role: string | null
  attendance_mode: AttendanceMode
  accessibility_needs: string | null
  dietary_needs: string | null
  public_listing: Generated<boolean>
  answers: ColumnType<Answers, string | undefined, string>
  status: RegistrationStatus
  waitlisted_at: Timestamp | null
  checked_in_at: Timestamp | null
  feed_token: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

export interface RegistrationChangesTable {
  id: Generated<number>
  registration_id: number
  from_status: RegistrationStatus | null
  to_status: RegistrationStatus
  reason: string | null
  /** "attendee", "system", or the organizer's name. */
  changed_by: string
  created_at: GeneratedTimestamp
}

export interface EmailOutboxTable {
  id: Generated<number>
  event_id: number | null
  registration_id: number | null
  kind: string
  to_address: string
  subject: string
  text_body: string
  html_body: string
  status: Generated<'pending' | 'sent'>
  attempts: Generated<number>
  next_attempt_at: GeneratedTimestamp
  last_error: string | null
  sent_at: Timestamp | null
  created_at: GeneratedTimestamp
}

export type SessionKind = 'talk' | 'discussion' | 'working_session' | 'breakout' | 'tutorial' | 'break' | 'social'
export type SessionStatus = 'scheduled' | 'cancelled'
export type Speaker = { name: string; affiliation?: string | null; url?: string | null }

export interface SessionsTable {
  id: Generated<number>
  event_id: number
  uid: Generated<string>
  title: string
  abstract_md: Generated<string>
  kind: SessionKind
  starts_at: Timestamp
  ends_at: Timestamp
  room: string | null
  track: string | null
  capacity: number | null
  tags: Generated<string[]>
  speakers: ColumnType<Speaker[], string | undefined, string>
  status: Generated<SessionStatus>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

/** One change in a published schedule version, shown in the changelog and the Atom feed. */
export type ScheduleChange =
  | { type: 'added'; sessionId: number; title: string; startsAt: string; room: string | null }
  | { type: 'cancelled'; sessionId: number; title: string }
  | { type: 'restored'; sessionId: number; title: string }
  | {
      type: 'moved'
      sessionId: number
      title: string
      from: { startsAt: string; endsAt: string; room: string | null }
      to: { startsAt: string; endsAt: string; room: string | null }
    }
  | { type: 'retitled'; sessionId: number; from: string; to: string }

export interface ScheduleVersionsTable {
  id: Generated<number>
  event_id: number
  version: number
  published_at: GeneratedTimestamp
  published_by: string
  changes: ColumnType<ScheduleChange[], string, string>
}

export interface PublishedSessionsTable {
  session_id: number
  event_id: number
  uid: string
  title: string
  abstract_md: string
  kind: SessionKind
  starts_at: Timestamp
  ends_at: Timestamp
  room: string | null
  track: string | null
  capacity: number | null
  tags: string[]
  speakers: ColumnType<Speaker[], string, string>
  status: SessionStatus
  /** RFC 5545 SEQUENCE: grows whenever time, place, title or status changes between publishes. */
  sequence: Generated<number>
  version: number
  last_modified: Timestamp
}

export interface SessionStarsTable {
  registration_id: number
  session_id: number
  created_at: GeneratedTimestamp
}

/** A shared note: a session's, or the event's worklog (session_id null). See 0008_live_notes. */
export interface NotesTable {
  id: Generated<number>
  event_id: number
  session_id: number | null
  hidden: Generated<boolean>
  /** Read-only for everyone, organizers included, until an organizer unlocks it. */
  locked: Generated<boolean>
  /** The number of the latest revision; 0 before the first save. */
  current_revision: Generated<number>
  updated_at: GeneratedTimestamp
  /** The live Yjs document as one update, up to live_through; null until seeded. */
  live_state: Uint8Array | null
  live_through: Generated<number>
  last_seq: Generated<number>
  revision_through: Generated<number>
}

export interface NoteUpdatesTable {
  note_id: number
  seq: number
  update: Uint8Array
  author_names: string[]
  created_at: GeneratedTimestamp
}

export interface NoteRevisionsTable {
  id: Generated<number>
  note_id: number
  number: number
  body_md: string
  /** The authors' names joined for display ("Ada and Ben"); author_names holds them one by one. */
  author_name: string
  author_names: Generated<string[]>
  author_user_id: number | null
  author_registration_id: number | null
  /** The revision the author started from; differs from number - 1 when a concurrent edit was merged. */
  base_number: number | null
  merged: Generated<boolean>
  restored_from: number | null
  created_at: GeneratedTimestamp
}

export interface YoutubeVideosTable {
  event_id: number
  video_id: string
  title: string
  description: Generated<string>
  published_at: Timestamp | null
  duration_seconds: number | null
  channel_id: string | null
  fetched_at: GeneratedTimestamp
}

export type RecordingStatus = 'linked' | 'suggested' | 'unavailable'

export interface RecordingsTable {
  id: Generated<number>
  event_id: number
  session_id: number
  video_id: string
  status: RecordingStatus
  score: number | null
  source: 'auto' | 'manual'
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

export interface RecordingRejectionsTable {
  event_id: number
  session_id: number
  video_id: string
  created_at: GeneratedTimestamp
}

export interface JobRunsTable {
  id: Generated<number>
  task: string
  event_id: number | null
  status: 'running' | 'succeeded' | 'failed'
  result: ColumnType<unknown, string | null, string | null>
  error: string | null
  started_at: GeneratedTimestamp
  finished_at: Timestamp | null
}

export interface Database {
  users: UsersTable
  auth_sessions: AuthSessionsTable
  api_tokens: ApiTokensTable
  events: EventsTable
  event_organizers: EventOrganizersTable
  rate_limits: RateLimitsTable
  registration_questions: RegistrationQuestionsTable
  registrations: RegistrationsTable
  registration_changes: RegistrationChangesTable
  email_outbox: EmailOutboxTable
  sessions: SessionsTable
  schedule_versions: ScheduleVersionsTable
  published_sessions: PublishedSessionsTable
  session_stars: SessionStarsTable
  notes: NotesTable
  note_revisions: NoteRevisionsTable
  note_updates: NoteUpdatesTable
  youtube_videos: YoutubeVideosTable
  recordings: RecordingsTable
  recording_rejections: RecordingRejectionsTable
  job_runs: JobRunsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type Event = Selectable<EventsTable>
export type NewEvent = Insertable<EventsTable>
export type EventUpdate = Updateable<EventsTable>
export type ApiToken = Selectable<ApiTokensTable>
export type RegistrationQuestion = Selectable<RegistrationQuestionsTable>
export type Registration = Selectable<RegistrationsTable>
export type OutboxEmail = Selectable<EmailOutboxTable>
export type NewOutboxEmail = Insertable<EmailOutboxTable>
export type Session = Selectable<SessionsTable>
export type PublishedSession = Selectable<PublishedSessionsTable>
export type ScheduleVersion = Selectable<ScheduleVersionsTable>
export type NoteRevision = Selectable<NoteRevisionsTable>
export type Note = Selectable<NotesTable>
export type YoutubeVideo = Selectable<YoutubeVideosTable>
export type Recording = Selectable<RecordingsTable>
export type JobRun = Selectable<JobRunsTable>

// --- 0005_job_recovery (declaration merging keeps this file append-only) -------------------------------------

export interface JobRunsTable {
  /** The run's last sign of life; its process refreshes it while it runs (docs/decisions/011). */
  heartbeat_at: GeneratedTimestamp
}

export interface EmailOutboxTable {
  /** The Message-ID header every attempt of this email carries; set at its first claim. */
  message_id: string | null
  /** When the attempt in flight was claimed; null while no attempt is in flight. */
  claimed_at: Timestamp | null
}

/** A running graphile-worker pool (one `npm run worker` process), by graphile-worker's own `locked_by` id. */
export interface JobWorkersTable {
  id: string
  hostname: string
  pid: number
  started_at: GeneratedTimestamp
  heartbeat_at: GeneratedTimestamp
}

export interface Database {
  job_workers: JobWorkersTable
}

export type JobWorker = Selectable<JobWorkersTable>

// --- 0009_topics -------------------------------------------------------------------------------------------------

export type TopicParticipation = 'registrants' | 'anyone'
export type TopicModeration = 'pre' | 'post'
export type TopicKind = 'discussion' | 'working_session' | 'breakout' | 'talk'
export type TopicStatus = 'pending_review' | 'open' | 'accepted' | 'declined' | 'withdrawn' | 'merged'
export type TopicLead = { name: string; project: string | null; moderates: boolean }

export interface TopicSettingsTable {
  event_id: number
  enabled: Generated<boolean>
  proposals_open_at: Timestamp | null
  proposals_close_at: Timestamp | null
  voting_close_at: Timestamp | null
  participation: Generated<TopicParticipation>
  moderation: Generated<TopicModeration>
  counts_visible: Generated<boolean>
  updated_at: GeneratedTimestamp
}

/** Whoever proposes, votes or comments on an event's topics: exactly one of registration, user or guest token. */
export interface TopicParticipantsTable {
  id: Generated<number>
  event_id: number
  registration_id: number | null
  user_id: number | null
  guest_token: string | null
  name: string
  email: string | null
  star_scheduled: Generated<boolean>
  created_at: GeneratedTimestamp
}

export interface TopicsTable {
  id: Generated<number>
  event_id: number
  proposer_id: number
  title: string
  description_md: Generated<string>
  kind: TopicKind
  wanted_minutes: number
  leads: ColumnType<TopicLead[], string | undefined, string>
  projects: Generated<string[]>
  status: Generated<TopicStatus>
  decision_message: string | null
  decided_at: Timestamp | null
  merged_into_id: number | null
  session_id: number | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

export interface TopicVotesTable {
  topic_id: number
  participant_id: number
  created_at: GeneratedTimestamp
}

export interface TopicCommentsTable {
  id: Generated<number>
  topic_id: number
  participant_id: number
  body_md: string
  hidden: Generated<boolean>
  created_at: GeneratedTimestamp
}

export interface Database {
  topic_settings: TopicSettingsTable
  topic_participants: TopicParticipantsTable
  topics: TopicsTable
  topic_votes: TopicVotesTable
  topic_comments: TopicCommentsTable
}

export type TopicSettings = Selectable<TopicSettingsTable>
export type TopicParticipant = Selectable<TopicParticipantsTable>
export type Topic = Selectable<TopicsTable>
export type TopicComment = Selectable<TopicCommentsTable>

// --- 0010_recording_parts ----------------------------------------------------------------------------------------

export type LiveBroadcastContent = 'none' | 'live' | 'upcoming'

export interface RecordingsTable {
  /** 1, 2, … when the session's recording is split over several videos; null for one whole video. */
  part: number | null
  /** Where the session starts and ends in the video (a room stream, a chapter); null: its start, its end. */
  start_seconds: number | null
  end_seconds: number | null
  /** The organizers set the offsets by hand: later runs of the matcher keep them. */
  offsets_by_organizer: Generated<boolean>
  /** For a suggestion: the unavailable video it would replace (a re-upload under a new id). */
  replaces_video_id: string | null
}

export interface YoutubeVideosTable {
  live_broadcast_content: Generated<LiveBroadcastContent>
  actual_start_time: Timestamp | null
  actual_end_time: Timestamp | null
  scheduled_start_time: Timestamp | null
  has_captions: boolean | null
  privacy_status: string | null
  /** When a re-check found it deleted or no longer public; null while it is available. */
  unavailable_since: Timestamp | null
  checked_at: Timestamp | null
}

// --- 0011_session_attachments ------------------------------------------------------------------------------------

export type AttachmentKind = 'file' | 'link'

export interface SessionAttachmentsTable {
  id: Generated<number>
  event_id: number
  session_id: number
  kind: AttachmentKind
  title: string
  file_name: string | null
  content_type: string | null
  size_bytes: number | null
  sha256: string | null
  url: string | null
  alt_text: string | null
  position: Generated<number>
  added_by: string
  created_at: GeneratedTimestamp
}

export interface SessionAttachmentContentsTable {
  attachment_id: number
  content: Uint8Array
}

export interface Database {
  session_attachments: SessionAttachmentsTable
  session_attachment_contents: SessionAttachmentContentsTable
}

export type SessionAttachment = Selectable<SessionAttachmentsTable>
