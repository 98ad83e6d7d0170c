import { randomBytes } from 'node:crypto'
import type { Event, Registration, TopicParticipant } from '#db/schema'
import { ensureParticipant, type TopicActor } from '~/models/topics/participants.server'
import { TopicProposalSchema, TopicSettingsSchema, type TopicProposalInput } from '~/models/topics/topic-schema'
import { saveTopicSettings } from '~/models/topics/topics.server'
import { registrationSchema } from '~/models/registration/schema'
import { registerForEvent } from '~/models/registration/seats.server'
import { rememberAttendee } from '~/utils/attendee.server'
import { rememberTopicGuest } from '~/utils/topic-guest.server'
import { db } from '~/utils/db.server'

// Shared set-up for the topics tests: an event collecting topics, its registrants and participants, proposals
// as the form would send them, and the cookies by which the access layer knows who is asking.

const HOUR = 60 * 60 * 1000

/** Topic settings as the organizers' form sends them; by default open since an hour, for a week, counts shown. */
export function topicSettingsInput(overrides: Record<string, unknown> = {}) {
  const now = Date.now()
  return TopicSettingsSchema.parse({
    enabled: true,
    proposalsOpenAt: new Date(now - HOUR).toISOString(),
    proposalsCloseAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    votingCloseAt: new Date(now + 14 * 24 * HOUR).toISOString(),
    participation: 'registrants',
    moderation: 'post',
    countsVisible: true,
    ...overrides,
  })
}

/** Turns topics on for the event, with `overrides` of topicSettingsInput's defaults. */
export async function collectTopics(event: Event, overrides: Record<string, unknown> = {}) {
  return saveTopicSettings(event, topicSettingsInput(overrides))
}

let people = 0

/** A registration through the model, as the registration form makes it (confirmed while seats last). */
export async function register(event: Event, name?: string): Promise<Registration> {
  people += 1
  const input = registrationSchema({ locationKind: event.location_kind }, []).parse({
    name: name ?? `Topic Person ${people}`,
    email: `topic-person-${people}-${randomBytes(3).toString('hex')}@example.org`,
  })
  return (await registerForEvent(event.id, input)).registration
}

/** `count` confirmed registrations written in one statement: set-up for crowds, not a test of registering. */
export async function insertConfirmedRegistrations(eventId: number, count: number): Promise<Registration[]> {
  const rows = Array.from({ length: count }, (_, i) => {
    const email = `crowd-${eventId}-${i}@example.org`
    return {
      event_id: eventId,
      manage_token: randomBytes(18).toString('base64url'),
      name: `Crowd ${i}`,
      email,
      email_normalized: email,
      attendance_mode: 'in_person' as const,
      status: 'confirmed' as const,
    }
  })
  return db.insertInto('registrations').values(rows).returningAll().execute()
}

export function registrantActor(registration: Registration): TopicActor {
  const { id, name, email } = registration
  return { kind: 'registrant', eventId: registration.event_id, registration: { id, name, email } }
}

/** The registration's participant row, as its first vote or proposal makes it. */
export async function participantOf(registration: Registration): Promise<TopicParticipant> {
  return ensureParticipant(registrantActor(registration))
}

/** A proposal as the form sends it, through the one schema; the proposer leads it unless told otherwise. */
export function proposal(overrides: Record<string, unknown> = {}): TopicProposalInput {
  return TopicProposalSchema.parse({
    title: 'Array API adoption',
    description: 'Where the *Array API* stands across the core projects.',
    kind: 'discussion',
    wantedMinutes: 60,
    projects: ['NumPy'],
    iLead: true,
    leadProject: 'NumPy',
    ...overrides,
  })
}

/** The attendee cookie a browser keeps once the registration's personal link was opened in it. */
export async function attendeeCookie(registration: Registration): Promise<string> {
  const header = await rememberAttendee(
    new Request('http://localhost/'),
    registration.event_id,
    registration.manage_token,
  )
  return header!.split(';')[0]!
}

/** The cookie a guest's browser keeps for an event open to anyone with its link. */
export async function guestCookie(eventId: number, participant: TopicParticipant): Promise<string> {
  const header = await rememberTopicGuest(new Request('http://localhost/'), eventId, participant.guest_token!)
  return header!.split(';')[0]!
}

/** The votes stored for a topic, by participant. */
export async function votersOf(topicId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('topic_votes')
    .select('participant_id')
    .where('topic_id', '=', topicId)
    .orderBy('participant_id')
    .execute()
  return rows.map((r) => r.participant_id)
}
