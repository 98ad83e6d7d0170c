import { describe, expect, it } from 'vitest'
import { uuidV5 } from '~/models/feeds/schedule/uuid-v5'

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'

describe('uuidV5', () => {
  it('gives the RFC 4122 name-based UUID (the same as Python’s uuid.uuid5)', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('depends on the name and the namespace, and only on them', () => {
    const namespace = '4f1a3b6e-2c0d-4d8e-9a57-6b1e0c3f9d21'
    expect(uuidV5('room:a', namespace)).toBe(uuidV5('room:a', namespace))
    expect(uuidV5('room:a', namespace)).not.toBe(uuidV5('room:b', namespace))
    expect(uuidV5('room:a', namespace)).not.toBe(uuidV5('room:a', DNS_NAMESPACE))
    expect(uuidV5('Größe 日本語', namespace)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})
