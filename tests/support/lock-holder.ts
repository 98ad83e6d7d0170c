/**
 * A process that takes the embedded database's lock on the folder in argv[2], says `locked <pid>` on stdout and
 * then holds it until it is killed: what a running Convene server looks like to the lock.
 */
import { lockEmbeddedDatabase } from '../../server/embedded-lock'

await lockEmbeddedDatabase(process.argv[2] ?? '', 'the lock holder')
process.stdout.write(`locked ${process.pid}\n`)
// Stays alive (as a server would) until a signal ends it.
setInterval(() => {}, 60_000)
