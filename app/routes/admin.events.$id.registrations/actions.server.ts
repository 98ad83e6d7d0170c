import { z } from 'zod'
import { setCheckedIn } from '~/models/registration/check-in.server'
import { decideRegistrations, setRegistrationStatus } from '~/models/registration/seats.server'
import type { PublicUser } from '~/models/users/user.server'
import { plural } from '~/utils/format'
import { text } from '~/utils/text'
import { STATUS_LABELS, STATUSES } from './view-model'

/** The page's forms: one member per button. */
export const RegistrationsActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('status'),
    registrationId: z.number().int().positive(),
    to: z.enum([...STATUSES, 'approved'], { error: 'Choose a status' }),
    reason: text().trim().max(500, 'Keep the reason under 500 characters').optional(),
  }),
  z.object({
    intent: z.literal('bulk'),
    decision: z.enum(['approved', 'declined'], { error: 'Choose Approve or Decline' }),
    ids: z
      .array(z.number().int().positive(), { error: 'Tick the registrations to decide on' })
      .min(1, 'Tick the registrations to decide on')
      .max(500, 'Decide on at most 500 registrations at once'),
  }),
  z.object({
    intent: z.literal('check-in'),
    registrationId: z.number().int().positive(),
    checkedIn: z.boolean().default(false),
  }),
])

type Intent<Name> = Extract<z.output<typeof RegistrationsActionSchema>, { intent: Name }>

/** Approve, decline, move or cancel; freed seats go to the waiting list, and the page says how many. */
export async function changeStatus(eventId: number, user: PublicUser, value: Intent<'status'>) {
  const { registration, promoted } = await setRegistrationStatus(value.registrationId, eventId, value.to, {
    actor: user.name,
    reason: value.reason,
  })
  const moved = promoted.length ? ` ${promoted.length} from the waiting list confirmed.` : ''
  return { ok: true, message: `${registration.name}: ${STATUS_LABELS[registration.status]}.${moved}` }
}

/** Approves or declines the ticked pending registrations, all at once or none (see decideRegistrations). */
export async function decideInBulk(eventId: number, user: PublicUser, value: Intent<'bulk'>) {
  const changed = await decideRegistrations(eventId, value.ids, value.decision, { actor: user.name })
  const names = (status: string) =>
    changed
      .filter((r) => r.status === status)
      .map((r) => r.name)
      .join(', ')
  const parts =
    value.decision === 'declined'
      ? [`${plural(changed.length, 'registration')} declined: ${names('declined')}.`]
      : [
          changed.some((r) => r.status === 'confirmed') ? `Approved and confirmed: ${names('confirmed')}.` : '',
          changed.some((r) => r.status === 'waitlisted')
            ? `Approved, on the waiting list for lack of a seat: ${names('waitlisted')}.`
            : '',
        ]
  return { ok: true, message: `${parts.filter(Boolean).join(' ')} Each was emailed.` }
}

export async function checkIn(eventId: number, value: Intent<'check-in'>) {
  await setCheckedIn(value.registrationId, eventId, value.checkedIn)
  return { ok: true, message: value.checkedIn ? 'Checked in.' : 'Check-in undone.' }
}
