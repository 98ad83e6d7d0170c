import { describe, expect, it } from 'vitest'
import * as healthz from '~/routes/healthz'
import { callRoute, getRequest } from '../support/routes'

describe('/healthz', () => {
  it('answers ok when the database answers', async () => {
    const result = await callRoute(healthz.loader, getRequest('/healthz'))
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ status: 'ok', database: 'ok' })
    expect(result.headers.get('cache-control')).toBe('no-store')
  })
})
