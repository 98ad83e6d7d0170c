import type { Params } from '@remix-run/react'
import type { PublishedSession } from '#db/schema'
import { getPublishedSession } from '~/models/agenda/schedule.server'
import { getPublicEventBySlug, type PublicEvent } from '~/models/events/event.server'

/**
 * The published event named by `params.slug`. Drafts, unknown slugs and malformed ones all answer the same 404,
 * so a draft's existence is never revealed. Every public page and feed of an event starts here.
 */
export async function requirePublicEvent(params: Params): Promise<PublicEvent> {
  const event = await getPublicEventBySlug(params.slug ?? '')
  if (!event) throw notFound('There is no published event at this address.')
  return event
}

function notFound(message: string): Response {
  return new Response(message, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

/** The published event and its session named by `params.sessionId` on the published agenda; 404 otherwise. */
export async function requirePublishedSession(
  params: Params,
): Promise<{ event: PublicEvent; session: PublishedSession }> {
  const event = await requirePublicEvent(params)
  const sessionId = Number(params.sessionId)
  const session = Number.isSafeInteger(sessionId) ? await getPublishedSession(event.id, sessionId) : undefined
  if (!session) throw notFound('There is no such session on the published agenda.')
  return { event, session }
}
