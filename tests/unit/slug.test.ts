import { describe, expect, it } from 'vitest'
import { slugify } from '~/utils/slug'

describe('slugify', () => {
  it('drops accents and writes ß as ss', () => {
    expect(slugify('Café Müller')).toBe('cafe-muller')
    expect(slugify('Ångström, Ñandú, crème brûlée')).toBe('angstrom-nandu-creme-brulee')
    expect(slugify('Straße')).toBe('strasse')
    expect(slugify('GROẞE')).toBe('grosse')
  })

  it('joins words with single dashes, whatever separates them', () => {
    expect(slugify('Array API: dispatching & <backends>!')).toBe('array-api-dispatching-backends')
    expect(slugify('  lots   of\tspace\n ')).toBe('lots-of-space')
    expect(slugify('--already-a-slug--')).toBe('already-a-slug')
    expect(slugify('NumPy 2.0 — what’s new?')).toBe('numpy-2-0-what-s-new')
  })

  it('gives an empty slug for empty input or input without Latin letters or digits', () => {
    expect(slugify('')).toBe('')
    expect(slugify('   ')).toBe('')
    expect(slugify(' -- !? ')).toBe('')
    expect(slugify('日本語 🎉')).toBe('')
  })

  it('keeps long input whole: callers that need a limit cut it themselves', () => {
    const long = 'Word '.repeat(200)
    const slug = slugify(long)
    expect(slug).toBe(Array(200).fill('word').join('-'))
    expect(slug).toHaveLength(200 * 5 - 1)
  })
})
