import { randomBytes } from 'node:crypto'
import type { TopicParticipant } from '#db/schema'
import { db, type Kysely, type Transaction } from '~/utils/db.server'
import type { Database } from '#db/schema'

type Executor = Kysely<Database> | Transaction<Database>

/**
 * Who is taking part in an event's topics, as the access layer found them: a registrant (their personal link),
 * an organizer (signed in), or a guest (their cookie, on events open to anyone with the link). Participant rows
 * are made on the first proposal, vote or comment, never for just looking.
 */
export type TopicActor =
  | { kind: 'registrant'; eventId: number; registration: { id: number; name: string; email: string } }
  | { kind: 'organizer'; eventId: number; user: { id: number; name: string; email: string } }
  | { kind: 'guest'; eventId: number; participant: TopicParticipant }

/** The actor's participant row, if they have taken part before (for "you voted" marks). */
export async function findParticipant(
  actor: TopicActor,
  executor: Executor = db,
): Promise<TopicParticipant | undefined> {
  if (actor.kind === 'guest') return actor.participant
  const query = executor.selectFrom('topic_participants').selectAll()
  return actor.kind === 'registrant'
    ? query.where('registration_id', '=', actor.registration.id).executeTakeFirst()
    : query.where('event_id', '=', actor.eventId).where('user_id', '=', actor.user.id).executeTakeFirst()
}

/** The actor's participant row, made on first use (concurrent first uses end with one row). */
export async function ensureParticipant(actor: TopicActor, executor: Executor = db): Promise<TopicParticipant> {
  if (actor.kind === 'guest') return actor.participant
  if (actor.kind === 'registrant') {
    return executor
      .insertInto('topic_participants')
      .values({
        event_id: actor.eventId,
        registration_id: actor.registration.id,
        name: actor.registration.name,
        email: actor.registration.email,
      })
      .onConflict((oc) =>
        oc
          .column('registration_id')
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), email: eb.ref('excluded.email') })),
      )
      .returningAll()
      .executeTakeFirstOrThrow()
  }
  return executor
    .insertInto('topic_participants')
    .values({ event_id: actor.eventId, user_id: actor.user.id, name: actor.user.name, email: actor.user.email })
    .onConflict((oc) =>
      oc
        .columns(['event_id', 'user_id'])
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), email: eb.ref('excluded.email') })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** A guest joining an event open to anyone with its link: their row and the secret their cookie keeps. */
export async function createGuestParticipant(
  eventId: number,
  guest: { name: string; email: string | null },
): Promise<TopicParticipant> {
  return db
    .insertInto('topic_participants')
    .values({
      event_id: eventId,
      guest_token: randomBytes(24).toString('base64url'),
      name: guest.name,
      email: guest.email,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findGuestParticipant(eventId: number, token: string): Promise<TopicParticipant | undefined> {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined
  return db
    .selectFrom('topic_participants')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('guest_token', '=', token)
    .executeTakeFirst()
}

/** Whether topics this person voted for become starred sessions when they are scheduled. */
export async function setStarScheduled(participantId: number, starScheduled: boolean): Promise<void> {
  await db
    .updateTable('topic_participants')
    .set({ star_scheduled: starScheduled })
    .where('id', '=', participantId)
    .execute()
}
