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
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
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

export interface Database {
  users: UsersTable
  auth_sessions: AuthSessionsTable
  api_tokens: ApiTokensTable
  events: EventsTable
  event_organizers: EventOrganizersTable
  rate_limits: RateLimitsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type Event = Selectable<EventsTable>
export type NewEvent = Insertable<EventsTable>
export type EventUpdate = Updateable<EventsTable>
export type ApiToken = Selectable<ApiTokensTable>
