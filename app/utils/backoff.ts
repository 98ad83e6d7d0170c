/**
 * How long to wait before retry number `attempt` (0 first): doubling from `firstMs` up to `maxMs`, half of it
 * fixed and half random, so that many clients cut off at once (a restart, a lost database) do not all come back
 * at the same moment. Used by the server's LISTEN connection and the browser's live notes socket.
 */
export function backoffDelayMs(
  attempt: number,
  { firstMs, maxMs }: { firstMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
