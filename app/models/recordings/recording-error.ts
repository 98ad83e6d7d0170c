import { DomainError } from '~/utils/domain-error'

/** A refusal of the recordings domain; `statusFor` gives its HTTP status. */
export class RecordingError extends DomainError<'not_found' | 'invalid_url' | 'not_suggested' | 'invalid_change'> {}
