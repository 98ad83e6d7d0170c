/**
 * Every refusal a model can give, by what it means. Models throw a `DomainError` subclass with one of these
 * codes and no HTTP; `statusFor` (app/utils/action.server.ts) is the one place that turns a code into a status,
 * so "not found" is a 404 whichever domain says it, and a bad URL is a 400, never a 404.
 */
export type DomainErrorCode =
  /** The thing asked for does not exist (or is not visible to the asker). */
  | 'not_found'
  /** Registration is not open (not yet, or no longer). */
  | 'closed'
  /** No seat of the kind asked for is free. */
  | 'no_seat'
  /** The change is not allowed from the registration's current state. */
  | 'invalid_change'
  /** A published session cannot be deleted, only cancelled. */
  | 'published'
  /** A recording suggestion that is no longer there. */
  | 'not_suggested'
  /** Not the address of a YouTube video. */
  | 'invalid_url'
  /** The editor's base revision of the notes does not exist. */
  | 'bad_base'
  /** No such revision of the notes. */
  | 'no_revision'
  /** The notes are locked read-only. */
  | 'locked'
  /** The event's address is already taken. */
  | 'slug_taken'
  /** No Convene account has this email. */
  | 'unknown_account'
  /** An event keeps at least one organizer. */
  | 'last_organizer'
  /** The asker may not do this (not a confirmed registrant, not the proposer, not an organizer). */
  | 'not_allowed'
  /** A file whose content is of a type that is not accepted (a program renamed to .pdf). */
  | 'unsupported_type'
  /** A file over the size limit. */
  | 'too_large'
  /** Something the input needs that only its content shows is missing (an image's alt text). */
  | 'incomplete'

/**
 * A refusal by a model, with a message meant for the person who asked. Domains narrow the codes they use:
 * `class RegistrationError extends DomainError<'closed' | 'no_seat'> {}`.
 */
export class DomainError<Code extends DomainErrorCode = DomainErrorCode> extends Error {
  constructor(
    message: string,
    readonly code: Code,
    /** The input field the refusal is about, when it is one (a time that does not exist): shown by it, as a 400. */
    readonly field?: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}
