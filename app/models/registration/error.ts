import { DomainError } from '~/utils/domain-error'

/** A refusal by the registration domain; `statusFor` (app/utils/action.server.ts) turns its code into a status. */
export class RegistrationError extends DomainError<'closed' | 'no_seat' | 'not_found' | 'invalid_change'> {}
