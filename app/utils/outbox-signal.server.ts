import { EventEmitter } from 'node:events'
import { singleton } from './singleton.server'

/**
 * In-process nudge: lets the email sender start right after a request queues mail instead of waiting for its
 * next tick. Purely an optimisation; the sender also polls, so a missed nudge delays nothing for long.
 */
class OutboxSignal extends EventEmitter {
  queued() {
    // Deferred so a listener runs after the queuing transaction has had the chance to commit.
    setImmediate(() => this.emit('queued'))
  }
}

export const outboxSignal = singleton('outbox-signal', () => new OutboxSignal())
