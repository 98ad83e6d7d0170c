import { z } from 'zod'
import { regenerateFeedToken } from '~/models/agenda/stars.server'
import type { ManagedRegistration } from '~/models/registration/registrations.server'
import {
  registrationChangeSchema,
  type QuestionDefinition,
  type RegistrationChange,
} from '~/models/registration/schema'
import { cancelRegistration, updateOwnRegistration } from '~/models/registration/seats.server'

const CANCEL_UNCONFIRMED = 'Tick the box to confirm that you give up your place.'

/** The page's three forms: change the details, cancel, get a new feed address. */
export function manageActionSchema(event: ManagedRegistration['event'], questions: QuestionDefinition[]) {
  return z.discriminatedUnion('intent', [
    registrationChangeSchema({ locationKind: event.location_kind }, questions),
    z.object({ intent: z.literal('cancel'), confirm: z.literal('yes', { error: CANCEL_UNCONFIRMED }) }),
    z.object({ intent: z.literal('new-feed-link') }),
  ])
}

/** What a form of the page answers when it worked. */
export type Saved = { intent: 'update' | 'cancel' | 'new-feed-link'; saved: true }

/** The email identifies the registration and is not changed here. */
export async function saveDetails(registrationId: number, change: RegistrationChange): Promise<Saved> {
  await updateOwnRegistration(registrationId, change)
  return { intent: 'update', saved: true }
}

export async function cancel(registrationId: number): Promise<Saved> {
  await cancelRegistration(registrationId, { actor: 'attendee' })
  return { intent: 'cancel', saved: true }
}

/** The old feed address stops working at once. */
export async function newFeedLink(registrationId: number): Promise<Saved> {
  await regenerateFeedToken(registrationId)
  return { intent: 'new-feed-link', saved: true }
}
