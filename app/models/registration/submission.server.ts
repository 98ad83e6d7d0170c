import type { RegistrationInput } from './schema'
import { registerForEvent, RegistrationError, type RegisterResult } from './registration.server'

export type RegistrationOutcome =
  | { kind: 'registered'; result: RegisterResult }
  | { kind: 'already-registered'; result: RegisterResult }
  | { kind: 'closed'; message: string }

/** Registers and names the outcome the form and the API both report. */
export async function submitRegistration(eventId: number, input: RegistrationInput): Promise<RegistrationOutcome> {
  try {
    const result = await registerForEvent(eventId, input)
    return { kind: result.created ? 'registered' : 'already-registered', result }
  } catch (error) {
    if (error instanceof RegistrationError && error.code === 'closed') return { kind: 'closed', message: error.message }
    throw error
  }
}
