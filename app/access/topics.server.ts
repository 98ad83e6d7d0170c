import type { Params } from '@remix-run/react'
import type { TopicParticipant, TopicSettings } from '#db/schema'
import { getPublicEventBySlug, type PublicEvent } from '~/models/events/event.server'
import { getRegistrationByToken } from '~/models/registration/registrations.server'
import {
  ensureParticipant,
  findGuestParticipant,
  findParticipant,
  type TopicActor,
} from '~/models/topics/participants.server'
import { topicPhase, type TopicPhase } from '~/models/topics/phases'
import { getTopic, getTopicSettings, type TopicDetail, type TopicReader } from '~/models/topics/topics.server'
import { getUserByApiToken } from '~/models/users/api-token.server'
import { apiError } from '~/utils/api.server'
import { topicGuestTokenFor } from '~/utils/topic-guest.server'
import { attendeeInThisBrowser } from './attendee.server'
import { canManageEvent, getOptionalUser } from './user.server'
import type { PublicUser } from '~/models/users/user.server'

/** Who is looking at an event's topics, and what they may do there. */
export type TopicsContext = {
  event: PublicEvent
  settings: TopicSettings
  phase: TopicPhase
  /** An organizer of the event (or an admin): sees every topic and count, decides, moderates. */
  organizer: boolean
  /** Who they take part as; null when they may only read. */
  actor: TopicActor | null
  /** Their participant row, if they took part before. */
  participant: TopicParticipant | null
  reader: TopicReader
  /** Why they may not propose, vote or comment, in words for the page; null when they may. */
  notAllowedReason: string | null
  /** The event is open to anyone with its link and they have not said who they are yet: offer the name form. */
  mayJoinAsGuest: boolean
}

export const REGISTRANTS_ONLY =
  'Only confirmed registrants can propose and vote. Registered? Open the personal link from your registration email in this browser first.'
export const SAY_WHO_YOU_ARE = 'Tell us your name first: then you can propose topics and vote.'

