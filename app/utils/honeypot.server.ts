import { Honeypot, SpamError } from 'remix-utils/honeypot/server'
import { singleton } from './singleton.server'

/**
 * A field people never see (so never fill) but form-filling bots do. The API takes the same field name in JSON.
 */
export const HONEYPOT_FIELD = 'website'

const honeypot = singleton('honeypot', () => new Honeypot({ nameFieldName: HONEYPOT_FIELD, validFromFieldName: null }))

export function honeypotInputProps() {
  return honeypot.getInputProps()
}

/** True when the submission looks automated. */
export function isSpam(formData: FormData): boolean {
  try {
    honeypot.check(formData)
    return false
  } catch (error) {
    if (error instanceof SpamError) return true
    throw error
  }
}
