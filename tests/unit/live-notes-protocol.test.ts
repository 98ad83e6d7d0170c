import { describe, expect, it } from 'vitest'
import { colorForName, reconnectDelayMs } from '~/models/notes/live-protocol'
import { closeReason } from '../../server/live-notes/rooms'

describe('live notes protocol', () => {
  it('cuts a close reason to the 123 bytes a WebSocket allows, never inside a character', () => {
    expect(closeReason('Too many changes at once.')).toBe('Too many changes at once.')
    const long = `${'é'.repeat(80)}`
    const cut = closeReason(long)
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(123)
    expect(cut).toMatch(/^é+…$/)
    expect(Buffer.byteLength(closeReason('x'.repeat(500)), 'utf8')).toBeLessThanOrEqual(123)
  })

  it('reconnects after 250–500 ms at first, then longer, up to 30 s (app/utils/backoff.ts)', () => {
    expect([reconnectDelayMs(0, () => 0), reconnectDelayMs(0, () => 1)]).toEqual([250, 500])
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000)
  })

  it('gives a name the same cursor colour every time', () => {
    expect(colorForName('Ada Lovelace')).toEqual(colorForName('Ada Lovelace'))
    expect(colorForName('Ada Lovelace').color).toMatch(/^#[0-9a-f]{6}$/)
  })
})
