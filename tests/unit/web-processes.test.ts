import { describe, expect, it } from 'vitest'
import { parseEnv } from '~/env.server'
import { restartDelayMs, webProcessCount } from '../../server/web-processes'

const postgres = 'postgres://db/convene'

describe('WEB_CONCURRENCY', () => {
  it('is a positive whole number, unset or empty meaning the default', () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBeUndefined()
    expect(parseEnv({ WEB_CONCURRENCY: '' }).WEB_CONCURRENCY).toBeUndefined()
    expect(parseEnv({ WEB_CONCURRENCY: '4' }).WEB_CONCURRENCY).toBe(4)
    expect(() => parseEnv({ WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY: must be 1 or more/)
    expect(() => parseEnv({ WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY: must be a whole number/)
    expect(() => parseEnv({ WEB_CONCURRENCY: '1.5' })).toThrow(/WEB_CONCURRENCY: must be a whole number/)
  })

  it('defaults to the CPU count in production on PostgreSQL, to one elsewhere', () => {
    const options = { cpus: 8, dev: false }
    expect(webProcessCount({ NODE_ENV: 'production', DATABASE_URL: postgres }, options)).toEqual({ count: 8 })
    expect(webProcessCount({ NODE_ENV: 'development', DATABASE_URL: postgres }, options)).toEqual({ count: 1 })
    expect(webProcessCount({ NODE_ENV: 'production', DATABASE_URL: undefined }, options)).toEqual({ count: 1 })
    expect(webProcessCount({ NODE_ENV: 'development', DATABASE_URL: postgres, WEB_CONCURRENCY: 3 }, options)).toEqual({
      count: 3,
    })
  })

  it('runs one process on PGlite and under npm run dev, warning when more were asked', () => {
    const pglite = webProcessCount({ NODE_ENV: 'production', WEB_CONCURRENCY: 4 }, { cpus: 8, dev: false })
    expect(pglite.count).toBe(1)
    expect(pglite.warning).toMatch(/^WEB_CONCURRENCY=4 is ignored, running one web process: the embedded PGlite/)
    const dev = webProcessCount(
      { NODE_ENV: 'development', DATABASE_URL: postgres, WEB_CONCURRENCY: 2 },
      {
        cpus: 8,
        dev: true,
      },
    )
    expect(dev).toEqual({ count: 1, warning: expect.stringMatching(/npm run dev runs one process/) })
    expect(webProcessCount({ NODE_ENV: 'development', WEB_CONCURRENCY: 1 }, { cpus: 8, dev: false })).toEqual({
      count: 1,
      warning: undefined,
    })
  })
})

describe('restarting a web process that died', () => {
  it('waits 100 ms the first time, then backs off with each death in the last minute, up to 30 s', () => {
    const now = 1_000_000
    expect(restartDelayMs([now], now)).toBe(100)
    expect(restartDelayMs([now - 2000, now - 1000, now], now)).toBe(400)
    expect(
      restartDelayMs(
        Array.from({ length: 20 }, (_, i) => now - i),
        now,
      ),
    ).toBe(30_000)
    // Deaths longer ago than a minute are forgiven.
    expect(restartDelayMs([now - 120_000, now - 90_000, now], now)).toBe(100)
  })
})
