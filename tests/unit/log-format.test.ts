import { describe, expect, it } from 'vitest'
import { formatLogLine } from '~/utils/log-format'
import { wantsBriefLogs } from '~/utils/logger.server'

const at = new Date(2026, 4, 4, 14, 2, 11).getTime()
const request = JSON.stringify({
  level: 30,
  time: at,
  req: { id: 'c0ffee', method: 'GET', path: '/events/domain-stacks-summit' },
  res: { status: 200 },
  responseTime: 12.4,
  msg: 'request completed',
})

describe('the brief console log format', () => {
  it('prints a request as one line: time, method, path, status, duration', () => {
    expect(formatLogLine(request, { colours: false })).toBe('14:02:11 GET /events/domain-stacks-summit 200 12ms\n')
  })

  it('colours the status by its class when asked', () => {
    const failed = request.replace('"status":200', '"status":503')
    expect(formatLogLine(failed, { colours: true })).toContain('\x1b[31m503\x1b[0m')
    expect(formatLogLine(request, { colours: true })).toContain('\x1b[32m200\x1b[0m')
  })

  it('prints other entries with their level, message and extra fields, and an error with its stack', () => {
    const line = JSON.stringify({ level: 40, time: at, msg: 'demo data added', events: 4, signal: 'SIGTERM' })
    expect(formatLogLine(line, { colours: false })).toBe('14:02:11 WARN demo data added events=4 signal=SIGTERM\n')
    const failure = JSON.stringify({
      level: 50,
      time: at,
      msg: 'request failed',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at handler (server.ts:1:1)' },
    })
    expect(formatLogLine(failure, { colours: false })).toBe(
      '14:02:11 ERROR request failed\nError: boom\n    at handler (server.ts:1:1)\n',
    )
  })

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text', { colours: false })).toBe('plain text\n')
  })

  it('is used only at a terminal outside production', () => {
    expect(wantsBriefLogs({ isTTY: true }, 'development')).toBe(true)
    expect(wantsBriefLogs({ isTTY: true }, 'production')).toBe(false)
    expect(wantsBriefLogs({ isTTY: false }, 'development')).toBe(false)
    expect(wantsBriefLogs({}, 'test')).toBe(false)
  })
})
