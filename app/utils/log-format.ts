/**
 * The console's brief log format for a person at a terminal — pure: one pino JSON line in, one short line out
 * (`14:02:11 GET /events/x 200 12ms` for a request). Machines (a pipe, a log collector, production) get pino's
 * JSON unchanged; see logger.server.ts.
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }

const ANSI = { dim: '2', red: '31', green: '32', yellow: '33', cyan: '36', magenta: '35' } as const
type Colour = keyof typeof ANSI

/** Fields every line has, or that the request line already shows. */
const SHOWN = new Set(['level', 'time', 'msg', 'req', 'res', 'responseTime', 'err', 'pid', 'hostname'])

function statusColour(status: number): Colour {
  if (status >= 500) return 'red'
  if (status >= 400) return 'yellow'
  if (status >= 300) return 'cyan'
  return 'green'
}

function levelColour(level: number): Colour {
  if (level >= 50) return 'red'
  if (level >= 40) return 'yellow'
  if (level >= 30) return 'green'
  return 'magenta'
}

function clockTime(time: unknown): string {
  const date = typeof time === 'number' || typeof time === 'string' ? new Date(time) : new Date()
  return Number.isNaN(date.getTime()) ? '' : date.toTimeString().slice(0, 8)
}

function brief(value: unknown): string {
  return typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)
}

export function formatLogLine(jsonLine: string, { colours }: { colours: boolean }): string {
  const paint = (colour: Colour, text: string) => (colours ? `\x1b[${ANSI[colour]}m${text}\x1b[0m` : text)
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`
  }
  const level = typeof entry.level === 'number' ? entry.level : 30
  const parts = [paint('dim', clockTime(entry.time))]
  const req = entry.req as { method?: string; path?: string; id?: string } | undefined
  const res = entry.res as { status?: number } | undefined
  if (req?.method && res?.status !== undefined) {
    parts.push(req.method, req.path ?? '', paint(statusColour(res.status), String(res.status)))
    if (typeof entry.responseTime === 'number') parts.push(paint('dim', `${Math.round(entry.responseTime)}ms`))
  } else {
    parts.push(paint(levelColour(level), LEVELS[level] ?? String(level)))
    if (typeof entry.msg === 'string') parts.push(entry.msg)
    if (req?.method) parts.push(`${req.method} ${req.path ?? ''}`)
  }
  for (const [key, value] of Object.entries(entry)) {
    if (!SHOWN.has(key) && value !== undefined) parts.push(paint('dim', `${key}=${brief(value)}`))
  }
  let line = parts.filter(Boolean).join(' ')
  const err = entry.err as { message?: string; stack?: string } | undefined
  if (err) line += `\n${paint('red', err.stack ?? err.message ?? JSON.stringify(err))}`
  return `${line}\n`
}
