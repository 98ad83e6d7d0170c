import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { env } from '~/env.server'
import { singleton } from './singleton.server'

/**
 * SESSION_SECRET when set; otherwise one generated on first start and kept in DATA_DIR, so that the embedded
 * default needs no settings yet sessions survive restarts.
 */
export function sessionSecret(): string {
  return singleton('session-secret', () => {
    const { SESSION_SECRET, DATA_DIR } = env()
    if (SESSION_SECRET) return SESSION_SECRET
    if (DATA_DIR.startsWith('memory://')) return randomBytes(32).toString('hex')
    const file = path.join(path.resolve(DATA_DIR), 'session-secret')
    if (existsSync(file)) return readFileSync(file, 'utf8').trim()
    mkdirSync(path.dirname(file), { recursive: true })
    const secret = randomBytes(32).toString('hex')
    writeFileSync(file, `${secret}\n`, { mode: 0o600 })
    return secret
  })
}
