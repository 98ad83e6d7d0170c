import type { RegistrationInput } from './schema'
import { RegistrationError } from './error'
import { registerForEvent, type RegisterResult } from './seats.server'

export type RegistrationOutcome =
  | { kind: 'registered'; result: RegisterResult }
  | { kind: 'already-registered'; result: RegisterResult }
  | { kind: 'closed'; message: string }

/** Registers and names the outcome the public API reports (the form answers refusals as domain errors). */
export async function submitRegistration(eventId: number, input: RegistrationInput): Promise<RegistrationOutcome> {
  try {
    const result = await registerForEvent(eventId, input)
    return { kind: result.created ? 'registered' : 'already-registered', result }
  } catch (error) {
    if (error instanceof RegistrationError && error.code === 'closed') return { kind: 'closed', message: error.message }
    throw error
  }
}
