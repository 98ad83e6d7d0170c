import { describe, expect, it } from 'vitest'
import { parseEnv } from '~/env.server'

describe('YouTube settings', () => {
  it('are optional', () => {
    const env = parseEnv({ YOUTUBE_API_KEY: '' })
    expect(env.YOUTUBE_API_KEY).toBeUndefined()
    expect(env.YOUTUBE_API_ROOT_URL).toBeUndefined()
  })

  it('take a key and an absolute root URL', () => {
    const env = parseEnv({ YOUTUBE_API_KEY: 'AIza-test', YOUTUBE_API_ROOT_URL: 'http://127.0.0.1:8123/' })
    expect(env.YOUTUBE_API_KEY).toBe('AIza-test')
    expect(env.YOUTUBE_API_ROOT_URL).toBe('http://127.0.0.1:8123/')
    expect(() => parseEnv({ YOUTUBE_API_ROOT_URL: 'not a url' })).toThrow(
      /YOUTUBE_API_ROOT_URL: must be an absolute URL/,
    )
  })
})
