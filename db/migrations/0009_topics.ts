import { type Kysely, sql } from 'kysely'

// Frozen once released: never change it, add a new migration instead.
// Topics (docs/decisions/019-topics.md): participants propose what the summit works on and approve topics by
// voting; organizers accept, decline, merge and schedule them as sessions.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per event that collects topics: its phases and rules.
  await sql`
    create table topic_settings (
      event_id integer primary key references events (id) on delete cascade,
      -- Turned off, the topic pages are gone; the topics are kept for when it is turned on again.
      enabled boolean not null default true,
      proposals_open_at timestamptz,
      proposals_close_at timestamptz,
      voting_close_at timestamptz,
      -- 'registrants': confirmed registrants through their personal link; 'anyone': anyone with the event's link
      participation text not null default 'registrants' check (participation in ('registrants', 'anyone')),
      -- 'pre': proposals wait for an organizer before they are shown; 'post': shown at once, removed if need be
      moderation text not null default 'post' check (moderation in ('pre', 'post')),
      -- false: vote counts stay hidden until voting closes
      counts_visible boolean not null default true,
      updated_at timestamptz not null default now()
    )
  `.execute(db)

  // Whoever proposes, votes or comments: a registration, an organizer's account, or a guest known by a cookie.
  await sql`
    create table topic_participants (
      id integer generated always as identity primary key,
      event_id integer not null references events (id) on delete cascade,
      registration_id integer unique references registrations (id) on delete cascade,
      user_id integer references users (id) on delete cascade,
      -- A guest's secret, kept in their browser's cookie (events open to anyone with the link).
      guest_token text unique,
      name text not null,
      email text,
      -- Topics they voted for become starred sessions on their agenda when scheduled, unless they turn it off.
      star_scheduled boolean not null default true,
      created_at timestamptz not null default now(),
      unique (event_id, user_id),
      check (num_nonnulls(registration_id, user_id, guest_token) = 1)
    )
  `.execute(db)

  await sql`
    create table topics (
      id integer generated always as identity primary key,
      event_id integer not null references events (id) on delete cascade,
      proposer_id integer not null references topic_participants (id) on delete cascade,
      title text not null,
      description_md text not null default '',
      kind text not null check (kind in ('discussion', 'working_session', 'breakout', 'talk')),
      wanted_minutes integer not null check (wanted_minutes between 10 and 480),
      -- [{ name, project, moderates }]
      leads jsonb not null default '[]',
      projects text[] not null default '{}',
      status text not null default 'open'
        check (status in ('pending_review', 'open', 'accepted', 'declined', 'withdrawn', 'merged')),
      decision_message text,
      decided_at timestamptz,
      merged_into_id integer references topics (id) on delete set null,
      session_id integer unique references sessions (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db)
  await sql`create index topics_event on topics (event_id, status)`.execute(db)

  // Approval voting: the primary key is the one-vote-per-person rule, whatever the concurrency.
  await sql`
    create table topic_votes (
      topic_id integer not null references topics (id) on delete cascade,
      participant_id integer not null references topic_participants (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (topic_id, participant_id)
    )
  `.execute(db)
  await sql`create index topic_votes_participant on topic_votes (participant_id)`.execute(db)

  await sql`
    create table topic_comments (
      id integer generated always as identity primary key,
      topic_id integer not null references topics (id) on delete cascade,
      participant_id integer not null references topic_participants (id) on delete cascade,
      body_md text not null,
      -- Hidden by an organizer (moderation): kept, shown to organizers only.
      hidden boolean not null default false,
      created_at timestamptz not null default now()
    )
  `.execute(db)
  await sql`create index topic_comments_topic on topic_comments (topic_id, created_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table topic_comments`.execute(db)
  await sql`drop table topic_votes`.execute(db)
  await sql`drop table topics`.execute(db)
  await sql`drop table topic_participants`.execute(db)
  await sql`drop table topic_settings`.execute(db)
}