function notFound(message: string, api: boolean): Response {
  return api
    ? apiError(404, message)
    : new Response(message, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

async function settingsOrNotFound(event: PublicEvent, api: boolean): Promise<TopicSettings> {
  const settings = await getTopicSettings(event.id)
  if (!settings?.enabled) throw notFound('This event does not collect topics.', api)
  return settings
}

/** Who the visitor takes part as, or why they only read. */
type Participation =
  | { actor: TopicActor; organizer: boolean }
  | { actor: null; notAllowedReason: string; mayJoinAsGuest?: boolean }

async function contextFor(event: PublicEvent, settings: TopicSettings, who: Participation): Promise<TopicsContext> {
  const participant = who.actor ? (await findParticipant(who.actor)) ?? null : null
  const organizer = who.actor ? who.organizer : false
  return {
    event,
    settings,
    phase: topicPhase(settings),
    organizer,
    actor: who.actor,
    participant,
    reader: { participantId: participant?.id ?? null, organizer },
    notAllowedReason: who.actor ? null : who.notAllowedReason,
    mayJoinAsGuest: who.actor ? false : Boolean(who.mayJoinAsGuest),
  }
}

const asOrganizer = (eventId: number, user: PublicUser): Participation => ({
  actor: { kind: 'organizer', eventId, user },
  organizer: true,
})

const asRegistrant = (eventId: number, r: { id: number; name: string; email: string }): Participation => ({
  actor: { kind: 'registrant', eventId, registration: { id: r.id, name: r.name, email: r.email } },
  organizer: false,
})

/** A registration may take part when confirmed, or, on events open to anyone, when still active at all. */
function registrationMayTakePart(status: string, settings: TopicSettings): boolean {
  if (status === 'confirmed') return true
  return settings.participation === 'anyone' && (status === 'pending' || status === 'waitlisted')
}

/**
 * The published event named by `params.slug`, if it collects topics, and who the visitor is there: an organizer
 * signed in, the registrant whose personal link was opened in this browser, or a guest known by their cookie.
 * Every topic page's loader and action starts here.
 */
export async function requireTopicsEvent(request: Request, params: Params): Promise<TopicsContext> {
  const event = await getPublicEventBySlug(params.slug ?? '')
  if (!event) throw notFound('There is no published event at this address.', false)
  const settings = await settingsOrNotFound(event, false)
  const user = await getOptionalUser(request)
  if (user && (await canManageEvent(user, event.id))) {
    return contextFor(event, settings, asOrganizer(event.id, user))
  }
  const attendee = await attendeeInThisBrowser(request, event.id)
  if (attendee && registrationMayTakePart(attendee.registration.status, settings)) {
    return contextFor(event, settings, asRegistrant(event.id, attendee.registration))
  }
  if (settings.participation === 'anyone') {
    const token = await topicGuestTokenFor(request, event.id)
    const guest = token ? await findGuestParticipant(event.id, token) : undefined
    if (guest)
      return contextFor(event, settings, {
        actor: { kind: 'guest', eventId: event.id, participant: guest },
        organizer: false,
      })
    return contextFor(event, settings, { actor: null, notAllowedReason: SAY_WHO_YOU_ARE, mayJoinAsGuest: true })
  }
  // A registrant who opened their link but is not (yet) confirmed is told why, not sent to open it again.
  const reason = attendee ? notConfirmed(attendee.registration.status) : REGISTRANTS_ONLY
  return contextFor(event, settings, { actor: null, notAllowedReason: reason })
}

function notConfirmed(status: string): string {
  return `Only confirmed registrants can propose and vote; your registration is ${
    status === 'pending' ? 'waiting for approval' : status
  }.`
}

/** The context with the visitor's participant row (made on first use); 403 with the reason for anyone else. */
export async function requireTopicParticipant(
  context: TopicsContext,
  options: { api?: boolean } = {},
): Promise<TopicsContext & { actor: TopicActor; participant: TopicParticipant }> {
  if (!context.actor) {
    const reason = context.notAllowedReason ?? REGISTRANTS_ONLY
    throw options.api ? apiError(403, reason) : new Response(reason, { status: 403 })
  }
  const participant = context.participant ?? (await ensureParticipant(context.actor))
  return { ...context, actor: context.actor, participant, reader: { ...context.reader, participantId: participant.id } }
}

/** The context again, or 403 unless the visitor organizes the event (decisions, moderation). */
export function requireTopicsOrganizer<C extends TopicsContext>(context: C, options: { api?: boolean } = {}): C {
  if (!context.organizer) {
    const reason = 'Only the organizers of this event can do this.'
    throw options.api ? apiError(403, reason) : new Response(reason, { status: 403 })
  }
  return context
}

/** The topic named by `params.topicId`, as this visitor may see it; 404 otherwise (pending ones included). */
export async function requireTopic(
  context: TopicsContext,
  params: Params,
  options: { api?: boolean } = {},
): Promise<TopicDetail> {
  const topic = await getTopic(context.event.id, Number(params.topicId), context.settings, context.reader)
  if (!topic) throw notFound('There is no such topic.', Boolean(options.api))
  return topic
}

/**
 * The topics API's guard: the published event if it collects topics, and who the bearer token says the caller
 * is: an organizer's API token, or the personal-link token of a registration for this event. Without a token the
 * caller may only read. A token that is neither is a 401, never a silent read-only.
 */
export async function requireApiTopicsEvent(request: Request, params: Params): Promise<TopicsContext> {
  const header = request.headers.get('authorization')
  const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined
  if (header && !token) throw apiError(401, 'Send a token as "Authorization: Bearer <token>".')
  const event = await getPublicEventBySlug(params.slug ?? '')
  // Topics are public pages of a published event: a draft's slug answers as an unknown one.
  if (!event) throw apiError(404, 'No published event has this slug.')
  const settings = await settingsOrNotFound(event, true)
  if (!token) return contextFor(event, settings, { actor: null, notAllowedReason: REGISTRANTS_ONLY })
  const user = await getUserByApiToken(token)
  if (user) {
    if (await canManageEvent(user, event.id)) return contextFor(event, settings, asOrganizer(event.id, user))
    throw apiError(403, 'This API token belongs to someone who does not organize this event.')
  }
  const found = await getRegistrationByToken(token)
  if (!found || found.event.id !== event.id)
    throw apiError(401, 'This token is neither an API token nor a personal link of this event.')
  if (!registrationMayTakePart(found.registration.status, settings))
    return contextFor(event, settings, { actor: null, notAllowedReason: notConfirmed(found.registration.status) })
  return contextFor(event, settings, asRegistrant(event.id, found.registration))
}

/**
 * Reading needs no token, but proposing, voting and deciding do: without one the answer is 401 (send a token),
 * not the 403 a known caller without the right gets.
 */
export function requireBearerSent(request: Request): void {
  if (!request.headers.has('authorization'))
    throw apiError(401, 'Send your personal-link token or an organizer API token as "Authorization: Bearer <token>".')
}
