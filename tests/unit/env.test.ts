import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '~/env.server'

describe('environment', () => {
  it('needs nothing on the embedded default', () => {
    const env = parseEnv({})
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.DATA_DIR).toBe('./data')
    expect(env.PORT).toBe(3000)
  })

  it('names the bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError)
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/)
  })

  it('requires SESSION_SECRET in production on PostgreSQL', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/convene' })).toThrow(/SESSION_SECRET/)
    expect(
      parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/convene', SESSION_SECRET: 's'.repeat(40) }).SESSION_SECRET,
    ).toHaveLength(40)
  })
})
